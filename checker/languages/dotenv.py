"""dotenv: `KEY=VALUE` lines of a `.env` file (and `properties` fences, which
docs use for the same lines).

Compared as data across locales (`checker/datablocks.py`), never run."""

from checker.languages import Language

LANGUAGE = Language(
    name="dotenv",
    display=".env",
    # `.env` is normalised to `env` (the fence word's dots are stripped).
    aliases=frozenset({"dotenv", "env", "properties"}),
    line_comments=("#",),
)
