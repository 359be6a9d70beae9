"""Shell: cURL, HTTPie and wget (and any command line a page shows).

The bash text is parsed once (`checker.extract.shell`); each command whose
name is in `TOOLS` goes to that tool's reader. A new shell tool is one reader
module and one line here.
"""

from checker.languages import CODE, START, Language, LineShape

# Command-line tools whose names are no word of a language docs are written
# in: a line starting with one is a command. (`curl`/`wget` are stricter, below.)
_TOOLS = ("sudo|apt|apt-get|yum|dnf|apk|brew|systemctl|journalctl|kubectl|helm|terraform|gcloud|aws"
          "|docker|docker-compose|podman|git|npm|npx|yarn|pnpm|pip|pip3|pipx|poetry|conda|psql"
          "|pg_dump|pg_restore|mysql|mysqldump|mongosh|redis-cli|chmod|chown|mkdir|rm|cp|mv|ln|ls|cd"
          "|ssh|scp|rsync|nano|vim|ufw|certbot|nginx|openssl|unzip|jq|cargo|mvn|gradle|dotnet|deno"
          "|composer|ngrok|heroku|vercel|ollama|export")
# Tools named like words ("make", "set", "source", Danish "tar", Hungarian
# "az"): a command only when an argument follows that no sentence has.
_WORD_TOOLS = ("make|go|cat|touch|set|source|echo|printf|node|python|python3|ruby|php|java|bun|uv"
               "|az|tar|service|bundle|gem|http|https")
_ARGUMENT = r"(?:-{1,2}[A-Za-z]|[./~$\"'<]|[\w-]*[./=:][\w./=:-]*(?:\s|$))"

# Command name -> the reader of its command line ("module:function", imported on first use).
TOOLS = {
    "curl": "checker.extract.curl:read",
    "curl.exe": "checker.extract.curl:read",
    "http": "checker.extract.httpie:read",
    "https": "checker.extract.httpie:read",
    "xh": "checker.extract.httpie:read",
    "xhs": "checker.extract.httpie:read",
    "wget": "checker.extract.wget:read",
}

LANGUAGE = Language(
    name="bash",
    display="shell",
    aliases=frozenset({"bash", "sh", "shell", "zsh", "curl", "console", "shell-session",
                       "shellscript", "terminal"}),
    extractors=("checker.extract.shell:ShellExtractor",),
    clients={"curl": "cURL", "httpie": "HTTPie", "wget": "wget"},
    line_comments=("#",),
    spanning_quotes={"'": "'", '"': '"', "`": "`"},
    continuation="\\",
    prints=("echo", "printf"),
    published_rank=10,
    published=(
        # a curl/wget call needs an option, a URL or a variable after it,
        # so that "curl est un outil" stays prose.
        LineShape(r"^(?:sudo\s+)?(?:curl|wget)\s+(?:-{1,2}[A-Za-z]|['\"]?(?:https?://|\$|\{|<))",
                  head=True),
        # HTTPie: `http POST https://...`, `http -f PUT :3000/x`, `http :3000/x`.
        # `http` is an English word too: only an upper-case method, options
        # and then a URL (a scheme, `:port`, localhost, `$BASE`) make it code.
        LineShape(r"^(?:sudo\s+)?(?:http|https|xhs?)\s+(?:-{1,2}[A-Za-z][\w-]*(?:=\S*)?\s+"
                  r"(?:[^\s-]\S*\s+)?)*(?:[A-Z]{3,7}\s+)?"
                  r"(?:https?://|:\d*(?:/|\s|$)|localhost\b|\$\{?[A-Za-z_])", START, head=True),
        LineShape(r"^(?:\$\s+\S|#!/)", head=True),   # a prompt, a shebang
        LineShape(rf"^(?:{_TOOLS})(?:\s+\S|$)"),
        LineShape(rf"^(?:{_WORD_TOOLS})\s+{_ARGUMENT}"),
        LineShape(r"^(?:\./|~/|/)[\w.-]+(?:/[\w.-]+)*(?:\s|$)"),   # ./run.sh
        LineShape(r"^(?:export\s+[A-Za-z_]\w*|[A-Z_][A-Z0-9_]*)=\S"),
        LineShape(r"^-{1,2}[A-Za-z][\w-]*(?:[\s=]|$)", CODE),   # `-H "..." \`
        LineShape(r"^\|\s*\S", CODE),                           # `| jq .`
    ),
)
