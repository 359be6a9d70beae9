"""Python: requests, httpx, aiohttp, urllib.request, http.client."""

from checker.languages import CODE, Language, LineShape

_IDENT = r"[A-Za-z_$][\w$]*"
_BUILTIN_TYPES = "str|int|float|bool|bytes|dict|list|tuple|set|object"

LANGUAGE = Language(
    name="python",
    display="Python",
    aliases=frozenset({"python", "py", "python3", "py3"}),
    extractors=("checker.extract.python:PythonExtractor",),
    clients={"requests": "Python", "httpx": "Python", "aiohttp": "Python", "urllib": "Python",
             "http.client": "Python"},
    line_comments=("#",),
    spanning_quotes={'"""': '"""', "'''": "'''"},
    continuation="\\",
    prints=("print", "logging.info", "logging.debug", "logging.warning", "logging.error",
            "logger.info", "logger.debug", "logger.warning", "logger.error",
            "logging.*", "logger.*", "log.*", "pprint", "print_json"),
    published_rank=30,
    published=(
        LineShape(r"^import\s+[A-Za-z_][\w.]*(?:\s+as\s+\w+)?(?:\s*,\s*[A-Za-z_][\w.]*(?:\s+as\s+\w+)?)*$",
                  head=True),
        LineShape(r"^from\s+\.*[A-Za-z_][\w.]*\s+import\s+(?:\(|\*|[A-Za-z_])", head=True),
        LineShape(r"^(?:async\s+)?def\s+\w+\s*\("),
        LineShape(r"^class\s+\w+\s*(?:\([^)\n]*\))?\s*:$"),
        LineShape(r"^(?:if|elif|while|for|with|async\s+for|async\s+with|except)\b[^{;]*:$"),
        LineShape(r"^(?:else|try|finally|except)\s*:$", CODE),
        LineShape(r"^print\("),
        LineShape(r"^@[A-Za-z_][\w.]*(?:\(|$)"),
        LineShape(r"^[rbuf]{0,2}(?:\"\"\"|''')"),   # a docstring
        LineShape(r"^(?:global|nonlocal)\s+\w", CODE),
        # `url: str = Field(`: no space before the colon (a French "Exemple : x = 1"
        # has one) and a type that is a builtin or a class name.
        LineShape(rf"^(?:self\.)?{_IDENT}:\s*(?:{_BUILTIN_TYPES}|[A-Z][\w.]*)(?:\[[\w., |\[\]]{{0,100}}\])?"
                  rf"(?:\s*\|\s*[\w.]+)*\s*=(?!=)\s*\S"),
        # A field a class declares (`docs: list[RerankDocument]`): the same,
        # with no value; it only goes on with a block (a lone `name: str` may be prose).
        LineShape(rf"^[a-z_]\w*:\s*(?:{_BUILTIN_TYPES}|[A-Z][\w.]*)(?:\[[\w., |\[\]]{{0,100}}\])?"
                  rf"(?:\s*\|\s*[\w.]+)*$", CODE),
    ),
)
