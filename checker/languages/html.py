"""HTML: embed snippets (`<script type="module">`), shown but never sent."""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="html",
    display="HTML",
    aliases=frozenset({"html", "htm", "xhtml"}),
    published_rank=15,
    published=(
        LineShape(r"^<(?:!doctype|html|head|body|script|style|div|iframe|template|form|link|meta|"
                  r"button|section|span|p|a)\b[^>]{0,300}>?", head=True),
        LineShape(r"^</[A-Za-z][\w-]*>"),   # a closing tag: never the end of another language
    ),
)
