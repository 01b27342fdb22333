"""The programme file's JSON Schema, generated from the pydantic models in config.py (never
written by hand), and what is built from it: `docs/programme-file.schema.json` (referenced from
each programmes/*.yaml for editor completion), `docs/programme-file.md`, and the loader's help
in its messages: what is allowed at a key, an example, and the nearest known key."""

import difflib
import json
from pathlib import Path
from typing import Any

from casework.register.config import ProgrammeConfig

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA_FILE = DOCS / "programme-file.schema.json"
MARKDOWN_FILE = DOCS / "programme-file.md"


def json_schema() -> dict[str, Any]:
    schema = ProgrammeConfig.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://casework.example/programme-file.schema.json",
        **schema,
        "title": "Casework programme file (programmes/<slug>.yaml)",
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _options(schema: dict, node: dict) -> list[dict]:
    """The alternatives of a node (anyOf), each resolved, leaving out null."""
    node = _resolve(schema, node)
    if "anyOf" in node:
        return [
            _resolve(schema, n) for n in node["anyOf"] if _resolve(schema, n).get("type") != "null"
        ]
    return [node]


def node_at(path: tuple, schema: dict | None = None) -> dict | None:
    """The schema node for a key path such as ("recipients", 2, "legal_gateway")."""
    schema = schema or json_schema()
    node: dict | None = schema
    for part in path:
        if node is None:
            return None
        found = None
        for option in _options(schema, node):
            if isinstance(part, int) and option.get("type") == "array":
                found = option.get("items", {})
            elif isinstance(part, str) and part in option.get("properties", {}):
                found = option["properties"][part]
            elif isinstance(part, str) and isinstance(option.get("additionalProperties"), dict):
                found = option["additionalProperties"]
            if found is not None:
                break
        node = found
    return _resolve(schema, node) if node is not None else None


def known_keys(path: tuple) -> list[str]:
    """The keys allowed in the mapping at `path`."""
    schema = json_schema()
    node = node_at(path, schema)
    if node is None:
        return []
    keys: list[str] = []
    for option in _options(schema, node):
        keys += list(option.get("properties", {}))
    return keys


def nearest_key(path: tuple, key: str) -> str | None:
    matches = difflib.get_close_matches(key, known_keys(path), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _example_value(schema: dict, node: dict, depth: int = 0) -> Any:
    options = _options(schema, node)
    node = options[0] if options else node
    if "enum" in node:
        return node["enum"][0]
    if "const" in node:
        return node["const"]
    kind = node.get("type")
    if kind == "object" and "properties" in node:
        required = node.get("required", list(node["properties"])[:2])
        if depth > 1:
            return dict.fromkeys(required, "…")
        return {k: _example_value(schema, node["properties"][k], depth + 1) for k in required}
    if kind == "array":
        return [_example_value(schema, node.get("items", {}), depth + 1)]
    if kind == "boolean":
        return False
    if kind == "integer":
        return node.get("minimum", 1) or 1
    if kind == "number":
        return 1
    if node.get("format") == "date":
        return "2025-04-01"
    if "pattern" in node:
        return {
            r"^[EWSN]\d{8}$": "E06000062",
            r"^[a-z0-9-]+$": "my-programme",
            r"^[a-z0-9_]+$": "sustained_13_weeks",
        }.get(node["pattern"], "2025-05")
    return "…"


def example(path: tuple) -> str:
    """A one-line YAML example of the value at `path` (flow style)."""
    schema = json_schema()
    node = node_at(path, schema)
    if node is None:
        return ""
    value = _example_value(schema, node)
    if path and isinstance(path[-1], int):
        return f"- {_flow(value)}"
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    return f"{key}: {_flow(value)}" if key else _flow(value)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def allowed(path: tuple) -> str:
    """What is allowed at `path`, in words: the values of an enumeration, the keys of a mapping,
    or the type."""
    schema = json_schema()
    node = node_at(path, schema)
    if node is None:
        return ""
    words = []
    for option in _options(schema, node):
        if "enum" in option:
            words.append("one of " + ", ".join(map(str, option["enum"])))
        elif option.get("type") == "object" and "properties" in option:
            words.append("a mapping with keys " + ", ".join(option["properties"]))
        elif option.get("type") == "array":
            item = _options(schema, option.get("items", {}))[0]
            inner = (
                "one of " + ", ".join(map(str, item["enum"]))
                if "enum" in item
                else _type_words(item)
            )
            words.append(f"a list, each {inner}")
        else:
            words.append(_type_words(option))
    return " or ".join(dict.fromkeys(w for w in words if w))


def _type_words(node: dict) -> str:
    if node.get("format") == "date":
        return "a date (YYYY-MM-DD)"
    if "pattern" in node:
        return f"text matching {node['pattern']}"
    return {
        "string": "text",
        "boolean": "true or false",
        "integer": "a whole number",
        "number": "a number",
        "object": "a mapping",
    }.get(node.get("type", ""), "")


# ---- docs/programme-file.md ----


def _type_cell(schema: dict, node: dict) -> str:
    parts = []
    for option in _options(schema, node):
        if "title" in option and option.get("type") == "object" and "properties" in option:
            parts.append(f"[{option['title']}](#{option['title'].lower()})")
        elif "enum" in option:
            parts.append("one of: " + ", ".join(f"`{v}`" for v in option["enum"]))
        elif option.get("type") == "array":
            items = _options(schema, option.get("items", {}))
            parts.append("list of " + " or ".join(_type_cell(schema, i) for i in items))
        elif option.get("type") == "object" and "propertyNames" in option:
            names = _resolve(schema, option["propertyNames"])
            parts.append(
                "mapping from "
                + ", ".join(f"`{v}`" for v in names.get("enum", []))
                + " to "
                + _type_cell(schema, option.get("additionalProperties", {}))
            )
        else:
            parts.append(_type_words(option) or option.get("type", "any"))
    return " or ".join(parts)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(schema: dict, title: str, node: dict) -> list[str]:
    lines = [f"### {title}", ""]
    if node.get("description"):
        lines += [_cell(node["description"]), ""]
    lines += ["| Key | Required | Allowed | Default | Meaning |", "| --- | --- | --- | --- | --- |"]
    required = set(node.get("required", []))
    for key, prop in node["properties"].items():
        default = (
            "" if key in required or "default" not in prop else f"`{json.dumps(prop['default'])}`"
        )
        lines.append(
            f"| `{key}` | {'yes' if key in required else 'no'} | {_cell(_type_cell(schema, prop))} "
            f"| {default} | {_cell(prop.get('description', ''))} |"
        )
    return lines + [""]


def markdown() -> str:
    schema = json_schema()
    lines = [
        "# Writing a programme file",
        "",
        "<!-- Generated by `manage.py register schema` from casework/register/config.py: do not "
        "edit by hand. -->",
        "",
        "A programme is onboarded by writing one file, `programmes/<slug>.yaml`, never by "
        "changing code. Its JSON Schema is `docs/programme-file.schema.json`; start each file "
        "with `# yaml-language-server: $schema=../docs/programme-file.schema.json` for "
        "completion and checking in editors that use the YAML language server. "
        "`manage.py programme load <file>` checks the file against this schema and the "
        "register's rules (categories, fields, record types, the law, live agreements) and names "
        "the file, key and line of every problem, with what is allowed and an example.",
        "",
        "Everything the generated privacy notice says comes from the file: a key left out is "
        "left out of the notice (transfers abroad and automated decisions included).",
        "",
        "## The top level",
        "",
    ]
    top = {k: v for k, v in schema.items() if k in ("properties", "required", "description")}
    lines += _table(schema, "ProgrammeConfig", top)[2:]
    lines += ["## The parts", ""]
    for name, node in sorted(schema["$defs"].items()):
        if node.get("type") == "object" and "properties" in node:
            lines += _table(schema, name, node)
    lines += ["## Values", ""]
    for name, node in sorted(schema["$defs"].items()):
        if "enum" in node:
            lines += [
                f"### {name}",
                "",
                *([_cell(node["description"]), ""] if node.get("description") else []),
                ", ".join(f"`{v}`" for v in node["enum"]),
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"
