"""The wget reader: one `wget` command line as requests, one per URL.

`checker.extract.shell` parses the sample and resolves the words; this module
reads wget's options (GNU Wget 1.21) and fills a `RequestDraft`:

* `--method=POST`, `--header='Name: value'` (repeated; a later one of a name
  replaces it; `Cookie:` is cookies), `--body-data='...'` and `--post-data`
  (JSON when it parses, a form when it reads `k=v&...`, raw otherwise;
  `--post-data` makes it a POST, and wget sends the form content type when
  no header names one), `--body-file` / `--post-file` (kept as `"@file"`,
  never read), `--user`/`--http-user` (basic auth; the password is not kept),
  `-U/--user-agent`, `--referer`;
* options as wget takes them: `--name=value`, `--name value`, `-O -`,
  `-O-`, combined flags (`-qO-`, `-nv`); every other option is ignored but
  consumes its argument when it takes one (`-O file`, `-P dir`, `-t 3`...).

Left alone: `-i FILE` (URLs from a file), `--load-cookies` (a file), wgetrc
`-e` commands, recursion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.extract.http import LineAt, RequestDraft
from checker.extract.shell import Command, Value
from checker.model import Request

# Long options that take an argument (wget 1.21 `--help`); every other one is a flag.
_LONG_WITH_ARG = frozenset("""
accept accept-regex append-output base bind-address bind-dns-address body-data body-file
ca-certificate ca-directory certificate certificate-type ciphers config connect-timeout
crl-file cut-dirs default-page dns-servers dns-timeout domains egd-file exclude-directories
exclude-domains execute header hsts-file http-password http-user include-directories input-file
level limit-rate load-cookies local-encoding max-redirect method output-document output-file
password pinnedpubkey post-data post-file prefer-family private-key private-key-type
progress proxy-password proxy-user quota random-file read-timeout referer reject
reject-regex remote-encoding restrict-file-names save-cookies secure-protocol timeout tries
use-askpass user user-agent wait waitretry warc-file warc-header warc-max-size warc-tempdir
directory-prefix report-speed retry-on-http-error
""".split())  # noqa: SIM905 -- words, as wget's help lists them
_SHORT = {"O": "output-document", "o": "output-file", "a": "append-output", "P": "directory-prefix",
          "t": "tries", "T": "timeout", "w": "wait", "l": "level", "A": "accept", "R": "reject",
          "U": "user-agent", "e": "execute", "i": "input-file", "B": "base", "D": "domains",
          "I": "include-directories", "X": "exclude-directories", "Q": "quota"}
FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass
class _Option:
    name: str
    value: Value | None
    line: int


@dataclass
class _Call:
    urls: list[Value] = field(default_factory=list)
    options: list[_Option] = field(default_factory=list)

    def last(self, *names: str) -> _Option | None:
        return next((o for o in reversed(self.options) if o.name in names and o.value), None)


def _parse_options(args: list[Value]) -> _Call:
    call, i, only_urls = _Call(), 0, False
    while i < len(args):
        arg, text = args[i], args[i].text
        i += 1
        if only_urls or not text.startswith("-") or text == "-":
            call.urls.append(arg)
        elif text == "--":
            only_urls = True
        elif text.startswith("--"):
            name, eq, _ = text[2:].partition("=")
            value = arg.tail(len(name) + 3) if eq else None
            if value is None and name in _LONG_WITH_ARG and i < len(args):
                value, i = args[i], i + 1
            call.options.append(_Option(name, value, (value or arg).line))
        else:
            i = _short_options(arg, args, i, call)
    return call


def _short_options(arg: Value, args: list[Value], i: int, call: _Call) -> int:
    """`-q`, `-qO-`, `-O file`, `-nv`: flags until one takes an argument."""
    text = arg.text
    j = 1
    while j < len(text):
        if text[j] == "n" and j + 1 < len(text):   # `-nv`, `-nc`, `-nH`: one flag of two letters
            call.options.append(_Option("no-" + text[j + 1], None, arg.line))
            j += 2
            continue
        name = _SHORT.get(text[j], "flag-" + text[j])
        if name not in _LONG_WITH_ARG:
            call.options.append(_Option(name, None, arg.line))
            j += 1
            continue
        value = arg.tail(j + 1) if j + 1 < len(text) else None
        if value is None and i < len(args):
            value, i = args[i], i + 1
        call.options.append(_Option(name, value, (value or arg).line))
        break
    return i


def _shifted(value: Value, skip: int) -> LineAt:
    """Lines of a text that starts `skip` characters into `value`."""
    return lambda offset: value.line_at(skip + offset)


def _add_headers(draft: RequestDraft, call: _Call) -> None:
    for option in call.options:
        if option.value is None:
            continue
        value = option.value
        if option.name == "header":
            name, colon, content = value.text.partition(":")
            if colon and name.strip() and " " not in name.strip() and content.strip():
                draft.set_header(name.strip(), content.strip(), value.line,
                                 _shifted(value, len(value.text) - len(content)))
        elif option.name == "user-agent":
            draft.set_header("User-Agent", value.text, value.line)
        elif option.name == "referer":
            draft.set_header("Referer", value.text, value.line)


def _set_body(draft: RequestDraft, call: _Call) -> None:
    """The last body option given: text, or a file named (never read)."""
    chosen = call.last("body-data", "post-data", "body-file", "post-file")
    if chosen is None or chosen.value is None:
        return
    if chosen.name.endswith("-file"):
        draft.set_body("@" + chosen.value.text, "raw", chosen.value.line)
    else:
        draft.set_body_text(chosen.value.text, chosen.value.line_at)
    # wget names a body's type itself when no header does (whatever the body is).
    draft.imply("Content-Type", FORM_TYPE)


def _draft(call: _Call, start: int) -> RequestDraft:
    draft = RequestDraft("wget", start)
    _add_headers(draft, call)
    user = call.last("user", "http-user")
    if user is not None:
        draft.set_auth("basic", user.line)
    _set_body(draft, call)
    method = call.last("method")
    if method is not None and method.value is not None:
        draft.set_method(method.value.text, method.line)
    elif call.last("post-data", "post-file") is not None:
        draft.set_method("POST", start)
    else:
        draft.set_method("GET", start)
    return draft


def read(command: Command) -> list[Request]:
    """The requests of one wget command: one per URL."""
    call = _parse_options(command.args)
    requests = []
    for url in call.urls:
        if not url.text or url.text == "-":
            continue
        draft = _draft(call, command.start)
        draft.set_url(url.text, url.line)
        requests.append(draft.build(command.end))
    return requests
