"""A realistic identity population for ``contracts sample --users N``.

People have one to three devices; each device carries an anon_id that rotates now and then
(cookies cleared, app reinstalled) and a session that lasts a visit; seven in ten people have
an account and are logged in on most of their events, which links their anon_ids and
sessions to their user_id; one device in twenty is shared with another person (the family
computer), which the stitch's over-merge guard must catch. Everything comes from the
sampler's seeded ``random.Random``, so ``--seed`` reproduces the population.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from typing import Any

_ALPHABET = string.ascii_lowercase + string.digits
REGISTERED = 0.7
LOGGED_IN = 0.75
NEW_SESSION = 0.3
ROTATE_ANON = 0.03
SHARED_DEVICE = 0.05


@dataclass
class Device:
    ua_hash: str
    anon_id: str
    session_id: str


@dataclass
class Person:
    user_id: str | None
    devices: list[Device] = field(default_factory=list)


class Population:
    """``users`` people; :meth:`context` draws the identifiers of one more event."""

    def __init__(self, users: int, rng: random.Random) -> None:
        self.rng = rng
        self.people = [self._person() for _ in range(users)]
        for person in self.people:
            if self.people and rng.random() < SHARED_DEVICE:
                rng.choice(self.people).devices.append(person.devices[0])

    def context(self) -> dict[str, Any]:
        rng = self.rng
        person = self.people[min(int(rng.paretovariate(1.2)) - 1, len(self.people) - 1)]
        person = person if rng.random() < 0.5 else rng.choice(self.people)
        device = rng.choice(person.devices)
        if rng.random() < ROTATE_ANON:
            device.anon_id = self._id("a-")
        if rng.random() < NEW_SESSION:
            device.session_id = self._id("s-")
        context: dict[str, Any] = {
            "anon_id": device.anon_id,
            "session_id": device.session_id,
            "device": {"ua_hash": device.ua_hash},
        }
        if person.user_id and rng.random() < LOGGED_IN:
            context["user_id"] = person.user_id
        return context

    def _person(self) -> Person:
        user = self._id("u-") if self.rng.random() < REGISTERED else None
        person = Person(user)
        for _ in range(self.rng.choice((1, 1, 2, 2, 3))):
            ua = "d-" + "".join(self.rng.choice("0123456789abcdef") for _ in range(32))
            person.devices.append(Device(ua, self._id("a-"), self._id("s-")))
        return person

    def _id(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choice(_ALPHABET) for _ in range(14))
