"""The extractor: a sample's text in, its requests (and its first syntax error) out."""

from __future__ import annotations

from tree_sitter import Node

from checker.extract.base import Extraction, guarded
from checker.extract.javascript.clients import Calls
from checker.extract.javascript.reader import Reader
from checker.extract.javascript.status import StatusChecks

# Above this size a sample is not a sample; reading it would only cost time.
# Language words -> the grammars that read them, tried in turn: a `typescript`
# fence holding JSX parses with the TSX grammar (a fence says `ts` for both).
DIALECTS = {"javascript": ("javascript",), "typescript": ("typescript", "tsx"), "tsx": ("tsx",)}
ALIASES = {"js": "javascript", "jsx": "javascript", "node": "javascript", "ts": "typescript",
           "mts": "typescript", "cts": "typescript"}
NAMES = {"javascript": "JavaScript", "typescript": "TypeScript", "tsx": "TypeScript"}


def typescript_extractor() -> JavaScriptExtractor:
    """The same reader on the TypeScript grammar (TSX when the sample holds JSX)."""
    return JavaScriptExtractor("typescript")


class JavaScriptExtractor:
    """fetch, axios, got, ky, superagent and XMLHttpRequest requests from JavaScript/TypeScript samples."""

    languages = frozenset({"javascript", "typescript"})

    def __init__(self, language: str = "javascript") -> None:
        self.language = language

    def extract(self, code: str, language: str | None = None) -> Extraction:
        """The requests `code` sends. Never raises."""
        lang = (language or self.language or "javascript").lower()
        lang = ALIASES.get(lang, lang)
        dialects = DIALECTS.get(lang, DIALECTS["javascript"])
        return guarded(lambda text: self._extract(text, dialects), code)

    def _extract(self, code: str, dialects: tuple[str, ...]) -> Extraction:
        reader = Reader(code, dialects[0])
        for other in dialects[1:]:
            if not reader.tree.root_node.has_error:
                break
            retry = Reader(code, other)
            reader = retry if not retry.tree.root_node.has_error else reader
        found = Calls(reader).find()
        StatusChecks(reader, found).attach()
        result = Extraction(requests=[f.build() for f in found])
        error = _first_error(reader.tree.root_node) if reader.tree.root_node.has_error else None
        if error is not None:
            result.error = _error_message(reader, error)
            result.error_line = error.start_point[0] + 1
        return result


def _first_error(root: Node) -> Node | None:
    """The ERROR or MISSING node that starts first."""
    best: Node | None = None
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            if best is None or node.start_byte < best.start_byte:
                best = node
            continue
        stack.extend(c for c in node.children if c.has_error or c.is_missing)
    return best


def _error_message(reader: Reader, node: Node) -> str:
    name = NAMES[reader.dialect]
    if node.is_missing:
        return f"{name} syntax error: missing `{node.type}`"
    snippet = reader.text(node).strip().splitlines()
    first = "".join(c if c.isprintable() else "?" for c in (snippet[0].strip() if snippet else ""))
    if len(first) > 40:
        first = first[:40] + "..."
    return f"{name} syntax error near `{first}`" if first else f"{name} syntax error"
