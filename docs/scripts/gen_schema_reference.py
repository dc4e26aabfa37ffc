"""Writes reference/schema.md from the experiment-file schema itself (its JSON Schema), so the page lists every
key the loader accepts, with its type, unit, default and allowed range, and nothing else."""

import mkdocs_gen_files

from cevns.experiments.schema import SCHEMA_VERSION, json_schema


def _type(spec: dict) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in spec or "oneOf" in spec:
        options = [_type(s) for s in spec.get("anyOf", spec.get("oneOf")) if s.get("type") != "null"]
        return " or ".join(options)
    if "const" in spec:
        return f"`{spec['const']!r}`"
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if kind == "object" and "additionalProperties" in spec:
        return f"table of {_type(spec['additionalProperties'])}"
    return kind


def _range(spec: dict) -> str:
    bounds = []
    for key, sign in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<"),
                      ("minItems", "items ≥"), ("maxItems", "items ≤"), ("maxLength", "length ≤")):
        if key in spec:
            bounds.append(f"{sign} {spec[key]}")
    for option in spec.get("anyOf", []):
        bounds.extend(b for b in [_range(option)] if b)
    return ", ".join(bounds)


def _table(name: str, spec: dict) -> list[str]:
    required = set(spec.get("required", []))
    lines = [f"## {name}", "", spec.get("description", "").strip(), "",
             "| key | type | required / default | allowed | meaning |", "|---|---|---|---|---|"]
    for key, field in spec.get("properties", {}).items():
        need = "required" if key in required else f"default `{field['default']!r}`" if "default" in field else ""
        if isinstance(field.get("default"), dict):
            need = "optional table"
        meaning = field.get("description", "").replace("|", "\\|")
        lines.append(f"| `{key}` | {_type(field)} | {need} | {_range(field)} | {meaning} |")
    return lines + [""]


schema = json_schema()
page = ["# Experiment file schema", "",
        f"Experiment files are TOML, `schema_version = {SCHEMA_VERSION}`. This page is generated from the schema the "
        "loader validates with, so it lists every accepted key and nothing else. Unknown keys are errors at every "
        "level. Every dimensional value is a string with its unit (`\"14.6 kg\"`, `\"19.3 m\"`, `\"6 us\"`); a bare "
        "number for a dimensional key is an error that shows the fix.", ""]
page += _table("Top level", schema)
for name, spec in sorted(schema["$defs"].items()):
    page += _table(name, spec)

with mkdocs_gen_files.open("reference/schema.md", "w") as out:
    out.write("\n".join(page))
