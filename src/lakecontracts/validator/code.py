"""Building blocks of generated Python: indented blocks and JSON-pointer path expressions."""

from __future__ import annotations

from dataclasses import dataclass, field

from lakecontracts.pointers import escape

INDENT = "    "


@dataclass
class Block:
    """Lines and nested blocks; an empty nested block renders as ``pass``."""

    items: list[str | Block] = field(default_factory=list)

    def line(self, text: str) -> None:
        self.items.append(text)

    def block(self) -> Block:
        child = Block()
        self.items.append(child)
        return child

    def add(self, child: Block) -> None:
        self.items.append(child)

    def __bool__(self) -> bool:
        return bool(self.items)

    def render(self, level: int, out: list[str]) -> None:
        if not self.items:
            out.append(INDENT * level + "pass")
        for item in self.items:
            if isinstance(item, Block):
                item.render(level + 1, out)
            else:
                out.append(INDENT * level + item)


@dataclass(frozen=True)
class Path:
    """The JSON pointer of the value being checked, as a Python expression.

    Literal while every step is known at generation time, so valid instances never pay for
    building paths; only the error branch evaluates it.
    """

    expr: str
    literal: str | None = None

    @classmethod
    def of(cls, text: str) -> Path:
        return cls(repr(text), text)

    def key(self, name: str) -> Path:
        step = "/" + escape(name)
        if self.literal is not None:
            return Path.of(self.literal + step)
        return Path(f"{self.expr} + {step!r}")

    def dynamic_key(self, variable: str) -> Path:
        return Path(f'{self.expr} + "/" + {variable}.replace("~", "~0").replace("/", "~1")')

    def index(self, variable: str) -> Path:
        return Path(f'{self.expr} + "/" + str({variable})')

    def fixed_index(self, position: int) -> Path:
        return self.key(str(position))
