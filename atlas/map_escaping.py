"""Escaping for the map: text from input files inside folium popups, tooltips and scripts.

GeoJsonTooltip/GeoJsonPopup put property values into `innerHTML`, so HTML metacharacters, and
also backticks, `$` and backslashes (they mean something in a JavaScript template literal),
become HTML character references. Values written into a <script> element go through
`js_literal` or `script_json`.

Braces are escaped as well, in both: branca's MacroElement.render wraps each rendered script
in Element(template=...), which compiles that output as a Jinja template again (and a figure
rendered whole runs it). A `{% endif %}` from a file made the Map page raise; a `{{ ... }}`
would run on the server wherever the whole figure is rendered. atlas.maplayers.RenderOnce no
longer recompiles; no text from a file reaches a map script with a brace in it either.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping

# Meaningful in a JavaScript template literal (backtick, `$`, backslash) or to Jinja (braces).
_TEMPLATE_CHARACTERS = {"\\": "&#92;", "`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"}


def escape_map_text(value: object) -> str:
    """Text safe inside folium tooltips/popups: HTML-escaped, and without any character that
    means something in a JavaScript template literal (backtick, `$`, backslash) or to Jinja
    (braces)."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    escaped = html.escape(text, quote=True)
    for char, reference in _TEMPLATE_CHARACTERS.items():
        escaped = escaped.replace(char, reference)
    return escaped


_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
# Characters that must not appear literally in a single-quoted JavaScript string inside a
# <script> element: quote, backslash, line breaks and the start of "</script" or "<!--"; and
# braces, which Jinja would read when branca compiles the script (module docstring).
_JS_STRING_ESCAPES = {
    "{": "\\x7b",
    "}": "\\x7d",
    "\\": "\\\\",
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
    "<": "\\x3c",
    ">": "\\x3e",
}
_JS_STRING_PATTERN = re.compile("|".join(re.escape(char) for char in _JS_STRING_ESCAPES))


def js_literal(value: object) -> str:
    """`value` (JSON-like: dict, list, str, number, bool, None) as a compact JavaScript literal:
    bare keys where they are identifiers, single-quoted strings. Inside the JSON that carries
    the component's arguments over the websocket, every double quote would cost a backslash
    more; the map's strings are escaped text, so single quotes need no escaping there."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "null"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return "'" + _JS_STRING_PATTERN.sub(lambda m: _JS_STRING_ESCAPES[m.group()], value) + "'"
    if isinstance(value, Mapping):
        items = []
        for key, item in value.items():
            name = str(key) if _IDENTIFIER.fullmatch(str(key)) else js_literal(str(key))
            items.append(f"{name}:{js_literal(item)}")
        return "{" + ",".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(js_literal(item) for item in value) + "]"
    raise TypeError(f"no JavaScript literal for {type(value).__name__}")


def script_json(value: str) -> str:
    """JSON string literal safe inside a <script> element (and without braces, as js_literal)."""
    return json.dumps(value).replace("</", "<\\/").replace("{", "\\u007b").replace("}", "\\u007d")
