"""A sample calls another operation than its section's API block shows.

The section documents `{% openapi path="/auth/signup/" method="post" %}` and
its cURL sample posts to `/auth/signin/`: the reader sees one operation's
reference and another one's example. The block's path template is matched
against the end of the sample's URL path (`{id}` and placeholders match any
segment); no spec is needed.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.compare import language_name
from checker.extract import placeholders
from checker.model import Page, Related
from checker.rules.base import Hit

ID = "spec-block-mismatch"
SEVERITY = "error"
SUMMARY = "a sample calls another operation than its section's API block shows"
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
# A cross-locale finding on the same sample says what the reference sends.
SUPERSEDED_BY: frozenset[str] = frozenset({"set"})
LEAVES_TO: frozenset[str] = frozenset()

PASS = ('## Sign up\n\n{% openapi src="api.yml" path="/auth/signup/" method="post" %}\n{% endopenapi %}\n\n'
        "```bash\ncurl -X POST https://api.example.com/api/v1/auth/signup/\n```\n")
FAIL = ('## Sign up\n\n{% openapi src="api.yml" path="/auth/signup/" method="post" %}\n{% endopenapi %}\n\n'
        "```bash\ncurl -X POST https://api.example.com/api/v1/auth/signin/\n```\n")


def check(page: Page) -> Iterator[Hit]:
    for sample in page.samples:
        operation = sample.operation
        if not operation or not operation.get("path"):
            continue
        for request in sample.requests:
            if request.method.startswith("${") or "${" in request.path[:2]:
                continue  # the method or the whole URL is not shown
            same_path = _ends_with(request.path, operation["path"], sample.hinted)
            if same_path and request.method == operation["method"]:
                continue
            what = "calls" if not same_path else "sends"
            line = sample.page_line(request.lines.get("url" if not same_path else "method")
                                    or request.lines.get("start"))
            yield Hit(line, f"the {language_name(sample)} sample {what} {request.method} {request.path}, "
                      f"but its section's API block (line {operation['line']}) shows "
                      f"{operation['method']} {operation['path']}",
                      related=[Related(page.path, int(operation["line"]), page.locale)],
                      fingerprint_key=f"{operation['method']} {operation['path']}|"
                                      f"{request.method} {request.path}")


def _ends_with(path: str, template: str, hinted: frozenset[str]) -> bool:
    """Whether the URL path ends with the template's segments."""
    have = [s for s in placeholders.mask(path, hinted, url=True).split("/") if s]
    want = [s for s in template.split("/") if s]
    if len(want) > len(have) or path.endswith("/") != template.endswith("/"):
        return False
    for mine, theirs in zip(have[len(have) - len(want):], want, strict=False):
        if theirs.startswith("{") or placeholders.MASK in mine:
            continue
        if mine != theirs:
            return False
    return True
