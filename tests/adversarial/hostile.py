"""A copy of the example registry whose prose is hostile: every codegen target renders it.

The text carries what ends strings, comments and templates in every target language: quotes
and triple quotes, backslashes, NUL, newlines, Jinja (``{{ }}``, ``{% %}``, ``{% endraw %}``),
CloudFormation (``${AWS::...}``, ``{{resolve:...}}``), HTML (``</script>``), SQL (``*/``,
``--``, ``'``) and Markdown (``|``, backticks, links).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import EXAMPLE_REGISTRY

SECRET_VAR = "LAKECONTRACTS_HOSTILE_SECRET"
SECRET = "s3cr3t-must-never-appear"

#: Prose that must reach every artifact as data (escaped), never as code.
HOSTILE = (
    "Amount \"\"\" ''' \\ \\n \\' end\x00 NUL\nsecond line\r\n"
    "{{ 7*7 }} {% raw %}{% endraw %}{{ env_var('" + SECRET_VAR + "') }}{% raw %} {# c #} "
    "${AWS::AccountId} ${AWS::Region} {{resolve:secretsmanager:prod:SecretString:pw}} "
    "</script><script>alert(1)</script> <!-- x --> &amp; "
    "*/ -- '; DROP TABLE t; -- | cell | `tick` ``two`` [link](javascript:alert(1))"
)
#: An enum value, an example and a title: data of a different kind in the same places.
HOSTILE_ENUM = 'it\'s """quoted""" {{ 7*7 }} </script> | x'
HOSTILE_PATTERN = '^[a-z"\'\\\\{}<>/|]*("""|</script>|\\{\\{x\\}\\})?$'

V2 = Path("events/booking/leg_created/v2.yaml")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML 1.2 double-quoted scalars)."""
    return json.dumps(text)


def hostile_registry(tmp_path: Path) -> Path:
    """A copy of the example registry whose leg_created v2 carries hostile prose everywhere."""
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    path = root / V2
    text = path.read_text(encoding="utf-8")
    start = text.index("description: >-")
    end = text.index("supersedes: 1")
    text = text[:start] + f"description: {q(HOSTILE)}\n" + text[end:]
    text = text.replace(
        "      description: Leg price in minor currency units (cents for EUR), taxes included.",
        f"      title: {q(HOSTILE)}\n      description: {q(HOSTILE)}",
    )
    text = text.replace(
        "      enum: [pending, confirmed, cancelled]\n",
        f"      enum: [pending, confirmed, cancelled, {q(HOSTILE_ENUM)}]\n",
    )
    text = text.replace(
        '    currency: {type: string, pattern: "^[A-Z]{3}$", x-example: EUR, '
        "description: ISO 4217 currency code.}",
        '    currency: {type: string, pattern: "^[A-Z]{3}$", x-example: EUR, '
        f"description: {q(HOSTILE)}}}\n"
        f"    note: {{type: string, pattern: {q(HOSTILE_PATTERN)}, x-example: {q(HOSTILE_ENUM)}, "
        f"examples: [{q(HOSTILE)}], description: {q(HOSTILE)}}}",
    )
    path.write_text(text, encoding="utf-8")
    return root
