"""Java: java.net.http (HttpClient) and OkHttp."""

from checker.languages import CODE, Language, LineShape

# Java's HTTP types, declared as locals: `HttpRequest request = HttpRequest.newBuilder()`.
_TYPES = r"(?:HttpRequest|HttpResponse<[^=\n]{1,100}>|OkHttpClient|RequestBody|MediaType|Request|Response)"

LANGUAGE = Language(
    name="java",
    display="Java",
    aliases=frozenset({"java"}),
    extractors=("checker.extract.java:JavaExtractor",),
    clients={"java.net.http": "Java", "okhttp": "Java"},
    line_comments=("//",),
    spanning_quotes={'"""': '"""'},
    block_comments=True,
    prints=("System.out.println", "System.out.print", "System.out.printf", "System.err.println",
            "logger.*", "log.*", "LOGGER.*", "LOG.*"),
    # Before JavaScript's and Python's shapes: a builder chain's `.uri(` would
    # read as a JavaScript `.then(` and a text block's `"""` as a docstring.
    published_rank=25,
    published=(
        LineShape(r"^(?:public|private|protected)\s+(?:static\s+|final\s+|abstract\s+)*"
                  r"(?:class|void|interface)\b"),
        LineShape(r"^import\s+(?:static\s+)?[\w.]+(?:\.\*)?;$", head=True),
        LineShape(rf"^(?:final\s+)?{_TYPES}\s+[a-z]\w*\s*=(?!=)"),
        LineShape(r"^HttpClient\s+\w+\s*=\s*HttpClient\."),
        # `var request = HttpRequest.newBuilder()`: JavaScript's `var` does not build these.
        LineShape(r"^var\s+\w+\s*=\s*(?:HttpRequest\.newBuilder|HttpClient\.new|new\s+(?:Request\.Builder|OkHttpClient)\b)"),
        LineShape(r"^(?:(?:private|public|protected)\s+)?(?:static\s+)?final\s+[A-Z]\w*(?:<[^=\n]{0,100}>)?"
                  r"\s+\w+\s*="),
        LineShape(r"^String\s+[a-z]\w*\s*=\s*(?:\"|String\.|System\.)"),
        LineShape(r"^try\s*\(\s*[A-Z]"),                     # try-with-resources
        LineShape(r"^System\.(?:out|err)\.print"),
        # Builder chains, one call a line.
        LineShape(r"^\.(?:uri|headers|POST|PUT|GET|DELETE|HEAD|addHeader|setHeader|removeHeader)\(", CODE),
        LineShape(r"^\.(?:url|header|post|put|patch|delete|method)\(\"", CODE),
        LineShape(r"^\.(?:post|put|patch|method)\([^'`\n]*(?:RequestBody|BodyPublishers)\.", CODE),
        LineShape(r"^\.(?:post|put|patch)\([a-z]\w*\)$", CODE),
        LineShape(r"^\.build\(\);$", CODE),
        LineShape(r"^\"\"\"(?:;|\.formatted\()", CODE),        # a text block's end
    ),
)
