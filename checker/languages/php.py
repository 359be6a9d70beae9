"""PHP: Guzzle and ext-curl."""

from checker.languages import CODE, Language, LineShape

_VAR = r"\$[A-Za-z_]\w*"

LANGUAGE = Language(
    name="php",
    display="PHP",
    aliases=frozenset({"php", "php7", "php8"}),
    extractors=("checker.extract.php:PhpExtractor",),
    clients={"guzzle": "PHP", "curl": "PHP"},
    line_comments=("//", "#"),
    block_comments=True,
    prints=("echo", "print", "print_r", "var_dump", "printf", "error_log"),
    # Before JavaScript's shapes: `if ($status === 201) {` is PHP by its `$`.
    published_rank=35,
    published=(
        LineShape(r"^<\?php\b", head=True),
        LineShape(r"^(?:use\s+[A-Za-z_]\w*(?:\\\w+)+(?:\s+as\s+\w+)?|"
                  r"(?:require|include)(?:_once)?\s*\(?\s*['\"][\w./-]+['\"]\s*\)?);$", head=True),
        # `$response = $client->request(`, `$ch = curl_init(`, `$token = getenv('X');`
        # (`$x = @(` is PowerShell's.)
        LineShape(rf"^{_VAR}(?:\[[^\]\n]{{0,200}}\])*\s*\.?=(?!=)\s*[^\s@].*(?:;|\(|\[|,)$"),
        LineShape(rf"^{_VAR}(?:->|\?->)\w+\("),                 # `$client->post(`
        LineShape(r"^curl_[a-z_]+\(\s*\$"),                      # `curl_setopt($ch, ...`
        # `if ($status === 201) {`; PowerShell's `if ($x -eq 1) {` and `foreach ($a in $b)` are not.
        LineShape(rf"^(?:if|elseif|while|foreach|switch)\s*\((?=[^\n]{{0,300}}{_VAR})"
                  rf"(?![^\n]{{0,300}}\s(?:-[A-Za-z]{{2,}}|in)\s)[^\n]{{0,300}}\)\s*\{{?$"),
        LineShape(r"^(?:echo|print)\s.{0,300};$"),
        LineShape(r"^\?>$", CODE),
    ),
)
