"""Raw HTTP: a request written as it goes over the wire (`POST /v1/users HTTP/1.1`).

Read by `checker.extract.rawhttp`; an unlabelled block whose first line is a
request line is read as this language too (`checker.extract.samples.reading_language`).
"""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="http",
    display="HTTP",
    aliases=frozenset({"http", "https"}),
    extractors=("checker.extract.rawhttp:RawHttpExtractor",),
    clients={"http": "HTTP"},
    published_rank=20,
    published=(
        LineShape(r"^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(?:https?://|/)\S*(?:\s+HTTP/[\d.]+)?$",
                  head=True),
    ),
)
