"""PowerShell: Invoke-RestMethod and Invoke-WebRequest."""

from checker.languages import CODE, Language, LineShape

LANGUAGE = Language(
    name="powershell",
    display="PowerShell",
    aliases=frozenset({"powershell", "ps1", "ps", "pwsh", "posh"}),
    extractors=("checker.extract.powershell:PowerShellExtractor",),
    clients={"invoke-restmethod": "PowerShell", "invoke-webrequest": "PowerShell"},
    line_comments=("#",),
    spanning_quotes={'@"': '"@', "@'": "'@"},
    escape="`",
    continuation="`",
    prints=("Write-Host", "Write-Output", "Write-Verbose", "Write-Warning", "Write-Error",
            "Write-Information", "Write-Debug"),
    # Before shell's (10): `-Headers $headers `` ` is an option line shell's shapes would take.
    published_rank=5,
    published=(
        # `$response = Invoke-RestMethod -Uri ...`, `irm https://...` (no head: the
        # variables it sends are set above it, after a blank line, in the same sample)
        LineShape(r"^(?:\$[\w:]+\s*=\s*)?(?:Invoke-RestMethod|Invoke-WebRequest)\b"),
        LineShape(r"^(?:\$[\w:]+\s*=\s*)?(?:irm|iwr)\s+(?:-[A-Za-z]|['\"]?https?://|\$)"),
        # A cmdlet of a common verb taking a parameter, a parenthesis or a value
        # (`Invoke-Expression (iwr ...).Content`, `Install-Module -Name X`);
        # not "Set-Up is easy", whose next word is prose.
        LineShape(r"^(?:\$[\w:]+\s*=\s*)?(?:Invoke|Get|Set|New|Remove|Start|Stop|Install|Import|Export|"
                  r"Add|Test|Out|Select|Copy|Move|Enable|Disable|Restart|Update|Expand|Compress|"
                  r"ConvertTo|ConvertFrom)-[A-Z][A-Za-z]+(?:\s+(?:-[A-Za-z]|\(|['\"$@])|\s*\()"),
        # `$headers = @{`, `$body = [ordered]@{`, `$token = $env:API_KEY`, `$x = "..."`
        LineShape(r"^\$[A-Za-z_][\w:]*\s*=\s*(?:\[\w+\]\s*)?@[{(\"']"),
        LineShape(r"^\$[A-Za-z_][\w:]*\s*=\s*(?:\$env:\w+|New-Object\b|ConvertTo-Json\b|"
                  r"Get-Content\b|\[[\w.]+\])"),
        LineShape(r"^\$[A-Za-z_]\w*\s*=\s*(?:\"[^\"]*\"|'[^']*'|\d+|\$(?:true|false|null))\s*$"),
        LineShape(r"^\$[A-Za-z_]\w*\.Add\("),
        LineShape(r"^if\s*\(\s*\$.{0,200}\s-(?:eq|ne|lt|gt|le|ge)\s.{0,200}\)\s*\{?\s*\}?$"),
        LineShape(r"^(?:Write-Host|Write-Output|ConvertTo-Json|ConvertFrom-Json|Set-StrictMode)\b"),
        LineShape(r"^(?:\}\s*)?\|\s*(?:ConvertTo-Json|ConvertFrom-Json|Out-String|Select-Object)\b", CODE),
        # an option line of a command continued with backticks
        LineShape(r"^-(?:Uri|Method|Headers|Body|ContentType|StatusCodeVariable|Authentication|"
                  r"Token|UseBasicParsing|SkipHttpErrorCheck|InFile|Form)\b", CODE),
        LineShape(r"^-[A-Za-z]\w*(?:\s+\S.*)?\s`$", CODE),
        LineShape(r"^\$[A-Za-z_]\w*(?:\.\w+)*$", CODE),          # `$response` shown
    ),
)
