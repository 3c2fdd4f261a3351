"""Module-level state of one generated validator: constants, helpers, functions to emit."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lakecontracts.regex import bounded
from lakecontracts.regex.ecma import compile_check
from lakecontracts.regex.re2 import to_re2
from lakecontracts.validator import charprog, prelude
from lakecontracts.validator.code import Block, Path
from lakecontracts.validator.refs import RefIndex

#: Emits the checks of one schema into a block (bound in ``compile``; avoids an import cycle).
EmitSchema = Callable[["Scope", Block, Any, str, Path, frozenset[str]], None]


@dataclass
class ModuleBuilder:
    """Everything one generated module defines, in first-use order (so output is stable)."""

    index: RefIndex
    emit_schema: EmitSchema
    constants: dict[str, str] = field(default_factory=dict)  # expression -> name
    helpers: list[str] = field(default_factory=list)
    generated: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (name, source)
    imports: set[str] = field(default_factory=set)
    functions: dict[tuple[int, bool], str] = field(default_factory=dict)
    pending: list[tuple[Any, bool, str]] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    bounded: set[str] = field(default_factory=set)  # matchers that may refuse a costly value

    def constant(self, expression: str) -> str:
        if expression not in self.constants:
            self.constants[expression] = f"_C{len(self.constants)}"
        return self.constants[expression]

    def regex(self, pattern: str) -> str:
        """A module-level ``fullmatch``/``match``/``search`` for ``pattern`` that cannot hang.

        ``re`` runs the full matches it is proven to run in linear time (deterministic runs of
        classes, :mod:`charprog`); every other pattern goes to RE2 or the bounded matcher.
        """
        translated = compile_check(pattern)
        body = fullmatch_body(pattern)
        if body is not None:
            source, mode = body, "fullmatch"
        elif pattern.startswith("^") and "|" not in pattern:  # anchored: ^ only matches at 0
            source, mode = translated[1:], "match"
        else:
            source, mode = translated, "search"
        if mode == "fullmatch" and charprog.program(source) is not None:
            return self._re_matcher(source, mode)
        return self._linear_matcher(source, mode)

    def _re_matcher(self, source: str, mode: str) -> str:
        self.imports.add("import re")
        return self.constant(f"re.compile({source!r}).{mode}")

    def _linear_matcher(self, source: str, mode: str) -> str:
        """RE2 when installed and it can spell the pattern, else the step-bounded matcher."""
        found = bounded.program(source)
        if found is None:  # global flags: neither engine has them; PATTERN_NOT_CATASTROPHIC
            return self._re_matcher(source, mode)
        program, groups = found
        helper = self.helper("_rx_linear")
        spelled = to_re2(source) or ""
        name = self.constant(f"{helper}({spelled!r}, {program!r}, {mode!r}, {groups})")
        self.bounded.add(name)
        return name

    def helper(self, name: str) -> str:
        """Make a prelude helper (and what it needs) part of the module; return its name."""
        if name in self.helpers:
            return name
        needs, imports = prelude.HELPERS.get(name, ((), ()))
        for need in needs:
            self.helper(need)
        self.imports.update(imports)
        if "re.compile" in prelude.CONSTANTS.get(name, ""):
            self.imports.add("import re")
        self.helpers.append(name)
        return name

    def generated_helper(self, key: str, prefix: str, render: Callable[[str], str]) -> str:
        """A function rendered for this module (once per ``key``); return its name."""
        if key not in self.generated:
            name = f"{prefix}{len(self.generated)}"
            self.generated[key] = (name, render(name))
        return self.generated[key][0]

    def helper_source(self, name: str) -> str:
        if name in prelude.CONSTANTS:
            return f"{name}: Final = {prelude.CONSTANTS[name]}\n"
        return inspect.getsource(getattr(prelude, name))

    def function(self, schema: Any, errors: bool) -> str:
        """The name of the generated function checking ``schema`` (emitted later, once)."""
        key = (id(schema), errors)
        if key not in self.functions:
            name = f"_{'e' if errors else 'v'}{len(self.functions)}"
            self.functions[key] = name
            self.pending.append((schema, errors, name))
        return self.functions[key]

    def drain(self) -> None:
        """Emit every function requested so far (and those they request in turn)."""
        while self.pending:
            schema, errors, name = self.pending.pop(0)
            self.rendered.append(self.render_function(schema, errors, name))

    def render_function(self, schema: Any, errors: bool, name: str) -> str:
        body = Block()
        scope = Scope(self, errors)
        path = Path("p") if errors else Path.of("")
        self.emit_schema(scope, body, schema, "x0", path, ALL_KINDS)
        if not errors:
            body.line("return True")
        signature = "x0, p, out" if errors else "x0"
        lines = [f"def {name}({signature}):"]
        body.render(1, lines)
        return "\n".join(lines) + "\n"


#: Python-level kinds of JSON values: what ``type(x)`` can be for a decoded document.
ALL_KINDS = frozenset({"null", "bool", "str", "int", "float", "dict", "list"})


def fullmatch_body(pattern: str) -> str | None:
    """The Python regex whose ``fullmatch`` means ``pattern`` when it is anchored at both ends.

    Only for ``^...$`` without a top-level-or-nested ``|`` (``^`` then matches only at 0).
    """
    if not pattern.startswith("^") or "|" in pattern or not _unescaped_end(pattern):
        return None
    translated = compile_check(pattern)
    return translated[1:-2] if translated.endswith("\\Z") else None


def _unescaped_end(pattern: str) -> bool:
    """True when ``pattern`` ends with a ``$`` anchor (not an escaped dollar sign)."""
    body = pattern[:-1]
    return pattern.endswith("$") and (len(body) - len(body.rstrip("\\"))) % 2 == 0


@dataclass(frozen=True)
class Scope:
    """Where code is being emitted: the module, the mode and the nesting depth."""

    module: ModuleBuilder
    errors: bool
    depth: int = 0

    def deeper(self) -> Scope:
        return Scope(self.module, self.errors, self.depth + 1)

    def var(self, prefix: str = "x") -> str:
        """A local name for the next nesting level (siblings reuse it, parents never do)."""
        return f"{prefix}{self.depth + 1}"

    def fail_if(self, block: Block, bad: str, message: str, path: Path) -> None:
        """Emit: when ``bad`` holds, the instance is invalid (``message`` is an expression)."""
        block.line(f"if {bad}:")
        self.fail(block.block(), message, path)

    def fail(self, block: Block, message: str, path: Path) -> None:
        if self.errors:
            block.line(f"out.append(({path.expr}, {message}))")
        else:
            block.line("return False")

    def emit(self, block: Block, schema: Any, var: str, path: Path, known: frozenset[str]) -> None:
        self.module.emit_schema(self, block, schema, var, path, known)
