"""Java."""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="java",
    display="Java",
    aliases=frozenset({"java"}),
    line_comments=("//",),
    block_comments=True,
    prints=("System.out.println", "System.out.print", "System.out.printf", "System.err.println"),
    published_rank=80,
    published=(
        LineShape(r"^(?:public|private|protected)\s+(?:static\s+|final\s+|abstract\s+)*"
                  r"(?:class|void|interface)\b"),
        LineShape(r"^import\s+(?:static\s+)?[\w.]+(?:\.\*)?;$", head=True),
    ),
)
