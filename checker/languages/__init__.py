"""Every language sampledrift reads, each declared once, in a module of its own.

A language module (`go.py`, `shell.py`, ...) holds one `LANGUAGE = Language(...)`
saying everything the rest of the tool needs to know about it: the fence
words that name it, how messages name it, the extractors that read requests
from it (imported only when a page has a block in it, so a grammar loads
only when needed), its comments, and the line shapes that recognise it on a
published page whose fences are gone. Adding a language is adding a module
here, its extractor under `checker/extract/`, and their tests.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.extract.base import Extractor

# What a line shape says of a line on a published page.
START = "start"   # code that may open a block
CODE = "code"     # code that only continues one (a closer, `else:`, an option)
WEAK = "weak"     # a comment: code if code follows it


@dataclass(frozen=True)
class LineShape:
    """A line only this language writes, anchored at the start of the stripped line."""

    pattern: str
    kind: str = START
    head: bool = False   # an import-like line: what a new sample starts with


@dataclass(frozen=True)
class Language:
    name: str                          # what `Fence.language` holds: "bash", "go"
    display: str                       # how a message names a sample in it
    aliases: frozenset[str] = frozenset()   # fence info words, lower-case
    # Extractors, as "module:factory" (a zero-argument callable giving an
    # `Extractor`); several may read one language (curl, HTTPie and wget read shell).
    extractors: tuple[str, ...] = ()
    # How the sample is named by the client that sends its request ("curl" ->
    # "cURL"); `display` when it sends none or the client is not listed.
    clients: dict[str, str] = field(default_factory=dict)
    line_comments: tuple[str, ...] = ()   # "#", "//"
    block_comments: bool = False          # `/* ... */`
    # How its strings are written, for reading a published page whose lines
    # lost their fences: the quotes whose strings may span lines (opener ->
    # closer: `"""`, a template's backtick, PowerShell's `@"` ... `"@`), the
    # character that escapes one inside a string, and the line end that
    # continues a statement on the next line.
    spanning_quotes: dict[str, str] = field(default_factory=dict)
    escape: str = "\\"
    continuation: str = ""
    # Calls that print or log text (their strings are never drift); `logger.*`
    # names every method of `logger` (checker/codetokens.py reads these).
    prints: tuple[str, ...] = ()
    published: tuple[LineShape, ...] = ()
    # Where this language's shapes are tried among the others' (lower first):
    # shell's `curl` line must win before any generic call shape.
    published_rank: int = 50
    # The language published shapes of it count for when a block is assembled
    # (TypeScript lines belong to a JavaScript block).
    family: str = ""

    @property
    def words(self) -> frozenset[str]:
        """Every word naming it or one of its clients: a tab title of one of these shows this language."""
        return self.aliases | {self.name, self.display.lower()} | {c.lower() for c in self.clients} \
            | {d.lower() for d in self.clients.values()}


@lru_cache(maxsize=1)
def all_languages() -> tuple[Language, ...]:
    """Every registered language, in a stable order (by name)."""
    found = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        language = getattr(importlib.import_module(f"{__name__}.{module.name}"), "LANGUAGE", None)
        if isinstance(language, Language):
            found.append(language)
    return tuple(sorted(found, key=lambda language: language.name))


@lru_cache(maxsize=1)
def _by_word() -> dict[str, Language]:
    table: dict[str, Language] = {}
    for language in all_languages():
        for word in language.aliases | {language.name}:
            table[word] = language
    return table


def get(name: str | None) -> Language | None:
    """The language a normalised name (or an alias) stands for."""
    return _by_word().get(name or "")


def normalise(info: str) -> str:
    """The language a fence's info string names: ```` ```JavaScript title="x" ```` -> javascript.
    A word no language claims stays as written, lower-cased (`yaml`, `json5`)."""
    word = info.strip().split(maxsplit=1)[0].lower() if info.strip() else ""
    word = word.strip("{}.")
    language = _by_word().get(word)
    return language.name if language else word


def family(name: str) -> str:
    language = get(name)
    return (language.family or language.name) if language else name


def display(name: str, client: str = "") -> str:
    """How a message names a sample of `name` whose request `client` sends."""
    language = get(name)
    if language is None:
        return name or "code"
    return language.clients.get(client, language.display)


def line_comments(name: str | None) -> tuple[str, ...] | None:
    """The line-comment markers of a language; None when it is not registered."""
    language = get(name)
    return language.line_comments if language else None


@cache
def extractors(name: str) -> tuple[Extractor, ...]:
    """The extractors that read a language, built on first use (importing
    their grammar then, not before)."""
    language = get(name)
    if language is None:
        return ()
    built = []
    for spec in language.extractors:
        module, _, factory = spec.partition(":")
        built.append(getattr(importlib.import_module(module), factory)())
    return tuple(built)


@lru_cache(maxsize=1)
def published_shapes() -> tuple[tuple[re.Pattern[str], str, str, bool], ...]:
    """(pattern, kind, language, head) of every language's published line
    shapes, in the order they are tried."""
    ordered = sorted(all_languages(), key=lambda language: (language.published_rank, language.name))
    return tuple((re.compile(shape.pattern), shape.kind, language.name, shape.head)
                 for language in ordered for shape in language.published)
