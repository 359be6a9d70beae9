"""Text that can always be written out.

A sample's string literals are evaluated as their language does: Python's
`"\\ud83c"` or JavaScript's `'\\uD83C'` is a lone surrogate, which no UTF-8
writer accepts. Everything a finding or a report says passes through
`writable`: surrogate pairs become the character they encode, a lone
surrogate becomes U+FFFD.
"""

from __future__ import annotations


def writable(text: str) -> str:
    if text.isascii():
        return text  # the common case, decided at once
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
