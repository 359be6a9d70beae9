"""PHP."""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="php",
    display="PHP",
    aliases=frozenset({"php", "php7", "php8"}),
    line_comments=("//", "#"),
    block_comments=True,
    prints=("echo", "print", "print_r", "var_dump", "printf"),
    published_rank=50,
    published=(LineShape(r"^<\?php\b", head=True),),
)
