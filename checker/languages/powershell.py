"""PowerShell: Invoke-RestMethod and Invoke-WebRequest."""

from checker.languages import CODE, Language, LineShape

LANGUAGE = Language(
    name="powershell",
    display="PowerShell",
    aliases=frozenset({"powershell", "ps1", "ps", "pwsh", "posh"}),
    extractors=("checker.extract.powershell:PowerShellExtractor",),
    clients={"invoke-restmethod": "PowerShell", "invoke-webrequest": "PowerShell"},
    line_comments=("#",),
    prints=("Write-Host", "Write-Output", "Write-Verbose"),
    published_rank=95,
    published=(
        # `$response = Invoke-RestMethod -Uri ...`, `irm https://...`
        LineShape(r"^(?:\$[\w:]+\s*=\s*)?(?:Invoke-RestMethod|Invoke-WebRequest)\b", head=True),
        LineShape(r"^(?:\$[\w:]+\s*=\s*)?(?:irm|iwr)\s+(?:-[A-Za-z]|['\"]?https?://|\$)", head=True),
        # `$headers = @{`, `$body = [ordered]@{`, `$token = $env:API_KEY`, `$x = "..."`
        LineShape(r"^\$[A-Za-z_][\w:]*\s*=\s*(?:\[\w+\]\s*)?@[{(\"']"),
        LineShape(r"^\$[A-Za-z_][\w:]*\s*=\s*(?:\$env:\w+|New-Object\b|ConvertTo-Json\b|"
                  r"Get-Content\b|\(|\[\w)"),
        LineShape(r"^\$[A-Za-z_]\w*\s*=\s*(?:\"[^\"]*\"|'[^']*'|\d+|\$(?:true|false|null))\s*$"),
        LineShape(r"^\$[A-Za-z_]\w*(?:\.\w+)+\s*(?:-eq|-ne)\b"),
        LineShape(r"^(?:Write-Host|Write-Output|ConvertTo-Json|ConvertFrom-Json|Set-StrictMode)\b"),
        LineShape(r"^(?:\}\s*)?\|\s*ConvertTo-Json\b", CODE),
        LineShape(r"^-(?:Uri|Method|Headers|Body|ContentType|StatusCodeVariable|"
                  r"Authentication|Token)\b", CODE),
        LineShape(r"^[\"']?[\w-]+[\"']?\s*=\s*.{1,300}$", CODE),   # a hashtable entry
        LineShape(r"^(?:\"@|'@)$", CODE),                          # a here-string's end
    ),
)
