"""Ruby."""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="ruby",
    display="Ruby",
    aliases=frozenset({"ruby", "rb"}),
    line_comments=("#",),
    prints=("puts", "print", "p", "pp"),
    published_rank=70,
    published=(LineShape(r"^require\s+['\"][\w./-]+['\"]$", head=True),),
)
