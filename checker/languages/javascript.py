"""JavaScript: fetch (node-fetch, cross-fetch), axios, got, ky, superagent, XMLHttpRequest."""

from checker.languages import CODE, Language, LineShape

LANGUAGE = Language(
    name="javascript",
    display="JavaScript",
    aliases=frozenset({"javascript", "js", "jsx", "node", "nodejs", "mjs", "cjs"}),
    extractors=("checker.extract.javascript:JavaScriptExtractor",),
    clients={"fetch": "JavaScript", "axios": "JavaScript", "got": "JavaScript", "ky": "JavaScript",
             "superagent": "JavaScript", "xhr": "JavaScript"},
    line_comments=("//",),
    spanning_quotes={"`": "`"},
    block_comments=True,
    prints=("console.log", "console.info", "console.warn", "console.error", "console.debug",
            "alert", "console.*", "logger.*", "log.*"),
    published_rank=40,
    published=(
        # (An import before the assignment shape that also matches it: what a
        # sample starts with, so that a panel run into the one above starts one.)
        LineShape(r"^(?:const|let|var)\s+\S.{0,300}?=\s*require\(", head=True),
        LineShape(r"^(?:export\s+)?(?:const|let|var)\s+[^=;\n]{1,200}=(?!=)"),
        LineShape(r"^(?:let|var)\s+[\w$]+(?:\s*,\s*[\w$]+)*;$"),
        LineShape(r"^(?:export\s+)?(?:default\s+)?(?:async\s+)?function\b\s*\*?\s*[\w$]*\s*\("),
        LineShape(r"^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+[\w$]+"
                  r"(?:\s+(?:extends|implements)\s+[\w$.,\s<>]{1,200}?)?\s*\{$"),
        LineShape(r"^export\s+(?:default\b|\{)"),
        LineShape(r"^\(\s*(?:async\s*)?(?:function\b|\([^)\n]{0,200}\)\s*=>)"),  # an IIFE
        LineShape(r"^import\s+['\"]|^import\s.{0,300}?\bfrom\s*['\"]", head=True),
        LineShape(r"^(?:await\s+)?(?:fetch|axios|got|ky|superagent)\b\s*[.(]"),
        LineShape(r"^[\w$]+\.(?:open|setRequestHeader)\(\s*['\"`]"),   # XMLHttpRequest
        LineShape(r"^console\.\w+\("),
        LineShape(r"^(?:if|while|for|switch)\s*\(.{0,300}\)\s*\{?$"),
        LineShape(r"^\}\s*(?:else|catch|finally)\b", CODE),
        LineShape(r"^else\s*(?:if\s*\(.{0,300}\)\s*)?\{$", CODE),
        LineShape(r"^try\s*\{$"),
        LineShape(r"^(?:module\.exports|exports\.\w+)\s*=", ),
        LineShape(r"^\.[A-Za-z_$][\w$]*\(", CODE),        # `.then(r => r.json())`
        LineShape(r"^[\w$.]+(?:\+\+|--);?$", CODE),
    ),
)
