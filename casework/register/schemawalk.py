"""Walking a JSON Schema by key path: the node at a path, the keys allowed there, the nearest
known key, an example and what is allowed in words. It takes the schema as an argument and
imports neither the loader (`config`) nor `schema`, so both can use it without a circle."""

import difflib
from typing import Any


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


def node_at(schema: dict, path: tuple) -> dict | None:
    """The schema node for a key path such as ("recipients", 2, "legal_gateway")."""
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


def known_keys(schema: dict, path: tuple) -> list[str]:
    """The keys allowed in the mapping at `path`."""
    node = node_at(schema, path)
    if node is None:
        return []
    keys: list[str] = []
    for option in _options(schema, node):
        keys += list(option.get("properties", {}))
    return keys


def nearest_key(schema: dict, path: tuple, key: str) -> str | None:
    matches = difflib.get_close_matches(key, known_keys(schema, path), n=1, cutoff=0.6)
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


def example(schema: dict, path: tuple) -> str:
    """A one-line YAML example of the value at `path` (flow style)."""
    node = node_at(schema, path)
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


def allowed(schema: dict, path: tuple) -> str:
    """What is allowed at `path`, in words: the values of an enumeration, the keys of a mapping,
    or the type."""
    node = node_at(schema, path)
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
