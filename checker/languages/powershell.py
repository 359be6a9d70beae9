"""PowerShell."""

from checker.languages import Language

LANGUAGE = Language(
    name="powershell",
    display="PowerShell",
    aliases=frozenset({"powershell", "ps1", "ps", "pwsh", "posh"}),
    line_comments=("#",),
    prints=("Write-Host", "Write-Output", "Write-Verbose"),
    published_rank=95,
)
