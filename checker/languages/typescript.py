"""TypeScript: the JavaScript clients, on the TypeScript grammar (TSX for JSX)."""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="typescript",
    display="TypeScript",
    aliases=frozenset({"typescript", "ts", "tsx", "mts", "cts"}),
    extractors=("checker.extract.javascript:typescript_extractor",),
    clients={"fetch": "TypeScript", "axios": "TypeScript", "got": "TypeScript", "ky": "TypeScript",
             "superagent": "TypeScript", "xhr": "TypeScript"},
    line_comments=("//",),
    spanning_quotes={"`": "`"},
    block_comments=True,
    prints=("console.log", "console.info", "console.warn", "console.error", "console.debug", "console.*",
            "logger.*", "log.*"),
    family="javascript",
    published_rank=45,
    published=(
        LineShape(r"^(?:export\s+)?(?:declare\s+)?(?:const\s+)?(?:interface|enum)\s+\w+"
                  r"|^(?:export\s+)?type\s+\w+(?:<[^>\n]{1,100}>)?\s*="),
    ),
)
