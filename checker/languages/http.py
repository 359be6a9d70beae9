"""Raw HTTP: a request written as it goes over the wire (`POST /v1/users HTTP/1.1`)."""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="http",
    display="HTTP",
    aliases=frozenset({"http", "https"}),
    published_rank=20,
    published=(
        LineShape(r"^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(?:https?://|/)\S*(?:\s+HTTP/[\d.]+)?$",
                  head=True),
    ),
)
