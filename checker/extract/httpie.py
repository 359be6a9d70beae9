"""The HTTPie reader: one `http` / `https` / `xh` command line as a request.

`checker.extract.shell` parses the sample and resolves the words; this module
reads HTTPie's command line (`http [flags] [METHOD] URL [ITEM ...]`, also xh's)
and fills a `RequestDraft`:

* the method (any word of letters before the URL; else POST when data is sent,
  GET otherwise) and the URL: `:3000/path` is `http://localhost:3000/path`,
  a URL without a scheme gets `http://` (`https://` for `https`/`xhs`, or
  `--default-scheme`);
* request items: `Header:value` (`Header:` unsets one, `Header;` sends it
  empty, `Cookie:a=1; b=2` is cookies), `key==value` (query), `key=value`
  (a string field), `key:=json` (a raw JSON value), `key=@file` /
  `key:=@file` (kept as `"@file"`, never read), `field@file` (a file field:
  multipart), nested keys `user[name]=Ada`, `tags[]=a`; `\\:` / `\\=` escape a
  separator;
* `--json/-j` (the default: the fields are a JSON object, `Content-Type` and
  `Accept` implied as HTTPie sends them), `--form/-f` (a form, or multipart
  with a file field), `--multipart`, `--raw TEXT`, a body on stdin
  (`<<<`, `<<EOF`, `echo ... |`, `< file.json`) or `@file.json` (kept as
  `"@file.json"`); `--ignore-stdin/-I`;
* `--auth/-a USER[:PASS]` with `--auth-type/-A basic|digest|bearer` (a bearer
  token becomes the `Authorization` header), xh's `--bearer TOKEN`; every
  other option is ignored but consumes its argument when it takes one.

A command whose words are no HTTPie call (`http` is also an English word: a
prose line `http is a protocol`) gives no request: the URL must look like one
and every word after it must be a request item.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from checker.extract.http import METHODS, RequestDraft
from checker.extract.shell import Command, Value
from checker.model import Request

# Long options that take an argument (HTTPie 3.2 and xh 0.22); every other one is a flag.
_LONG_WITH_ARG = frozenset("""
auth auth-type bearer boundary cert cert-key cert-key-pass ciphers default-scheme
format-options history-print http-version interface max-redirects output pretty print
proxy raw resolve response-charset response-mime session session-read-only ssl style
timeout unix-socket verify
""".split())  # noqa: SIM905 -- words, as the docs list them
_SHORT = {"a": "auth", "A": "auth-type", "p": "print", "P": "history-print", "o": "output",
          "s": "style", "j": "json", "f": "form", "I": "ignore-stdin", "F": "follow",
          "v": "verbose", "h": "headers", "b": "body", "d": "download", "q": "quiet"}
# Separators of a request item, longest first where two start at one place.
_SEPARATORS = (":=@", "=@", "==", ":=", "=", "@", ":", ";")
_METHOD_WORD = re.compile(r"[A-Za-z]+")
# What a URL of a sample looks like: a scheme, the `:port` shorthand, a
# placeholder, or a host (with a dot, or localhost) and maybe a port and a path.
_URL_LIKE = re.compile(r"(?:[a-z][a-z0-9+.-]*://|:(?:\d+)?(?:/|$)|\$\{|<|\{"
                       r"|(?:localhost|[\w-]+(?:\.[\w-]+)+)(?::\d+)?(?:[/?#]|$))", re.IGNORECASE)
_NESTED = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])+)")
JSON_ACCEPT = "application/json, */*;q=0.5"
FORM_TYPE = "application/x-www-form-urlencoded; charset=utf-8"


@dataclass
class _Item:
    separator: str
    key: str
    value: str
    given: Value     # the whole word, for its line


@dataclass
class _Call:
    options: dict[str, Value | None] = field(default_factory=dict)   # last of each, by long name
    positionals: list[Value] = field(default_factory=list)

    def text(self, name: str) -> str | None:
        value = self.options.get(name)
        return value.text if value is not None else None


def _parse_options(args: list[Value]) -> _Call:
    call, i, only_positionals = _Call(), 0, False
    while i < len(args):
        arg, text = args[i], args[i].text
        i += 1
        if only_positionals or not text.startswith("-") or text == "-":
            call.positionals.append(arg)
        elif text == "--":
            only_positionals = True
        elif text.startswith("--"):
            name, eq, _ = text[2:].partition("=")
            if eq:
                call.options[name] = arg.tail(len(name) + 3)
            elif name in _LONG_WITH_ARG and i < len(args):
                call.options[name], i = args[i], i + 1
            else:
                call.options[name] = None
        else:
            i = _short_options(arg, args, i, call)
    return call


def _short_options(arg: Value, args: list[Value], i: int, call: _Call) -> int:
    """`-vf`, `-a user:pass`, `-atoken`: flags until one takes an argument."""
    text = arg.text
    for j in range(1, len(text)):
        name = _SHORT.get(text[j], "flag-" + text[j])
        if name not in _LONG_WITH_ARG:
            call.options[name] = None
            continue
        if j + 1 < len(text):
            call.options[name] = arg.tail(j + 1)
        elif i < len(args):
            call.options[name], i = args[i], i + 1
        break
    return i


def _item(word: Value) -> _Item | None:
    """`key<sep>value` at the first separator not escaped by `\\`; None when none."""
    text = word.text
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i += 2
            continue
        separator = next((s for s in _SEPARATORS if text.startswith(s, i)), None)
        if separator is not None and i > 0:
            key = re.sub(r"\\(.)", r"\1", text[:i])
            return _Item(separator, key, text[i + len(separator):], word)
        if separator is not None:
            return None  # `:3000` or `=x`: no key
        i += 1
    return None


def _url(text: str, name: str, call: _Call) -> str:
    """The URL HTTPie sends to: the localhost shorthand and the default scheme filled in."""
    scheme = call.text("default-scheme") or ("https" if name in ("https", "xhs") else "http")
    if re.match(r":(?:\d+)?(?:/|$)", text):
        port = text[1:].split("/", 1)[0]
        return f"{scheme}://localhost" + (f":{port}" if port else "") + text[1 + len(port):]
    if "://" in text or text[:1] in ("$", "<", "{"):
        return text
    return f"{scheme}://{text}"


def _path(key: str) -> list[str] | None:
    """`user[name]` -> ["user", "name"], `tags[]` -> ["tags", ""]; None for a plain key."""
    match = _NESTED.fullmatch(key)
    if match is None:
        return None
    return [match.group(1)] + re.findall(r"\[([^\[\]]*)\]", match.group(2))


def _nest(body: dict[str, Any], path: list[str], value: Any) -> str:
    """Sets `value` at a nested path (`[]` appends, `[0]` indexes); its `a.b`
    key, as `json_key_offsets` names it, for the line of the field."""
    target: Any = body
    for index, step in enumerate(path):
        last = index == len(path) - 1
        following = "" if last else path[index + 1]
        fresh: Any = value if last else ([] if following == "" or following.isdigit() else {})
        if isinstance(target, list):
            if step.isdigit() and int(step) < len(target):
                if last:
                    target[int(step)] = value
                target = target[int(step)]
            else:
                target.append(fresh)
                target = target[-1]
        elif isinstance(target, dict):
            if last or not isinstance(target.get(step), (dict, list)):
                target[step] = fresh
            target = target[step]
        else:
            break   # a scalar where the path goes on: HTTPie refuses it, keep what was set
    return ".".join(step for step in path if step and not step.isdigit())


def _field_value(item: _Item) -> Any:
    if item.separator in ("=@", ":=@"):
        return "@" + item.value   # a file's content: never read
    if item.separator == ":=":
        try:
            return json.loads(item.value)
        except (ValueError, RecursionError):
            return item.value
    return item.value


def _add_header(draft: RequestDraft, item: _Item) -> None:
    if item.separator == ";":
        draft.set_header(item.key, "", item.given.line)
    elif not item.value.strip():
        draft.drop_header(item.key)   # `Header:` unsets one HTTPie would send
    else:
        skip = len(item.given.text) - len(item.value)
        draft.set_header(item.key, item.value.strip(), item.given.line,
                         lambda offset: item.given.line_at(skip + offset))


def _set_auth(draft: RequestDraft, call: _Call) -> None:
    bearer = call.options.get("bearer")
    if bearer is not None:
        draft.set_bearer(bearer.text, bearer.line)
    credentials = call.options.get("auth")
    if credentials is None:
        return
    scheme = (call.text("auth-type") or "basic").lower()
    if scheme == "bearer":
        draft.set_bearer(credentials.text, credentials.line)
    else:
        draft.set_auth(scheme, credentials.line)


def _set_fields(draft: RequestDraft, call: _Call, fields: list[_Item]) -> None:
    """The data items: a JSON object, a form, or multipart when a file is sent."""
    body: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    for item in fields:
        value = "@" + item.value if item.separator == "@" else _field_value(item)
        path = _path(item.key)
        key = _nest(body, path, value) if path else item.key
        if path is None:
            body[item.key] = value
        key_lines.setdefault(key, item.given.line)
    form = "form" in call.options or "multipart" in call.options
    if "multipart" in call.options or any(item.separator == "@" for item in fields):
        draft.set_body(body, "multipart", fields[0].given.line, key_lines)
    elif form:
        draft.set_body(body, "form", fields[0].given.line, key_lines)
        draft.imply("Content-Type", FORM_TYPE)
    else:
        draft.set_body(body, "json", fields[0].given.line, key_lines)
        _imply_json(draft)


def _imply_json(draft: RequestDraft) -> None:
    draft.imply("Content-Type", "application/json")
    draft.imply("Accept", JSON_ACCEPT)


def _set_text(draft: RequestDraft, call: _Call, text: Value) -> None:
    """A body given whole (`--raw`, stdin): sent as written, typed as HTTPie types it."""
    form = "form" in call.options
    kind = draft.header("content-type") or (FORM_TYPE if form else "application/json")
    draft.set_body_text(text.text, text.line_at, content_type=kind)
    if form:
        draft.imply("Content-Type", FORM_TYPE)
    else:
        _imply_json(draft)


def _whole_body(command: Command, call: _Call, items: list[Value]) -> Value | None:
    """`--raw TEXT`, `@file.json`, or stdin (unless `--ignore-stdin`)."""
    raw = call.options.get("raw")
    if raw is not None:
        return raw
    files = [word for word in items if word.text.startswith("@") and len(word.text) > 1]
    if files:
        return files[-1]
    if "ignore-stdin" in call.options:
        return None
    return command.stdin


def read(command: Command) -> list[Request]:
    """The request of one HTTPie command; none when its words are no HTTPie call."""
    call = _parse_options(command.args)
    words = call.positionals
    if not words:
        return []
    method: Value | None = None
    if len(words) > 1 and _METHOD_WORD.fullmatch(words[0].text) \
            and (words[0].text.upper() in METHODS or words[0].text.isupper()):
        method, words = words[0], words[1:]
    url, rest = words[0], words[1:]
    if not _URL_LIKE.match(url.text):
        return []
    body_files = [word for word in rest if word.text.startswith("@")]
    items = [_item(word) for word in rest if not word.text.startswith("@")]
    if any(item is None for item in items):
        return []   # a word that is no request item: not an HTTPie call
    draft = RequestDraft("httpie", command.start)
    _set_auth(draft, call)
    fields = []
    for item in items:
        if item is None:
            continue
        if item.separator in (":", ";"):
            _add_header(draft, item)
        elif item.separator == "==":
            draft.add_query(item.key, item.value, item.given.line)
        else:
            fields.append(item)
    whole = _whole_body(command, call, body_files)
    if fields:
        _set_fields(draft, call, fields)
    elif whole is not None:
        _set_text(draft, call, whole)
    if method is not None:
        draft.set_method(method.text, method.line)
    else:
        draft.set_method("POST" if fields or whole is not None else "GET", command.start)
    draft.set_url(_url(url.text, command.name, call), url.line)
    return [draft.build(command.end)]
