"""TypeScript: the JavaScript clients, type annotations and all."""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="typescript",
    display="TypeScript",
    aliases=frozenset({"typescript", "ts", "tsx", "mts", "cts"}),
    extractors=("checker.extract.javascript:typescript_extractor",),
    line_comments=("//",),
    spanning_quotes={"`": "`"},
    block_comments=True,
    prints=("console.log", "console.info", "console.warn", "console.error", "console.debug"),
    family="javascript",
    published_rank=45,
    published=(
        LineShape(r"^(?:export\s+)?(?:interface|enum)\s+\w+|^(?:export\s+)?type\s+\w+\s*="),
    ),
)
