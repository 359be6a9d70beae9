"""The cURL reader: one `curl` command line of a shell sample as requests.

`checker.extract.shell` parses the sample and resolves the words (quoting,
variables, here-documents, pipes); this module reads curl's own options and
fills a `RequestDraft`:

* `-X/--request`, `-d/--data/--data-ascii/--data-binary/--data-raw/
  --data-urlencode` (several joined with `&` as curl does), `--json`
  (implies `Content-Type` and `Accept: application/json`), `-F/--form/
  --form-string` (multipart), `-H/--header` (a `Cookie` header goes to
  cookies), `-b/--cookie "a=1; b=2"` (a cookie *file* is ignored), `-u/--user`
  (auth scheme only, with `--digest`/`--ntlm`/`--negotiate`/`--anyauth`),
  `-A` (User-Agent), `-e` (Referer), `--oauth2-bearer` (Authorization),
  `-G/--get` and `--url-query` (data into the query), `-I/--head`,
  `-T/--upload-file`, `--url`, `--next`, combined short flags (`-sSL`,
  `-sX POST`, `-XPOST`), `--` ; every other curl option is ignored but
  consumes its argument when it takes one (`-o FILE`, `-w FMT`, `-m 10`...);
* `-d @-` reads what the shell feeds stdin (`<<EOF`, `<<<`, `echo ... |`);
  `-d @file.json` / `--data-raw @file` keep the string `"@file.json"` (files
  are never read).

Left alone, on purpose: files named by `@file` or `-K` (never read); curl's
`--variable`/`--expand-*` substitution; `-f/--fail` and `-w '%{http_code}'`
(no success status is recorded: `expected_status` stays empty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

from checker.extract.http import RequestDraft, add_value
from checker.extract.shell import Builder, Command, Reader, ShellExtractor, Value
from checker.model import Request

# --- curl's command line -----------------------------------------------------

# Long options that take an argument (curl 8.x, docs/options-in-versions).
# Every other long option is a flag; knowing the full list keeps `-o out.json`
# or `--max-time 10` from being read as a URL.
_LONG_WITH_ARG = frozenset("""
abstract-unix-socket alt-svc aws-sigv4 cacert capath cert cert-type ciphers config
connect-timeout connect-to continue-at cookie cookie-jar create-file-mode crlfile
curves data data-ascii data-binary data-raw data-urlencode delegation dns-interface
dns-ipv4-addr dns-ipv6-addr dns-servers doh-url dump-header ech egd-file engine
etag-compare etag-save expect100-timeout form form-string ftp-account
ftp-alternative-to-user ftp-method ftp-port ftp-ssl-ccc-mode happy-eyeballs-timeout-ms
haproxy-clientip header hostpubmd5 hostpubsha256 hsts interface ip-tos ipfs-gateway
json keepalive-cnt keepalive-time key key-type krb libcurl limit-rate local-port
login-options mail-auth mail-from mail-rcpt max-filesize max-redirs max-time
netrc-file noproxy oauth2-bearer output output-dir parallel-max pass pinnedpubkey
preproxy proto proto-default proto-redir proxy proxy-cacert proxy-capath proxy-cert
proxy-cert-type proxy-ciphers proxy-crlfile proxy-header proxy-key proxy-key-type
proxy-pass proxy-pinnedpubkey proxy-service-name proxy-tls13-ciphers
proxy-tlsauthtype proxy-tlspassword proxy-tlsuser proxy-user proxy1.0 pubkey quote
random-file range rate referer request request-mode request-target resolve retry
retry-delay retry-max-time sasl-authzid service-name sigalgs socks4 socks4a socks5
socks5-gssapi-service socks5-hostname speed-limit speed-time ssl-sessions stderr
telnet-option tftp-blksize time-cond tls-max tls13-ciphers tlsauthtype tlspassword
tlsuser trace trace-ascii trace-config unix-socket upload-file url url-query user
user-agent variable vlan-priority write-out
""".split())  # noqa: SIM905 -- words, as curl's docs list them

# Short options, by their long name; the ones that take an argument are those
# whose long name is in _LONG_WITH_ARG.
_SHORT = {
    "A": "user-agent", "b": "cookie", "c": "cookie-jar", "C": "continue-at", "d": "data",
    "D": "dump-header", "e": "referer", "E": "cert", "F": "form", "G": "get", "H": "header",
    "I": "head", "K": "config", "m": "max-time", "o": "output", "P": "ftp-port",
    "Q": "quote", "r": "range", "t": "telnet-option", "T": "upload-file", "u": "user",
    "U": "proxy-user", "w": "write-out", "x": "proxy", "X": "request", "y": "speed-time",
    "Y": "speed-limit", "z": "time-cond", ":": "next",
}

_DATA_OPTIONS = frozenset({"data", "data-ascii", "data-binary", "data-raw", "data-urlencode"})
_AUTH_FLAGS = {"basic": "basic", "digest": "digest", "ntlm": "ntlm", "ntlm-wb": "ntlm",
               "negotiate": "negotiate", "anyauth": "any"}
_FORM_KEY = re.compile(r"[\w.\-\[\]]+")

# --- curl's options --------------------------------------------------------------

@dataclass
class _Option:
    name: str              # long name: "data", "header"...
    value: Value | None    # None for a flag
    line: int              # 1-based line where the option is written

    @property
    def given(self) -> Value:
        """The argument of an option that takes one (`_Call.values` gives only those)."""
        if self.value is None:
            raise ValueError(f"--{self.name} has no argument")
        return self.value

    @property
    def text(self) -> str:
        return self.given.text


@dataclass
class _Call:
    """One transfer: the URLs and options up to `--next`."""

    urls: list[Value] = field(default_factory=list)
    options: list[_Option] = field(default_factory=list)

    def values(self, *names: str) -> list[_Option]:
        return [o for o in self.options if o.name in names and o.value is not None]

    def has(self, name: str) -> bool:
        return any(o.name == name for o in self.options)


def _parse_options(args: list[Value]) -> list[_Call]:
    """curl's own reading of its command line, split at `--next`."""
    calls, call = [], _Call()
    i, only_urls = 0, False
    while i < len(args):
        arg = args[i]
        text = arg.text
        i += 1
        if only_urls or not text.startswith("-") or text == "-":
            call.urls.append(arg)
        elif text == "--":
            only_urls = True
        elif text.startswith("--"):
            i = _long_option(arg, args, i, call)
        else:
            i = _short_options(arg, args, i, call)
        if call.options and call.options[-1].name == "next":
            call.options.pop()
            calls.append(call)
            call = _Call()
    calls.append(call)
    return [c for c in calls if c.urls]


def _long_option(arg: Value, args: list[Value], i: int, call: _Call) -> int:
    name, value = arg.text[2:], None
    head, eq, _ = name.partition("=")
    if eq and head.removeprefix("expand-") in _LONG_WITH_ARG:
        # curl itself wants a space, but `--data=x` is plain in intent.
        name, value = head, arg.tail(len(head) + 3)
    name = name.removeprefix("expand-")
    if name in _LONG_WITH_ARG and value is None and i < len(args):
        value, i = args[i], i + 1
    if name == "url":
        if value is not None:
            call.urls.append(value)
        return i
    call.options.append(_Option(name, value, (value or arg).line))
    return i


def _short_options(arg: Value, args: list[Value], i: int, call: _Call) -> int:
    """`-sSL`, `-sX POST`, `-XPOST`, `-d@file`: flags until one takes an argument."""
    text = arg.text
    for j in range(1, len(text)):
        name = _SHORT.get(text[j], "flag-" + text[j])
        if name not in _LONG_WITH_ARG:
            call.options.append(_Option(name, None, arg.line))
            continue
        if j + 1 < len(text):
            value = arg.tail(j + 1)
        elif i < len(args):
            value, i = args[i], i + 1
        else:
            value = None
        call.options.append(_Option(name, value, (value or arg).line))
        break
    return i


# --- building the request --------------------------------------------------------

@dataclass
class _Piece:
    """One `-d`/`--json`/`--data-urlencode` argument."""

    option: str
    value: Value

    @property
    def text(self) -> str:
        return self.value.text


def _pieces(call: _Call, names: tuple[str, ...], stdin: Value | None) -> list[_Piece]:
    pieces = []
    for option in call.values(*names):
        value = option.given
        if value.text == "@-" and stdin is not None and option.name != "data-raw":
            value = stdin
        pieces.append(_Piece(option.name, value))
    return pieces




def _pairs(piece: _Piece) -> list[tuple[str, str, int]] | None:
    """`a=1&b=2` as (key, value, offset) triples, or None when it is not a form."""
    if piece.option == "data-urlencode":
        name, eq, content = piece.text.partition("=")
        if eq and name:
            return [(name, content, 0)]
        name, at, file = piece.text.partition("@")
        return [(name, "@" + file, 0)] if at and name else None
    pairs, offset = [], 0
    for part in piece.text.split("&"):
        key, eq, value = part.partition("=")
        if not eq or not _FORM_KEY.fullmatch(key):
            return None
        pairs.append((unquote_plus(key), unquote_plus(value), offset))
        offset += len(part) + 1
    return pairs or None



# --- building the request --------------------------------------------------------

def _first_line(value: Value) -> int:
    text = value.text
    return value.line_at(len(text) - len(text.lstrip()))


def _joined(pieces: list[_Piece], sep: str = "") -> Value:
    """The pieces' texts as one value, each part keeping its lines."""
    out = Builder()
    for index, piece in enumerate(pieces):
        if index and sep:
            out.add(sep, piece.value.row)
        out.extend(piece.value)
    return out.build(pieces[0].value.row)


def _add_headers(draft: RequestDraft, call: _Call) -> None:
    convenience = {"user-agent": "User-Agent", "referer": "Referer"}
    for option in call.values("user-agent", "referer", "oauth2-bearer"):
        text = option.text
        if option.name == "oauth2-bearer":
            draft.set_bearer(text, option.line)
        else:
            draft.set_header(convenience[option.name], text.split(";auto")[0], option.line)
    for option in call.values("header"):
        _add_header(draft, option.given)
    for option in call.values("cookie"):
        if "=" in option.text:  # otherwise a cookie file to read
            draft.add_cookies(option.text, option.given.line_at)


def _add_header(draft: RequestDraft, value: Value) -> None:
    text = value.text
    if text.startswith("@"):
        return  # headers from a file
    name, colon, content = text.partition(":")
    if not colon:
        if not text.rstrip().endswith(";"):
            return
        name, content = text.rstrip()[:-1], ""
    elif not content.strip():
        return  # `-H "Accept:"` removes a header curl would send
    name = name.strip()
    if not name or " " in name:
        return
    skip = len(text) - len(content)
    draft.set_header(name, content if name.lower() == "cookie" else content.strip(), value.line,
                     lambda offset: value.line_at(skip + offset))


def _set_auth(draft: RequestDraft, call: _Call) -> None:
    users = call.values("user")
    if not users:
        return
    scheme = "basic"
    for option in call.options:
        scheme = _AUTH_FLAGS.get(option.name, scheme)
    draft.set_auth(scheme, users[-1].line)


def _set_multipart(draft: RequestDraft, call: _Call) -> bool:
    """`-F name=value`, `-F file=@doc.pdf;type=...`: field -> value or "@file"."""
    fields = call.values("form", "form-string")
    if not fields:
        return False
    body: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    for option in fields:
        name, eq, content = option.text.partition("=")
        if not eq:
            continue
        if option.name == "form" and content[:1] in ("@", "<"):
            content = re.split(r";(?:type|filename|headers|encoder)=", content)[0]
        add_value(body, name, content)
        key_lines.setdefault(name, option.given.line)
    draft.set_body(body, "multipart", fields[0].given.line, key_lines)
    return True


def _set_json(draft: RequestDraft, pieces: list[_Piece]) -> None:
    """`--json`: the pieces joined; curl adds the JSON content type and accept."""
    joined = _joined(pieces)
    if not draft.set_json_text(joined.text, joined.line_at):
        draft.set_body(joined.text, "raw", _first_line(joined))
    draft.imply("Content-Type", "application/json")
    draft.imply("Accept", "application/json")


def _set_data(draft: RequestDraft, pieces: list[_Piece]) -> None:
    """`-d` and friends: JSON when it parses, a form when it is `k=v&...`, else raw."""
    content_type = (draft.header("content-type") or "").lower()
    if len(pieces) == 1 and pieces[0].option != "data-urlencode" \
            and draft.set_json_text(pieces[0].text, pieces[0].value.line_at,
                                    scalars="json" in content_type):
        return
    forms = [_pairs(p) for p in pieces]
    line = _first_line(pieces[0].value)
    if all(f is not None for f in forms):
        body: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for piece, pairs in zip(pieces, forms, strict=False):
            for key, value, offset in pairs or ():
                add_value(body, key, value)
                key_lines.setdefault(key, piece.value.line_at(offset))
        draft.set_body(body, "form", line, key_lines)
    else:
        draft.set_body("&".join(p.text for p in pieces), "raw", line)


def _query_pairs(piece: _Piece) -> list[tuple[str, str, int]]:
    """A `-G` piece or `--url-query` as query pairs; a lone word is a key with no value."""
    text = piece.text
    if piece.option == "url-query" and text.startswith("+"):
        piece, text = _Piece("data", piece.value.tail(1)), text[1:]  # already encoded
    elif piece.option == "url-query":
        piece = _Piece("data-urlencode", piece.value)
    if piece.option == "data-urlencode":
        return _pairs(piece) or [(text, "", 0)]
    pairs, offset = [], 0
    for part in text.split("&"):
        key, _, value = part.partition("=")
        if part:
            pairs.append((unquote_plus(key), unquote_plus(value), offset))
        offset += len(part) + 1
    return pairs


def _set_query(draft: RequestDraft, pieces: list[_Piece]) -> None:
    """`-G` data and `--url-query`: into the query string, not the body."""
    for piece in pieces:
        for key, value, offset in _query_pairs(piece):
            draft.add_query(key, value, piece.value.line_at(offset))


def _method(call: _Call, draft: RequestDraft, has_data: bool, start_line: int) -> None:
    requested = call.values("request")
    if requested:
        draft.set_method(requested[-1].text, requested[-1].line)
    elif call.has("head"):
        draft.set_method("HEAD", start_line)
    elif call.has("get"):
        draft.set_method("GET", start_line)
    elif has_data:
        draft.set_method("POST", start_line)
    elif call.values("upload-file"):
        draft.set_method("PUT", start_line)
    else:
        draft.set_method("GET", start_line)


def _draft(call: _Call, stdin: Value | None, start_line: int) -> RequestDraft:
    draft = RequestDraft("curl", start_line)
    _add_headers(draft, call)
    _set_auth(draft, call)
    data = _pieces(call, tuple(sorted(_DATA_OPTIONS)), stdin)
    json_pieces = _pieces(call, ("json",), stdin)
    _set_query(draft, _pieces(call, ("url-query",), None))
    if call.has("get"):
        _set_query(draft, data)
        data = []
    multipart = _set_multipart(draft, call)
    uploads = call.values("upload-file")
    if multipart:
        pass
    elif json_pieces:
        _set_json(draft, json_pieces)
    elif data:
        _set_data(draft, data)
    elif uploads:
        draft.set_body("@" + uploads[-1].text, "raw", uploads[-1].line)
    _method(call, draft, multipart or bool(data or json_pieces), start_line)
    return draft


def read(command: Command) -> list[Request]:
    """The requests of one curl command: one per URL of each `--next` part."""
    requests = []
    for call in _parse_options(command.args):
        for url in call.urls:
            draft = _draft(call, command.stdin, command.start)  # one each: URLs add their own lines
            draft.set_url(url.text, url.line)
            requests.append(draft.build(command.end))
    return requests


class CurlExtractor(ShellExtractor):
    """Reads only the curl commands of a shell sample (`ShellExtractor` reads every tool)."""

    def __init__(self) -> None:
        reader: Reader = read
        super().__init__({"curl": reader, "curl.exe": reader})
