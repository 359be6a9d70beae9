"""Go."""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="go",
    display="Go",
    aliases=frozenset({"go", "golang"}),
    line_comments=("//",),
    block_comments=True,
    prints=("fmt.Println", "fmt.Printf", "fmt.Print", "log.Println", "log.Printf", "log.Fatal",
            "log.Fatalf"),
    published_rank=60,
    published=(
        LineShape(r"^package\s+[a-z]\w*$|^func\s+(?:\([^)\n]{0,200}\)\s*)?\w+\s*\(|"
                  r"^import\s+(?:\(|\"[\w./-]+\"$)"),
    ),
)
