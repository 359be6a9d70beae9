"""Python samples -> the HTTP requests they send, read with the standard `ast`.

The sample is parsed, never run. A small evaluator (`walker.py`) walks the
statements in source order and keeps a symbol table (`scopes.py`) of what
each name holds (`values.py`); a later assignment replaces an earlier one.
Every request goes through `checker.extract.http.RequestDraft`, which says
what headers, cookies, bodies and statuses mean; this package only says how
Python writes them.

- Clients (`Request.client`): `client_requests.py` reads requests, httpx and
  aiohttp (module functions, sessions and clients with their defaults),
  `client_urllib.py` urllib.request (`Request`, `add_header`, `urlopen`),
  `client_http.py` http.client (`HTTPSConnection`, `conn.request`,
  `getresponse`).
- Values (`library.py` and the walker): literals, names, f-strings, `+`, `%`,
  `.format()`, a few pure string methods, `dict(...)`, `{**a, "k": v}`,
  `json.dumps`, `urlencode`, `open()` (-> "@path"), `os.path.basename/join`,
  `urljoin`; dict mutation (`d["k"] = v`, `d.update(...)`). What cannot be
  known (parameters, environment, call results) is written `${<source text>}`,
  in place inside strings.
- Functions: a call `f(args)` walks `f`'s body with its parameters bound (so
  `query({...})` fills `json=payload`); functions never called are walked
  once with unknown parameters. `self.x = ...` in one method is seen by the
  others; `self.method(...)` is followed too.
- Status checks (`status.py`) on a response variable: `==`, `!=`, `in`,
  `not in`, `assert`, `match`, `requests.codes.ok`, ranges such as
  `200 <= s < 300` (-> "2xx"), `raise_for_status()`, `.ok`, `.is_success`
  (-> "2xx"), urllib's `getcode()`. Codes of 400 and up are failure branches,
  not expected statuses.

What it leaves alone: SDKs such as `flowise`, instances of user classes
(methods are read on their own, not per instance), loop iterations (a loop
body is read once), values computed by arithmetic or unknown functions, and
REPL transcripts (`>>>`). Code that does not parse is reported with the
parser's message and line, and yields nothing. Text that is too large or too
deep to follow yields what was found so far.
"""

from __future__ import annotations

import ast
import contextlib
import textwrap

from checker.extract.base import Extraction, guarded
from checker.extract.python.walker import Stop, Walker

__all__ = ["PythonExtractor", "extract_python"]


class PythonExtractor:
    """Reads Python samples that use requests, httpx, aiohttp, urllib or http.client."""

    languages: frozenset[str] = frozenset({"python"})

    def extract(self, code: str) -> Extraction:
        return guarded(extract_python, code)


def extract_python(code: str) -> Extraction:
    """The work of `PythonExtractor.extract`, free to raise on a bug (tests see it)."""
    if not isinstance(code, str):
        return Extraction(error="sample is not text")
    # A fence indented as a whole (inside a list item) is still one program;
    # dedent keeps every line number.
    text = textwrap.dedent(code)
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        return Extraction(error=exc.msg or "invalid syntax", error_line=exc.lineno)
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        return Extraction(error=str(exc) or type(exc).__name__, error_line=None)
    walker = Walker(text)
    # Keep what was found before the budget or the stack ran out.
    with contextlib.suppress(Stop, RecursionError, MemoryError):
        walker.run(tree)
    return Extraction(requests=walker.result())
