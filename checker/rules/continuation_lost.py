"""A shell command whose options lost the `\\` that joins them to it.

A published page (or a translation) may drop the backslash at the end of a
`curl` line, so the options under it stand on lines of their own:

    curl -X POST https://api.example.com/v1/users
      -H "Authorization: Bearer YOUR_API_KEY"

Copied as shown, the shell sends the request without its options, then fails
on `-H`, which is no command. The finding is at the first option line that
lost its join, once per command; the request is still compared with the
options read as the author meant them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.model import Page, Sample
from checker.rules.base import Hit, show

ID = "continuation-lost"
SEVERITY = "error"
SUMMARY = "a shell command's option lines lost the `\\` that joins them to it"

PASS = """\
```bash
curl -X POST https://api.example.com/v1/users \\
  -H "Authorization: Bearer YOUR_API_KEY" \\
  -d '{"name": "Ada"}'
```
"""

FAIL = """\
```bash
curl -X POST https://api.example.com/v1/users
  -H "Authorization: Bearer YOUR_API_KEY"
  -d '{"name": "Ada"}'
```
"""

_COMMAND = re.compile(r"^(?:\$\s+)?(?:sudo\s+)?(?:curl|wget|http|https)\s")
_OPTION = re.compile(r"^-{1,2}[A-Za-z]")
_JOINS = ("\\", "`", "^")   # bash, PowerShell and cmd line ends that continue a command


def check(page: Page) -> Iterator[Hit]:
    for sample in page.samples:
        if sample.language == "bash":
            yield from _lost_joins(sample)


def _lost_joins(sample: Sample) -> Iterator[Hit]:
    command: str | None = None   # the command being written, while its lines go on
    joined = False               # its last line ends with a join
    quotes = 0                   # unescaped single quotes so far: odd inside `-d '{...`
    reported = False
    for number, text in enumerate(sample.fence.text.split("\n"), 1):
        stripped = text.strip()
        if command is not None and quotes % 2 == 0 and _OPTION.match(stripped) and not joined:
            if not reported:
                yield Hit(sample.page_line(number),
                          f"this option line lost the `\\` that joins it to {show(command)} "
                          f"above: copied as shown, the shell runs the command without "
                          f"{show(stripped)} and what follows, then fails on it",
                          anchor=f"{command}|{stripped}")
                reported = True
        elif _COMMAND.match(stripped) and quotes % 2 == 0:
            command, reported = stripped.rstrip("\\ "), False
        elif command is not None and not joined and quotes % 2 == 0:
            command = None   # the command ended; this line is something else
        if command is not None:
            quotes += stripped.count("'") - stripped.count("\\'")
        joined = stripped.endswith(_JOINS)
