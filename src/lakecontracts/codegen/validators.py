"""Target ``validators``: one standalone, fast Python validator module per event version.

A Lambda ships only these files, so each module imports nothing but the standard library.
The checks are straight-line code specialised to the schema (see ``lakecontracts.validator``); the
package's ``__init__`` maps (event, version) to module names and pins the manifest hash.
"""

from __future__ import annotations

from functools import partial

from lakecontracts.codegen.escape import python_docstring_text
from lakecontracts.codegen.inputs import GenerationInput, Rendered, schema_material
from lakecontracts.registry.resolved import ResolvedEvent
from lakecontracts.validator.compile import compile_module
from lakecontracts.validator.naming import module_name


def render_module(event: ResolvedEvent, schema_uri: str) -> bytes:
    names: dict[str, object] = {
        "EVENT": event.event,
        "VERSION": event.v,
        "SCHEMA_HASH": event.schema_hash,
        "SCHEMA_URI": schema_uri,
    }
    title = python_docstring_text(f"Validator of {event.event} v{event.v}.")
    return compile_module(event.schema, title, names).encode()


INIT = '''"""Generated validators, one module per event version; do not edit.

Load one with ``importlib.import_module(f"{{__name__}}.{{VALIDATORS[(event, v)]}}")``.
"""

MANIFEST_HASH = {manifest_hash!r}

VALIDATORS = {{
{rows}}}
'''


def render_validators(inp: GenerationInput) -> Rendered:
    uris = {(entry["event"], entry["v"]): entry["schema_uri"] for entry in inp.manifest.events}
    rendered: Rendered = {}
    rows = []
    for event in sorted(inp.events, key=lambda e: (e.event, e.v)):
        name = module_name(event.event, event.v)
        uri = uris[(event.event, event.v)]
        material = [event.event, str(event.v), event.schema_hash, uri, schema_material(event)]
        rendered[f"{name}.py"] = inp.parts.memo(material, partial(render_module, event, uri))
        rows.append(f"    ({event.event!r}, {event.v!r}): {name!r},\n")
    init = INIT.format(manifest_hash=inp.manifest.hash, rows="".join(rows))
    rendered["__init__.py"] = init.encode()
    return rendered
