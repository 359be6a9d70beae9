"""The extractor: a sample's text in, its requests (and its first syntax error) out."""

from __future__ import annotations

from checker.extract import treesit
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
        error = treesit.first_error(reader.tree.root_node, NAMES[reader.dialect])
        if error is not None:
            result.error, result.error_line = error
        return result

