"""What a sample checks of a response: `resp.status_code == 201`,
`in (200, 201)`, `200 <= resp.status < 300`, `match`, `raise_for_status()`,
`.ok`. The spelling of a status (`requests.codes.created`, `HTTPStatus.CREATED`)
is read by `checker.extract.http.status_code`; codes of 400 and up are the
failure branch, never what success looks like."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from checker.extract.http import RequestDraft, status_code
from checker.extract.python.values import Attr, Lib, Response, Val

if TYPE_CHECKING:
    from checker.extract.python.walker import Walker

# Where a status name may come from: `requests.codes.ok`, `HTTPStatus.CREATED`.
STATUS_NAMESPACES = ("requests.codes.", "httpx.codes.", "http.HTTPStatus.", "http.client.",
                     "HTTPStatus.")
# Attributes of a response that hold its status code.
STATUS_ATTRS = frozenset({"status_code", "status", "code"})
SUCCESS = "2xx"


def status_target(value: Val, last: RequestDraft | None) -> RequestDraft | None:
    """The request whose status `value` is, if it is `resp.status_code` / `resp.status`."""
    attr = value.data
    if not isinstance(attr, Attr) or attr.name not in STATUS_ATTRS:
        return None
    if isinstance(attr.base.data, Response) and attr.base.src is None:
        return attr.base.data.draft
    # A response we did not see being made: the last request before it.
    return last if attr.name == "status_code" else None


def compare(op: ast.cmpop, left: Val, right: Val, line: int, last: RequestDraft | None) -> None:
    """`status == 201`, `status in (200, 201)`, `200 <= status < 300`."""
    draft, other = status_target(left, last), right
    if draft is None:
        draft, other = status_target(right, last), left
    if draft is None:
        return
    found = codes(other)
    if isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)):
        found = [SUCCESS] if any(200 <= int(c) <= 300 for c in found) else []
    elif not isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
        return
    mark(draft, found, line)


def mark(draft: RequestDraft, found: list[str], line: int) -> None:
    for code in found:
        if code == SUCCESS:
            draft.expect_success(line)
        else:
            draft.expect(code, line)


def codes(value: Val) -> list[str]:
    """Status codes a comparison names: 204, (200, 201), requests.codes.ok."""
    if value.items is not None:
        return [code for item in value.items for code in codes(item)]
    if value.src is not None:
        return []
    code: str | None = None
    if isinstance(value.data, int) and not isinstance(value.data, bool):
        code = status_code(value.data)
    elif isinstance(value.data, Lib) and value.data.path.startswith(STATUS_NAMESPACES):
        code = status_code(value.data.path.rsplit(".", 1)[1])
    return [code] if code else []


def match_codes(pattern: ast.pattern) -> list[str]:
    """The codes of a `case 200 | 201:` pattern."""
    if isinstance(pattern, ast.MatchOr):
        return [code for inner in pattern.patterns for code in match_codes(inner)]
    if isinstance(pattern, ast.MatchValue) and isinstance(pattern.value, ast.Constant):
        constant = pattern.value.value
        if isinstance(constant, int) and not isinstance(constant, bool):
            code = status_code(constant)
            return [code] if code else []
    return []


def response_method(walker: Walker, attr: Attr, node: ast.Call) -> Val:
    """A method of a response: `raise_for_status()` says success is any 2xx;
    urllib's `getcode()` is its status, compared next."""
    assert isinstance(attr.base.data, Response)
    if attr.name == "raise_for_status":
        attr.base.data.draft.expect_success(node.lineno)
    elif attr.name == "getcode":
        return walker.ref(node, Attr(attr.base, "status"))
    return walker.unknown(node)
