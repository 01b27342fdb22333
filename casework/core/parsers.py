"""The API's JSON parser: DRF's, refusing what cannot be handled safely with a 400 naming the
problem, never a 500: JSON nested deeper than any Casework request needs (json.loads would hit
Python's recursion limit) and strings holding a NUL byte (PostgreSQL cannot store one)."""

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from casework.core.middleware import UNSTORABLE

MAX_DEPTH = 32
TOO_DEEP = f"The JSON is nested too deeply: at most {MAX_DEPTH} levels of lists and objects"


def _nesting_depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings, without recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def _holds_nul(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError("The request body is not valid UTF-8") from exc
        if _nesting_depth(text) > MAX_DEPTH:
            raise ParseError(TOO_DEEP)
        try:
            data = json.loads(text) if text.strip() else {}
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"The request body is not valid JSON: {exc}") from exc
        if _holds_nul(data):
            raise ParseError(UNSTORABLE)
        return data
