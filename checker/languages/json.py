"""JSON: request and response bodies shown on their own."""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="json",
    display="JSON",
    aliases=frozenset({"json", "jsonc", "json5"}),
    published_rank=100,
    published=(
        # a bracket alone, or a document's opening (`{"id": 1,`, `[{`)
        LineShape(r"^[\[{]$|^\{\s*\"[^\"\n]{0,200}\"\s*:|^\[\s*[\[{\"\d-]"),
        LineShape(r"^\"[^\"\n]{1,200}\"\s*:\s*[\[{]$"),   # `"overrideConfig": {`
    ),
)
