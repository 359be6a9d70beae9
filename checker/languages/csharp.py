"""C#."""

from checker.languages import Language, LineShape

LANGUAGE = Language(
    name="csharp",
    display="C#",
    aliases=frozenset({"csharp", "c#", "cs", "dotnet"}),
    line_comments=("//",),
    block_comments=True,
    prints=("Console.WriteLine", "Console.Write"),
    published_rank=90,
    published=(LineShape(r"^using\s+[\w.]+;$", head=True),),
)
