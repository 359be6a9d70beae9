"""Go: net/http."""

from checker.languages import CODE, Language, LineShape

LANGUAGE = Language(
    name="go",
    display="Go",
    aliases=frozenset({"go", "golang"}),
    extractors=("checker.extract.go:GoExtractor",),
    clients={"net/http": "Go"},
    line_comments=("//",),
    spanning_quotes={"`": "`"},
    block_comments=True,
    prints=("fmt.Println", "fmt.Printf", "fmt.Print", "log.Println", "log.Printf", "log.Fatal",
            "log.Fatalf", "fmt.Fprintf", "fmt.Fprintln", "log.*", "logger.*", "slog.*"),
    # Before JavaScript's shapes: `import "net/http"` and `const x = "..."` are Go's here.
    published_rank=35,
    published=(
        LineShape(r"^package\s+[a-z]\w*$|^func\s+(?:\([^)\n]{0,200}\)\s*)?\w+\s*\(|"
                  r"^import\s+(?:\(|\"[\w./-]+\"$)"),
        # `req, err := http.NewRequest(`: only Go declares with `:=` at a line's start.
        LineShape(r"^[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s*:=\s*\S"),
        # `if err != nil {`: no parentheses round the condition, unlike JavaScript's.
        LineShape(r"^(?:if|switch)\s+(?!\()[^{}\n]{0,300}\{$|^for\s+(?!\(|await\b)[^{}\n]{0,300}\{$"),
        LineShape(r"^for\s*\{$|^defer\s+\S|^go\s+func\b"),
        LineShape(r"^type\s+[A-Za-z_]\w*\s+(?:struct|interface)\s*\{"),
        LineShape(r"^const\s*\($|^var\s*\($"),
        LineShape(r"^[A-Za-z_]\w*\.Header\.(?:Set|Add|Del)\("),
        LineShape(r"^(?:fmt|log)\.[A-Z]\w*\("),
        LineShape(r"^[A-Z]\w*\s+[\w\[\]*.]+\s+`json:", CODE),      # a struct field with its tag
    ),
)
