"""A rule's documentation as the CLI, SARIF and HTML reports show it.

The rule module holds the facts (its docstring, `SUMMARY`, `SEVERITY`, the
`PASS` and `FAIL` example pages); this module is the one place they are
turned into text, so `sampledrift rules ID` and a SARIF rule panel never
disagree.
"""

from __future__ import annotations

import re

from checker.rules.base import Example, Rule


def doc(rule: Rule) -> str:
    """The rule's docstring, stripped: Markdown."""
    return (rule.__doc__ or "").strip()


def paragraphs(rule: Rule | None) -> list[str]:
    """The docstring's paragraphs (none for a rule id the registry lacks)."""
    text = doc(rule) if rule else ""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def fix_note(rule: Rule) -> str:
    """Whether `sampledrift fix` repairs the rule's findings (as Ruff marks fixable rules)."""
    return ("Fix: sometimes available (`sampledrift fix`), where the repair is certain."
            if rule.FIXABLE else "Fix: not available.")


def as_text(rule: Rule) -> str:
    """`sampledrift rules ID`: id, severity, whether it fixes, docstring, its two examples indented."""
    return (f"{rule.ID} (default severity: {rule.SEVERITY})\n{fix_note(rule)}\n\n{doc(rule)}\n\n"
            f"Passes:\n\n{_indented(rule.PASS)}\n\nFails:\n\n{_indented(rule.FAIL)}\n")


def as_markdown(rule: Rule) -> str:
    """The docs with the examples in fences (SARIF's `help.markdown`).

    `as_text` indents examples, which Markdown reads as code only after a
    blank line; an example of several files puts the file name right above
    its code, so fences are the reliable form here.
    """
    return (f"{doc(rule)}\n\nDefault severity: {rule.SEVERITY}. {fix_note(rule)}\n\n"
            f"**Passes:**\n\n{_fenced(rule.PASS)}\n\n**Fails:**\n\n{_fenced(rule.FAIL)}\n")


def _decoded(page: str | bytes) -> str:
    # An undecodable example page is bytes: latin-1 shows every byte as a character.
    return page.decode("latin-1") if isinstance(page, bytes) else page


def _indented(example: Example) -> str:
    if isinstance(example, dict):  # several files, one per locale
        return "\n\n".join(f"  {path}:\n{_indented(text)}" for path, text in example.items())
    return "\n".join("    " + line for line in _decoded(example).rstrip("\n").split("\n"))


def _fenced(example: Example) -> str:
    if isinstance(example, dict):  # several files, one per locale
        return "\n\n".join(f"`{path}`:\n\n{_fenced(text)}" for path, text in sorted(example.items()))
    text = _decoded(example)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}markdown\n{text.rstrip(chr(10))}\n{fence}"
