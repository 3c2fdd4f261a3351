"""What Athena (engine v3, Trino) accepts, as tables citing Trino's documentation, and a checker
that walks SQL parsed by sqlglot's ``athena`` dialect against them.

Every function the compiled dbt project calls must be a row of :data:`FUNCTIONS` and receive
the input types that row names; every ``cast`` must be a ``(from, to)`` pair of :data:`CASTS`.
Types are inferred where the SQL says them: bronze paths from the Glue table's columns (instants
are JSON strings there), a model's columns from the casts that produce them, functions from
their rows. ``cast(varchar as timestamp)`` is deliberately absent: Trino rejects the ISO 8601
``T`` form (``2026-01-02T03:04:05Z``) that every bronze instant has.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlglot import exp

from lakecontracts.codegen.sql.dialects import DIALECTS
from lakecontracts.codegen.sql.hive_tables import HiveTable
from lakecontracts.codegen.types import ColumnType

TRINO = "https://trino.io/docs/current"
CONVERSION = f"{TRINO}/functions/conversion.html#cast"
DATETIME = f"{TRINO}/functions/datetime.html"
WITH_ZONE = "timestamp with time zone"
UNKNOWN = "unknown"  # the type of NULL: casts to any type


@dataclass(frozen=True)
class Function:
    """One Trino function or operator: the input types it takes (None: any) and its result."""

    name: str
    inputs: frozenset[str] | None
    result: str | None  # None: the type of its first argument
    docs: str


def _types(*names: str) -> frozenset[str]:
    return frozenset(names)


#: sqlglot expression class -> the Trino function it spells.
FUNCTIONS: dict[str, Function] = {
    "FromISO8601Timestamp": Function(
        "from_iso8601_timestamp",
        _types("varchar"),
        WITH_ZONE,
        f"{DATETIME}#from_iso8601_timestamp",
    ),
    "AtTimeZone": Function(
        "AT TIME ZONE", _types(WITH_ZONE), WITH_ZONE, f"{DATETIME}#time-zone-conversion"
    ),
    "Encode": Function(
        "to_utf8", _types("varchar"), "varbinary", f"{TRINO}/functions/string.html#to_utf8"
    ),
    "MD5Digest": Function(
        "md5", _types("varbinary"), "varbinary", f"{TRINO}/functions/binary.html#md5"
    ),
    # sqlglot reads lower(to_hex(x)) as one node
    "LowerHex": Function(
        "lower(to_hex())", _types("varbinary"), "varchar", f"{TRINO}/functions/binary.html#to_hex"
    ),
    "Coalesce": Function("coalesce", None, None, f"{TRINO}/functions/conditional.html#coalesce"),
    "Count": Function("count", None, "bigint", f"{TRINO}/functions/aggregate.html#count"),
    "Sum": Function(
        "sum",
        _types("integer", "bigint", "double", "decimal"),
        None,
        f"{TRINO}/functions/aggregate.html#sum",
    ),
    "Max": Function("max", None, None, f"{TRINO}/functions/aggregate.html#max"),
    "Min": Function("min", None, None, f"{TRINO}/functions/aggregate.html#min"),
    "RowNumber": Function(
        "row_number", None, "bigint", f"{TRINO}/functions/window.html#row_number"
    ),
    "And": Function("AND", None, "boolean", f"{TRINO}/functions/logical.html"),
    "Or": Function("OR", None, "boolean", f"{TRINO}/functions/logical.html"),
    "Cast": Function("CAST", None, None, CONVERSION),
    # the privacy split's hash of a private column (lakecontracts_hash)
    "SHA2Digest": Function(
        "sha256", _types("varbinary"), "varbinary", f"{TRINO}/functions/binary.html#sha256"
    ),
    # the generic lakecontracts_pattern test
    "RegexpLike": Function(
        "regexp_like", _types("varchar"), "boolean", f"{TRINO}/functions/regexp.html#regexp_like"
    ),
    # Gold's examples: conditional counts and a rounded ratio
    "Case": Function("CASE", None, None, f"{TRINO}/functions/conditional.html#case"),
    "If": Function("CASE WHEN", None, None, f"{TRINO}/functions/conditional.html#case"),
    "Round": Function("round", _types("double"), "double", f"{TRINO}/functions/math.html#round"),
}

#: (input type, target type) pairs Trino's cast accepts for the values the models hold.
CASTS: dict[tuple[str, str], str] = {
    **{
        (UNKNOWN, t): f"{TRINO}/language/types.html"
        for t in ("varchar", "integer", "bigint", "double", "boolean", "date", "timestamp")
    },
    **{(t, t): CONVERSION for t in ("varchar", "integer", "bigint", "double", "boolean", "date")},
    ("integer", "bigint"): f"{TRINO}/language/types.html#integer",
    ("integer", "double"): f"{TRINO}/language/types.html#double",
    ("bigint", "double"): f"{TRINO}/language/types.html#double",
    ("integer", "varchar"): CONVERSION,
    ("bigint", "varchar"): CONVERSION,
    ("double", "varchar"): CONVERSION,
    ("boolean", "varchar"): CONVERSION,
    ("date", "varchar"): CONVERSION,
    ("timestamp", "varchar"): CONVERSION,
    # ISO 8601 calendar dates (YYYY-MM-DD): the only string form a contract's format: date has
    ("varchar", "date"): f"{DATETIME}#date-and-time-functions",
    ("timestamp", "date"): f"{DATETIME}#date-and-time-functions",
    (WITH_ZONE, "timestamp"): f"{DATETIME}#time-zone-conversion",
}

DML = DIALECTS["athena-dml"]


def trino_type(column_type: ColumnType) -> str:
    """The Trino name of a scalar type, without parameters (``decimal(10,2)`` -> ``decimal``)."""
    return DML.type_sql(column_type).split("(", 1)[0].lower()


def bronze_paths(tables: list[HiveTable]) -> dict[str, dict[tuple[str, ...], str]]:
    """Bronze table name -> every dotted path of its columns -> its Trino type."""
    found: dict[str, dict[tuple[str, ...], str]] = {}
    for table in tables:
        if table.layer != "bronze":
            continue
        paths: dict[tuple[str, ...], str] = {}
        for column in table.columns:
            _walk(paths, (column.name,), column.type)
        found[table.name] = paths
    return found


def _walk(paths: dict[tuple[str, ...], str], path: tuple[str, ...], column: ColumnType) -> None:
    paths[path] = trino_type(column) if column.kind != "struct" else "row"
    for field in column.fields:
        _walk(paths, (*path, field.name.lower()), field.type)


@dataclass
class Checker:
    """Finds what Athena would refuse in parsed statements."""

    bronze: Mapping[str, Mapping[tuple[str, ...], str]]
    columns: dict[str, set[str]]  # model column name -> the types models give it

    def learn(self, statement: exp.Expression) -> None:
        """Remember the type of every ``cast(... as T) as "name"`` a model selects."""
        for alias in statement.find_all(exp.Alias):
            if isinstance(alias.this, exp.Cast):
                self.columns.setdefault(alias.alias, set()).add(_type_name(alias.this.to))

    def problems(self, statement: exp.Expression) -> Iterator[str]:
        for node in statement.find_all(exp.Func):
            name = type(node).__name__
            function = FUNCTIONS.get(name)
            if function is None:
                yield f"{node.sql('athena')[:80]}: {name} is not in the Athena function table"
                continue
            if isinstance(node, exp.Cast):
                yield from self._cast(node)
            elif function.inputs is not None:
                for found in self.types(node.this):
                    if found not in function.inputs:
                        yield f"{node.sql('athena')[:80]}: {function.name} takes no {found}"

    def _cast(self, node: exp.Cast) -> Iterator[str]:
        target = _type_name(node.to)
        found_types = self.types(node.this)
        if not found_types:
            yield f"{node.sql('athena')[:100]}: the checker cannot tell the input's type"
        for found in found_types:
            if (found, target) not in CASTS:
                yield f"{node.sql('athena')[:100]}: no cast from {found} to {target} on Athena"

    def types(self, node: exp.Expression) -> set[str]:
        """The possible Trino types of an expression, empty when unknown to the checker."""
        if isinstance(node, exp.Paren):
            return self.types(node.this)
        if isinstance(node, exp.Null):
            return {UNKNOWN}
        if isinstance(node, exp.Literal):
            return {"varchar"} if node.is_string else {"integer"}
        if isinstance(node, exp.Cast):
            return {_type_name(node.to)}
        if isinstance(node, exp.Column | exp.Dot):
            return self._column_types(node)
        function = FUNCTIONS.get(type(node).__name__)
        if function is not None:
            if function.result is not None:
                return {function.result}
            return self.types(node.this) if isinstance(node.this, exp.Expression) else set()
        return set()

    def _column_types(self, node: exp.Column | exp.Dot) -> set[str]:
        parts = [p.name.lower() for p in node.parts]
        if len(parts) > 1 and parts[0] == "bronze":
            table = _bronze_table(node)
            found = self.bronze.get(table, {}).get(tuple(parts[1:])) if table else None
            return {found} if found else {f"unknown bronze path {'.'.join(parts)}"}
        return set(self.columns.get(parts[-1], set()))


def _type_name(data_type: exp.DataType) -> str:
    spelled = data_type.sql("trino").lower()
    if "with time zone" in spelled:
        return WITH_ZONE
    return spelled.split("(", 1)[0]


def _bronze_table(node: exp.Expression) -> str | None:
    """The table aliased ``bronze`` in the query selecting ``node``."""
    select = node.find_ancestor(exp.Select)
    source = select.args.get("from_") or select.args.get("from") if select else None
    table = source.find(exp.Table) if source is not None else None
    return table.name.lower() if table is not None else None
