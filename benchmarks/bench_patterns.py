"""Pattern checks before and after issue #10 item 4, side by side in one run.

Before: every contract pattern ran on ``re``. After: ``re`` runs only the full matches proven
deterministic; the others run on RE2 (``google-re2``) or, for what RE2 cannot spell, on the
step-bounded matcher. For realistic contract patterns this prints the generated ``is_valid``
throughput on realistic values (values/s, before and after, and the ratio), then the cost of
one hostile 24-28 byte value against catastrophic patterns (``re`` on shorter values only, its
time doubling per byte). Asserts nothing.

    python benchmarks/bench_patterns.py [--seconds 0.5]
"""

from __future__ import annotations

import argparse
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from lakecontracts.validator.builder import ModuleBuilder
from lakecontracts.validator.compile import compile_module

#: (pattern, realistic values: mostly valid, a few not).
REALISTIC: list[tuple[str, list[str]]] = [
    ("^[A-Z]{3}$", ["EUR", "USD", "GBP", "eur"]),
    ("^u-[0-9a-z]{6,40}$", ["u-8k2m4n6p", "u-q9w8e7r6t5y4", "x-1"]),
    ("^[a-z0-9]+(?:-[a-z0-9]+)*$", ["lisbon", "new-york-city", "sao-paulo", "bad--slug"]),
    (
        "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$",
        ["someone@example.com", "first.last+tag@mail.example.org", "not-an-email"],
    ),
    ("^https://[^\\s/$.?#][^\\s]*$", ["https://example.com/a/b?c=d", "http://x", "https://"]),
    ("^(?=.*[0-9])[A-Za-z0-9]{8,64}$", ["abc12345xyz", "Password1", "letters-only"]),
    ("^(\\w+\\s?)+$", ["hello world", "one two three four", "tab\there"]),
]
#: Catastrophic patterns and a hostile value builder (n bytes).
HOSTILE: list[tuple[str, Callable[[int], str]]] = [
    ("^(a+){1,32}$", lambda n: "a" * (n - 1) + "!"),
    ("^(.*a){20}$", lambda n: "a" * (n // 2) + "b" * (n - n // 2)),
    ("(?=(a+)+$)", lambda n: "a" * (n - 1) + "!"),
    ("^(a|aa)+$", lambda n: "a" * (n - 1) + "!"),
]


@contextmanager
def _everything_on_re() -> Iterator[None]:
    """Generate as before: every pattern on ``re``."""
    original = ModuleBuilder._linear_matcher
    ModuleBuilder._linear_matcher = ModuleBuilder._re_matcher  # type: ignore[method-assign]
    try:
        yield
    finally:
        ModuleBuilder._linear_matcher = original  # type: ignore[method-assign]


def _validator(pattern: str) -> Callable[[Any], bool]:
    source = compile_module({"type": "string", "pattern": pattern}, "bench", {})
    module = types.ModuleType("bench_module")
    exec(compile(source, "bench_module", "exec"), module.__dict__)
    check: Callable[[Any], bool] = module.is_valid
    return check


def _rate(check: Callable[[Any], bool], values: list[str], seconds: float) -> float:
    done, spent = 0, 0.0
    while spent < seconds:
        start = time.perf_counter()
        for _ in range(200):
            for value in values:
                check(value)
        spent += time.perf_counter() - start
        done += 200 * len(values)
    return done / spent


def _once(check: Callable[[Any], bool], value: str) -> float:
    start = time.perf_counter()
    check(value)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=0.5)
    args = parser.parse_args()
    print(f"{'pattern':52} {'before/s':>12} {'after/s':>12} {'after/before':>12}")
    for pattern, values in REALISTIC:
        with _everything_on_re():
            before = _validator(pattern)
        after = _validator(pattern)
        rate_before = _rate(before, values, args.seconds)
        rate_after = _rate(after, values, args.seconds)
        ratio = rate_after / rate_before
        print(f"{pattern:52} {rate_before:12,.0f} {rate_after:12,.0f} {ratio:12.2f}")
    print()
    heads = ("re 18 B", "re 22 B", "after 24 B", "after 28 B")
    print(f"{'hostile pattern':20} " + " ".join(f"{head:>11}" for head in heads))
    for pattern, hostile in HOSTILE:
        with _everything_on_re():
            before = _validator(pattern)
        after = _validator(pattern)
        cells = [_once(before, hostile(18)), _once(before, hostile(22))]
        cells += [_once(after, hostile(24)), _once(after, hostile(28))]
        print(f"{pattern:20} " + " ".join(f"{c * 1000:9.2f}ms" for c in cells))


if __name__ == "__main__":
    main()
