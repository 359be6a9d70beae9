"""Data blocks: a JSON, YAML, TOML, dotenv or INI sample read as data.

A block becomes a flat map of key path -> `Entry` (its value, its kind, and
the line within the sample where its key, or its item, is written), so that
locales compare keys, kinds and values, never key order, quoting, comments
or indentation. Each format is read by a real parser (`json`, PyYAML's
`compose`, `tomllib`) and only the lines are found beside it; dotenv and INI
lines are read by the small reader below (KEY=VALUE is all there is).

JSON as docs write it is tolerated: `//` and `/* */` comments (JSONC),
trailing commas (JSON5, and formatting in any case), and `...` ellipses where
a value or members are left out (`"items": [...]`, a line `...`); an elided
value matches any value. A block that still does not parse has an error and
its line. YAML is composed, never loaded with tags (`safe` constructors only
for scalars); aliases are expanded under a budget and nesting under a limit,
so an alias bomb or a deep block is an error, not a hang.
"""

from __future__ import annotations

import json
import re
import tomllib
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml

from checker import nesting
from checker.extract import placeholders
from checker.sequences import opcodes

Path = tuple[str | int, ...]   # ("services", "db", "image"), ("items", 0, "id")

# The sample languages read as data, and their format.
FORMATS = {"json": "json", "yaml": "yaml", "toml": "toml", "dotenv": "dotenv", "ini": "ini"}
# Entries a block may expand to: far beyond any real example, far below an alias bomb.
MAX_ENTRIES = 20_000
# A value left out with `...`: it matches any value.
ELIDED = "\u2026elided\u2026"
# The key an object's `...` member stands as.
OPEN_KEY = "\u2026"


@dataclass(frozen=True)
class Entry:
    kind: str      # object, array, string, number, boolean, null, elided
    value: Any     # the scalar (None for containers)
    line: int      # 1-based within the sample


@dataclass
class Data:
    format: str
    entries: dict[Path, Entry] = field(default_factory=dict)
    error: str | None = None
    error_line: int = 1


def aligned(base: dict[Path, Entry], other: dict[Path, Entry]) -> dict[Path, Entry]:
    """`other`'s entries with the items of each list renumbered to the base's
    items they are (alike in content, in order), so an item added or dropped
    at the head of a list is that one item, not every item after it shifted.
    An item the base lacks takes an index past the base's last; lists are
    aligned shallow first, so an item's own lists follow it."""
    lists = sorted((path for path, entry in base.items()
                    if entry.kind == "array" and other.get(path, Entry("", None, 0)).kind == "array"),
                   key=len)
    for path in lists:
        other = _renumbered(path, _items(base, path), _items(other, path), other)
    return other


def _items(entries: dict[Path, Entry], path: Path) -> dict[int, frozenset[tuple[Path, str, str]]]:
    """A list's items: index -> what is under it (relative path, kind, value)."""
    found: dict[int, set[tuple[Path, str, str]]] = {}
    depth = len(path)
    for key, entry in entries.items():
        index = key[depth] if len(key) > depth and key[:depth] == path else None
        if isinstance(index, int):
            found.setdefault(index, set()).add((key[depth + 1:], entry.kind, repr(entry.value)))
    return {index: frozenset(content) for index, content in sorted(found.items())}


def _renumbered(path: Path, mine: dict[int, frozenset], theirs: dict[int, frozenset],
                entries: dict[Path, Entry]) -> dict[Path, Entry]:
    order_mine, order_theirs = list(mine), list(theirs)
    to: dict[int, int | str] = {}
    for tag, a1, a2, b1, b2 in opcodes([mine[i] for i in order_mine], [theirs[j] for j in order_theirs]):
        if tag == "equal" or (tag == "replace" and a2 - a1 == b2 - b1):
            to.update((order_theirs[b1 + k], order_mine[a1 + k]) for k in range(b2 - b1))
    # An item only this block has keeps its own place, as a key no base item has.
    to.update((j, f"[{j}]") for j in order_theirs if j not in to)
    if all(to[j] == j for j in to):
        return entries
    depth = len(path)
    out: dict[Path, Entry] = {}
    for key, entry in entries.items():
        index = key[depth] if len(key) > depth and key[:depth] == path else None
        out[(*key[:depth], to[index], *key[depth + 1:]) if isinstance(index, int) else key] = entry
    return out


def format_of(language: str, text: str) -> str | None:
    """The data format a sample is read in: its language's, or JSON for an
    unlabelled block that is a JSON object or array (and nothing else)."""
    if language in FORMATS:
        return FORMATS[language]
    if not language and text.lstrip()[:1] in ("{", "[") and read("json", text).error is None:
        return "json"
    return None


def read(form: str, text: str) -> Data:
    readers = {"json": _read_json, "yaml": _read_yaml, "toml": _read_toml,
               "dotenv": _read_lines, "ini": _read_lines}
    data = Data(form)
    try:
        readers[form](text, data)
    except _TooBig as error:
        data.entries, data.error, data.error_line = {}, str(error), 1
    return data


def show(path: Path) -> str:
    """`services.db.image`, `items[0].id`: how a message names a key."""
    out = ""
    for part in path:
        if isinstance(part, int) or (part.startswith("[") and part.endswith("]")):
            out += f"[{part}]" if isinstance(part, int) else part   # `[2]`: an item only one block has
        else:
            out += f".{part}" if out else part
    return out or "(the whole block)"


def kind_of(value: Any) -> str:
    if value == ELIDED:
        return "elided"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "null" if value is None else "string"


class _TooBig(Exception):
    pass


def _flatten(root: Any, lines: dict[Path, int], data: Data) -> None:
    """Every node of a parsed value as an entry, walked without recursion
    (depth and size limited, as values from a page may be anything)."""
    stack: list[tuple[Path, Any]] = [((), root)]
    found: list[tuple[Path, Entry]] = []
    while stack:
        path, value = stack.pop()
        if len(path) > nesting.MAX_DEPTH:
            raise _TooBig(f"it nests more than {nesting.MAX_DEPTH} levels deep")
        if len(found) >= MAX_ENTRIES:
            raise _TooBig(f"it holds more than {MAX_ENTRIES} values")
        kind = kind_of(value)
        line = lines.get(path) or next((lines[path[:i]] for i in range(len(path) - 1, -1, -1)
                                        if path[:i] in lines), 1)
        found.append((path, Entry(kind, None if kind in ("object", "array") else value, line)))
        children = value.items() if isinstance(value, dict) else enumerate(value) \
            if isinstance(value, list) else ()
        stack.extend(reversed([((*path, key), child) for key, child in children]))
    data.entries.update(found)


# ---------------------------------------------------------------- JSON

_JSON_TOKEN = re.compile(r'''
    (?P<string>"(?:[^"\\\n]|\\.)*+")
  | (?P<line_comment>//[^\n]*+)
  | (?P<block_comment>/\*(?:[^*]|\*(?!/))*+\*/)
  | (?P<ellipsis>\.\.\.|\u2026)
  | (?P<punct>[{}\[\]:,])
  | (?P<space>\s++)
  | (?P<other>[^\s{}\[\]:,"/]++|/)
''', re.VERBOSE)


def _json_tokens(text: str) -> list[tuple[str, str, int]]:
    return [(m.lastgroup or "other", m.group(), m.start()) for m in _JSON_TOKEN.finditer(text)]


def _tolerant(text: str) -> tuple[str, list[tuple[str, str, int]]]:
    """The text with comments blanked, ellipses standing as values and
    trailing (or doubled) commas dropped, every line where it was; and its tokens."""
    out: list[str] = []
    before = ""
    openers: list[str] = []
    for kind, token, _ in _json_tokens(placeholders.quote_bare(text)):
        if kind.endswith("comment"):
            out.append(re.sub(r"[^\n]", " ", token))
            continue
        if token in ("{", "["):
            openers.append(token)
        elif token in ("}", "]") and openers:
            openers.pop()
        elif kind == "ellipsis":
            # What is left out stands as an elided value (an item, a member's
            # value), or as an elided member (`"…": …`) that leaves its object open.
            in_object = before != ":" and openers[-1:] == ["{"]
            token = f"{json.dumps(OPEN_KEY)}: {json.dumps(ELIDED)}" if in_object else json.dumps(ELIDED)
            if before != ":":
                token += ","   # a line `...` between members is written without one
        out.append(token)
        if token.strip():
            before = token
    cleaned = "".join(out)
    tokens = [t for t in _json_tokens(cleaned) if t[0] != "space"]
    drop = {at for n, (_, token, at) in enumerate(tokens)
            if token == "," and n + 1 < len(tokens) and tokens[n + 1][1] in ("}", "]", ",")}
    if drop:
        cleaned = "".join(" " if i in drop else c for i, c in enumerate(cleaned))
        tokens = [t for t in tokens if t[2] not in drop]
    return cleaned, tokens


def _read_json(text: str, data: Data) -> None:
    cleaned, tokens = _tolerant(text)
    try:
        value = json.loads(cleaned)
    except json.JSONDecodeError as error:
        data.error, data.error_line = f"not valid JSON: {error.msg}", error.lineno
        return
    except RecursionError:
        raise _TooBig(f"it nests more than {nesting.MAX_DEPTH} levels deep") from None
    _flatten(value, _json_lines(cleaned, tokens), data)


def _json_lines(text: str, tokens: list[tuple[str, str, int]]) -> dict[Path, int]:
    """Path -> line of its key (an object member) or of its start (an item),
    read from the tokens of a text that parses."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines: dict[Path, int] = {}
    # Each open container: [its path, "{" or "[", the item index, the member key].
    stack: list[list[Any]] = []

    def here() -> Path:
        if not stack:
            return ()
        path, opener, index, key = stack[-1]
        return (*path, key) if opener == "{" else (*path, index)

    for n, (kind, token, at) in enumerate(tokens):
        line = bisect_right(starts, at)
        if token in ("{", "["):
            lines.setdefault(here(), line)
            stack.append([here(), token, 0, None])
        elif token in ("}", "]"):
            stack.pop()
        elif token == ",":
            if stack and stack[-1][1] == "[":
                stack[-1][2] += 1
        elif kind == "string" and stack and stack[-1][1] == "{" \
                and n + 1 < len(tokens) and tokens[n + 1][1] == ":":
            stack[-1][3] = json.loads(token)
            lines.setdefault(here(), line)
        elif token != ":":
            lines.setdefault(here(), line)
    return lines


# ---------------------------------------------------------------- YAML

_YAML_KINDS = {"tag:yaml.org,2002:int": "number", "tag:yaml.org,2002:float": "number",
               "tag:yaml.org,2002:bool": "boolean", "tag:yaml.org,2002:null": "null"}


def _read_yaml(text: str, data: Data) -> None:
    try:
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        data.error = f"not valid YAML: {error.problem or error.context}"
        data.error_line = mark.line + 1 if mark else 1
        return
    except yaml.YAMLError as error:
        data.error = f"not valid YAML: {' '.join(str(error).split())}"
        return
    except RecursionError:  # the composer recurses: nesting past the stack
        raise _TooBig(f"it nests more than {nesting.MAX_DEPTH} levels deep") from None
    documents = [d for d in documents if d is not None]
    constructor = yaml.SafeLoader("")
    for index, node in enumerate(documents):
        _yaml_entries(node, (index,) if len(documents) > 1 else (), constructor, data)


def _yaml_entries(root: yaml.Node, prefix: Path, constructor: yaml.SafeLoader, data: Data) -> None:
    """Entries of a composed document; an alias is expanded where it is used,
    within the entry budget (an alias bomb stops there)."""
    stack: list[tuple[Path, yaml.Node, int]] = [(prefix, root, root.start_mark.line + 1)]
    while stack:
        path, node, line = stack.pop()
        if len(path) > nesting.MAX_DEPTH:
            raise _TooBig(f"it nests more than {nesting.MAX_DEPTH} levels deep")
        if len(data.entries) >= MAX_ENTRIES:
            raise _TooBig(f"it holds more than {MAX_ENTRIES} values (an alias expanding too far?)")
        if isinstance(node, yaml.MappingNode):
            data.entries.setdefault(path, Entry("object", None, line))
            children = [((*path, str(k.value) if isinstance(k, yaml.ScalarNode) else str(k.start_mark)),
                         v, k.start_mark.line + 1) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            data.entries.setdefault(path, Entry("array", None, line))
            children = [((*path, i), v, v.start_mark.line + 1) for i, v in enumerate(node.value)]
        else:
            data.entries.setdefault(path, _yaml_scalar(node, line, constructor))
            children = []
        stack.extend(reversed(children))


def _yaml_scalar(node: yaml.Node, line: int, constructor: yaml.SafeLoader) -> Entry:
    kind = _YAML_KINDS.get(node.tag, "string")
    if kind == "string":
        value: Any = str(node.value)
        return Entry("elided" if value.strip() in ("...", "\u2026") else kind, value, line)
    try:
        value = constructor.construct_object(node)
    except (yaml.YAMLError, ValueError):
        value = str(node.value)
    return Entry(kind, value, line)


# ---------------------------------------------------------------- TOML

_TOML_ERROR_LINE = re.compile(r"\(at line (\d+)")
_TOML_TABLE = re.compile(r"^\s*(\[\[?)\s*([^\]#]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_PART_TEXT = r"""(?:[\w-]+|"[^"\n]*"|'[^'\n]*')"""
_TOML_KEY = re.compile(rf"^\s*({_TOML_PART_TEXT}(?:\s*\.\s*{_TOML_PART_TEXT})*)\s*=")
_TOML_PART = re.compile(r"""[\w-]+|"[^"\n]*"|'[^'\n]*'""")


def _read_toml(text: str, data: Data) -> None:
    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_ERROR_LINE.search(str(error))
        data.error = f"not valid TOML: {str(error).split(' (at ')[0]}"
        data.error_line = int(found.group(1)) if found else 1
        return
    except RecursionError:
        raise _TooBig(f"it nests more than {nesting.MAX_DEPTH} levels deep") from None
    _flatten(_plain(value), _toml_lines(text), data)


def _plain(value: Any) -> Any:
    """Dates and times as the strings they are written as (iteratively)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _toml_parts(key: str) -> Path:
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in _TOML_PART.findall(key))


def _toml_lines(text: str) -> dict[Path, int]:
    """Path -> line of its table header or key (`[[x]]` counts the items)."""
    lines: dict[Path, int] = {}
    table: Path = ()
    counts: dict[Path, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        header = _TOML_TABLE.match(line)
        if header:
            path = _toml_parts(header.group(2))
            if header.group(1) == "[[":
                counts[path] = counts.get(path, -1) + 1
                lines.setdefault(path, number)
                path = (*path, counts[path])
            table = path
            lines.setdefault(table, number)
            continue
        key = _TOML_KEY.match(line)
        if key:
            parts = _toml_parts(key.group(1))
            for depth in range(1, len(parts) + 1):   # `b.c = 2` writes table `b` too
                lines.setdefault((*table, *parts[:depth]), number)
    return lines


# ---------------------------------------------------------------- dotenv, INI

_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]\s*(.*?)\s*$")
_SECTION = re.compile(r"^\s*\[([^\]]+)\]\s*$")
_BARE_KEY = re.compile(r"^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*$")


def _read_lines(text: str, data: Data) -> None:
    """`KEY=VALUE` lines (`export`, quotes, `#` comments; INI `[sections]`
    and `;` comments); any other line is an error at its line."""
    section: Path = ()
    lines = text.split("\n")
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        stripped = line.strip()
        if not stripped or stripped[0] in "#;" or stripped in ("...", "\u2026"):
            continue
        if data.format == "ini" and (found := _SECTION.match(line)):
            section = (found.group(1).strip(),)
            data.entries.setdefault(section, Entry("object", None, number))
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment is None:
            bare = _BARE_KEY.match(line)
            if bare is None:
                data.entries.clear()
                data.error, data.error_line = f"not a `KEY=VALUE` line: {stripped[:60]}", number
                return
            key, value, start = bare.group(1), "", number
        else:
            key, start = assignment.group(1), number
            value, number = _env_value(assignment.group(2), lines, number)
        if len(data.entries) >= MAX_ENTRIES:
            raise _TooBig(f"it holds more than {MAX_ENTRIES} values")
        data.entries[(*section, key)] = Entry("string", value, start)


def _env_value(raw: str, lines: list[str], number: int) -> tuple[str, int]:
    """A value as dotenv reads it: quoted (a double-quoted one may span lines),
    else up to an inline ` #` comment; and the line after it."""
    quote = raw[:1]
    if quote in ("'", '"'):
        text = raw[1:]
        while True:
            end = _closing(text, quote)
            if end >= 0:
                return text[:end], number
            if quote == "'" or number >= len(lines):
                return raw, number  # unclosed: as written
            text += "\n" + lines[number]
            number += 1
    return re.split(r"\s+#", raw, maxsplit=1)[0].strip(), number


def _closing(text: str, quote: str) -> int:
    index = 0
    while (index := text.find(quote, index)) >= 0:
        if quote == "'" or index == 0 or text[index - 1] != "\\":
            return index
        index += 1
    return -1


# ---------------------------------------------------------------- comparing

_WORD = re.compile(r"[^\W\d_]{2,}")


# Keys whose value is free text whatever its length (`"question": "hello"`):
# what a user types or a person reads, never an enum.
FREE_TEXT_KEYS = frozenset({"message", "text", "question", "query", "prompt", "content", "answer",
                            "description", "title", "label", "placeholder", "help", "hint",
                            "summary", "comment", "greeting", "caption", "body", "input", "output"})


def localisable(value: Any, path: Path = ()) -> bool:
    """Free text a translator translates: a string of two words or more
    (`"User created"`, `"message": "Invalid token"`), or any string of a
    free-text key (`"question": "hello"`); a one-word value elsewhere
    (`"indexed"`, `admin`, `postgres:16`) is enum-like, a value."""
    if not isinstance(value, str):
        return False
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    return key.lower() in FREE_TEXT_KEYS or (len(value.split()) > 1 and len(_WORD.findall(value)) > 1)


# A key naming a locale (`en_US`, `zh_Hans`, `pt-BR`): an i18n map's entry,
# which each translation may add for its own language and fill in it.
_LOCALE_KEY = re.compile(r"[a-z]{2,3}[_-](?:[A-Z]{2}|[A-Z][a-z]{3})")


def localised_path(path: Path) -> bool:
    """Whether a key path runs through a locale-named key (`label.ja_JP`)."""
    return any(isinstance(part, str) and _LOCALE_KEY.fullmatch(part) for part in path)


def likeness(mine: dict[Path, Entry], theirs: dict[Path, Entry]) -> float:
    """Share of key paths two blocks have in common (items by position), a
    key renamed with its value kept counting as common: in a block of two
    keys, one renamed is still the same block, drifted."""
    union = len(mine.keys() | theirs.keys())
    if not union:
        return 1.0
    only_mine = Counter(_scalar(mine[p]) for p in mine.keys() - theirs.keys())
    only_theirs = Counter(_scalar(theirs[p]) for p in theirs.keys() - mine.keys())
    renamed = sum((only_mine & only_theirs).values())
    return (len(mine.keys() & theirs.keys()) + renamed) / (union - renamed)


def _scalar(entry: Entry) -> tuple[str, str]:
    """What a renamed key keeps: its value (containers never count as kept)."""
    if entry.kind in ("object", "array", "elided"):
        return (entry.kind, f"{id(entry)}")
    return (entry.kind, json.dumps(entry.value, sort_keys=True, ensure_ascii=False, default=str))


def wildcard(entry: Entry, hinted: frozenset[str]) -> bool:
    """An entry whose value matches any value: elided, or holding a placeholder."""
    return entry.kind == "elided" or placeholders.holds_placeholder(entry.value, hinted)


def quoted(value: Any) -> str:
    """A value as a message shows it: JSON-quoted, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
