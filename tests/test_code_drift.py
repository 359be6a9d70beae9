"""code-drift, literal-drift and placeholder-translated on code the request extractors do not read.

A two-locale tree, one drift planted per page, each asserted by rule, file
and line; and controls where only what a reader reads changed (comments,
printed or logged text, whitespace, quoting, headings, tab titles) give no
finding at all.
"""

from __future__ import annotations

import pytest

from checker.codetokens import tokens
from checker.config import Config
from checker.engine import check_paths
from tests.helpers import write_tree

NEW_RULES = {"code-drift", "literal-drift", "placeholder-translated"}


def page(title: str, language: str, code: str, tab: str = "Node") -> str:
    return (f"# {title}\n\nSome prose.\n\n{{% tabs %}}\n{{% tab title=\"{tab}\" %}}\n\n"
            f"```{language}\n{code}\n```\n\n{{% endtab %}}\n{{% endtabs %}}\n")


def run(tmp_path, en: str, fr: str) -> list[tuple[str, str, int]]:
    root = write_tree(tmp_path, {"en/p.md": en, "fr/p.md": fr})
    result = check_paths([root], Config())
    return sorted((f.rule, f.path.split(root + "/")[-1], f.line) for f in result.findings
                  if f.rule in NEW_RULES)


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[:text.index(needle)].count("\n") + 1


ENV_EN = "export ACME_PUBLISHABLE_KEY=pk_test_123\nnode server.js"
SDK_EN = ("import { Acme } from '@acme/sdk';\n\nconst acme = new Acme({\n"
          "  publishableKey: process.env.ACME_PUBLISHABLE_KEY,\n  timeout: 30,\n});")
INSTALL_EN = "npm install @acme/sdk@2.1.0 --save"
ARG_EN = "from acme import Client\n\nclient = Client()\nclient.users.create(name=\"Ada\", role=\"admin\")"
URL_EN = "https://img.example.com/{options}/{path}"

PLANTED = [
    # rule, language, English code, French code, the French line's needle
    ("code-drift", "bash", ENV_EN, ENV_EN.replace("ACME_PUBLISHABLE_KEY", "ACME_API_KEY"), "export"),
    ("code-drift", "javascript", SDK_EN.replace("ACME_PUBLISHABLE_KEY", "X"),
     SDK_EN.replace("ACME_PUBLISHABLE_KEY", "X").replace("publishableKey:", "apiKey:"), "apiKey"),
    ("code-drift", "javascript", SDK_EN, SDK_EN.replace("env.ACME_PUBLISHABLE_KEY", "env.ACME_API_KEY"),
     "ACME_API_KEY"),
    ("code-drift", "bash", INSTALL_EN, INSTALL_EN.replace("2.1.0", "2.0.0"), "npm install"),
    ("literal-drift", "python", ARG_EN, ARG_EN.replace('"admin"', '"administrateur"'), "client.users"),
    ("code-drift", "python", ARG_EN, ARG_EN.replace(', role="admin"', ""), "client.users"),
    ("placeholder-translated", "", URL_EN, URL_EN.replace("{path}", "{chemin}"), "https://img"),
    ("placeholder-translated", "javascript", f"const src = `{URL_EN}`;",
     "const src = `https://img.example.com/{options}/{chemin}`;", "const src"),
]


@pytest.mark.parametrize("rule, language, en_code, fr_code, needle", PLANTED,
                         ids=[f"{p[0]}-{i}" for i, p in enumerate(PLANTED)])
def test_planted_drift_is_one_finding_at_its_line(tmp_path, rule, language, en_code, fr_code, needle):
    en, fr = page("Setup", language, en_code), page("Installation", language, fr_code)
    assert run(tmp_path, en, fr) == [(rule, "fr/p.md", line_of(fr, needle))]


def test_the_message_names_both_values_and_both_lines(tmp_path):
    en = page("Setup", "javascript", SDK_EN)
    fr = page("Installation", "javascript", SDK_EN.replace("publishableKey:", "apiKey:"))
    root = write_tree(tmp_path, {"en/p.md": en, "fr/p.md": fr})
    [finding] = [f for f in check_paths([root], Config()).findings if f.rule == "code-drift"]
    line = line_of(fr, "apiKey")
    assert "`apiKey`" in finding.message and "`publishableKey`" in finding.message
    assert f"fr/p.md:{line}" in finding.message and f"en/p.md:{line}" in finding.message
    assert [(r.path.split(root + "/")[-1], r.line) for r in finding.related] == [("en/p.md", line)]



def test_a_difference_of_punctuation_alone_is_shown_as_its_lines(tmp_path):
    code = "import requests\nresponse = requests.get(url)\nprint(response.text())\n"
    en, fr = page("Get", "python", code), page("Obtenir", "python", code.replace(".text()", ".text"))
    root = write_tree(tmp_path, {"en/p.md": en, "fr/p.md": fr})
    [finding] = [f for f in check_paths([root], Config()).findings if f.rule == "code-drift"]
    assert "`print(response.text)`" in finding.message and "`print(response.text())`" in finding.message


REORDER_JS = ("form.append('files', stream, {{\n  {first},\n  {second}\n}});\n"
              "if (config.extra) {{\n  form.append('extra', JSON.stringify(config.extra));\n}}")
FILENAME_JS, TYPE_JS = "filename: path.basename(filePath)", "contentType: this.getMimeType(filePath)"

CONTROLS = [
    # only comments changed
    ("javascript", SDK_EN, "// Créer le client\n" + SDK_EN.replace("timeout: 30,", "timeout: 30, /* secondes */")),
    ("python", ARG_EN, ARG_EN.replace("client = Client()", "client = Client()  # le client")),
    ("bash", ENV_EN, "# la clé\n" + ENV_EN),
    # only printed or logged text changed
    ("python", ARG_EN + '\nprint("Created", client)\nlogger.info(f"Done {client}")',
     ARG_EN + '\nprint("Créé", client)\nlogger.info(f"Fini {client}")'),
    ("javascript", SDK_EN + "\nconsole.log('Ready');\nlogger.warn(`Slow: ${acme}`);",
     SDK_EN + "\nconsole.log('Prêt');\nlogger.warn(`Lent : ${acme}`);"),
    ("bash", ENV_EN + '\necho "Server started"\ncat <<EOF\nAll good\nEOF',
     ENV_EN + '\necho "Serveur démarré"\ncat <<EOF\nTout va bien\nEOF'),
    # whitespace, indentation, wrapping and quoting changed
    ("javascript", SDK_EN, SDK_EN.replace("'@acme/sdk'", '"@acme/sdk"').replace("  ", "    ")),
    ("python", ARG_EN, ARG_EN.replace('"Ada"', "'Ada'").replace(", role", ",\n    role")),
    ("bash", INSTALL_EN, "npm install \\\n  '@acme/sdk@2.1.0' --save"),
    # keys of an object literal reordered
    ("javascript", SDK_EN, SDK_EN.replace("  publishableKey: process.env.ACME_PUBLISHABLE_KEY,\n  timeout: 30,",
                                          "  timeout: 30,\n  publishableKey: process.env.ACME_PUBLISHABLE_KEY,")),
    # ... the last without its comma, the two ending alike (the alignment of
    # the move shifts: `( filePath ) , contentType ...`)
    ("javascript", REORDER_JS.format(first=FILENAME_JS, second=TYPE_JS),
     REORDER_JS.format(first=TYPE_JS, second=FILENAME_JS)),
]


@pytest.mark.parametrize("language, en_code, fr_code", CONTROLS, ids=[str(i) for i in range(len(CONTROLS))])
def test_what_a_reader_reads_may_change(tmp_path, language, en_code, fr_code):
    en = page("Setup", language, en_code, tab="Node")
    fr = page("Installation", language, fr_code, tab="Nœud")   # translated heading and tab title
    assert run(tmp_path, en, fr) == []


def test_a_rewritten_sample_is_a_few_findings_not_fifty(tmp_path):
    lines = [f"client.items.create(id={i}, name=\"item{i}\")" for i in range(30)]
    en = page("Setup", "python", "\n".join(lines))
    fr = page("Installation", "python", "\n".join(line.replace("(id=", "(id=10") for line in lines))
    root = write_tree(tmp_path, {"en/p.md": en, "fr/p.md": fr})
    found = [f for f in check_paths([root], Config()).findings if f.rule in NEW_RULES]
    assert len(found) == 3
    assert "27 more differences" in found[-1].message


def test_a_name_renamed_on_several_lines_is_one_finding(tmp_path):
    code = "def run(tool_parameters):\n    q = tool_parameters['q']\n    return tool_parameters"
    en = page("Setup", "python", code)
    fr = page("Installation", "python", code.replace("tool_parameters", "tool_Parameters"))
    root = write_tree(tmp_path, {"en/p.md": en, "fr/p.md": fr})
    [finding] = [f for f in check_paths([root], Config()).findings if f.rule in NEW_RULES]
    first = line_of(fr, "def run")
    assert (finding.rule, finding.line) == ("code-drift", first)
    assert f"(the same on lines {first + 1}, {first + 2})" in finding.message


def test_data_blocks_and_request_lines_are_left_to_their_rules(tmp_path):
    json_en = '{"publishableKey": "pk_1"}'
    curl_en = "curl https://api.example.com/v1/users -H 'X-Role: admin'"
    en = page("Setup", "json", json_en) + page("Call", "bash", curl_en)
    fr = page("Installation", "json", json_en.replace("publishableKey", "apiKey")) \
        + page("Appel", "bash", curl_en.replace("admin", "administrateur"))
    assert [r for r in run(tmp_path, en, fr) if r[0] != "placeholder-translated"] == []


def test_an_unlabelled_block_compares_as_its_counterpart_when_it_lexes_so(tmp_path):
    en, fr = page("Setup", "bash", INSTALL_EN), page("Installation", "", INSTALL_EN.replace("2.1.0", "3.0.0"))
    assert run(tmp_path, en, fr) == [("code-drift", "fr/p.md", line_of(fr, "npm"))]


def test_printed_text_and_comments_are_not_tokens():
    code = 'print("Bonjour")  # salut\nx = call(key="v")\n'
    assert [t.text for t in tokens("python", code)] == ["print", "(", ")", "x", "=", "call", "(", "key", "=",
                                                        "v", ")"]


def test_lexing_stays_linear_in_the_sample_size():
    """Ratio only (10 KB against 100 KB), with a hard bound: no absolute wall time."""
    import time

    from checker.codetokens import _tokens_of

    def cost(size: int) -> float:
        code = "".join(f"x{i} = call(key='v{i}', n={i})  # c\n" for i in range(size // 34))
        start = time.perf_counter()
        assert _tokens_of("python", code)
        return time.perf_counter() - start

    small, large = cost(10_000), cost(100_000)
    assert large / max(small, 1e-3) < 30, (small, large)


STATUS_PY = ('import requests\n\nr = requests.post("https://api.example.com/v1/users", json={"name": "Ada"})\n'
             'if r.status_code == 201:\n    print("created")')
STATUS_JS = ('const res = await fetch("https://api.example.com/v1/users", { method: "POST" });\n'
             'if (res.status === 201) {\n  console.log("created");\n}')


@pytest.mark.parametrize(("language", "en_code", "fr_code", "needle"), [
    ("python", STATUS_PY, STATUS_PY.replace("== 201", "!= 201"), "if r."),
    ("python", STATUS_PY, STATUS_PY.replace("if r.", "if not r."), "if not"),
    ("javascript", STATUS_JS, STATUS_JS.replace("===", "!=="), "if (res"),
], ids=["python-not-equal", "python-not", "javascript-not-equal"])
def test_a_status_check_turned_round_is_one_code_drift_at_its_line(tmp_path, language, en_code, fr_code, needle):
    # The statuses are the same (201 either way), so status-drift is silent:
    # which way the check goes is the code's.
    en, fr = page("Create", language, en_code), page("Créer", language, fr_code)
    root = write_tree(tmp_path, {"en/p.md": en, "fr/p.md": fr})
    found = [(f.rule, f.path.split(root + "/")[-1], f.line)
             for f in check_paths([root], Config()).findings]
    assert found == [("code-drift", "fr/p.md", line_of(fr, needle))]


@pytest.mark.parametrize(("fr_code", "expected"), [
    (STATUS_PY.replace("== 201", "in (200, 201)"), ["status-drift"]),
    (STATUS_PY.replace("== 201", "== requests.codes.created"), []),
    (STATUS_PY.replace("r.status_code == 201", "201 == r.status_code"), []),
], ids=["statuses-changed", "status-spelled-by-name", "operands-swapped"])
def test_a_status_check_is_compared_once(tmp_path, fr_code, expected):
    en, fr = page("Create", "python", STATUS_PY), page("Créer", "python", fr_code)
    root = write_tree(tmp_path, {"en/p.md": en, "fr/p.md": fr})
    assert [f.rule for f in check_paths([root], Config()).findings] == expected


@pytest.mark.parametrize("base", ["en", "de"], ids=["reference", "majority"])
def test_statuses_changed_in_one_locale_and_a_check_turned_round_in_another_are_two_findings(tmp_path, base):
    # Two mistakes in two locales: each is found where it was made. A check
    # turned round is compared with a locale that expects the same statuses,
    # whatever a third locale expects. With no en (no reference) the majority
    # is da and de, and its first locale, da, is the one that changed them.
    da_code, fr_code = STATUS_PY.replace("== 201", "== 200"), STATUS_PY.replace("== 201", "!= 201")
    pages = {f"{base}/p.md": page("Create", "python", STATUS_PY), "da/p.md": page("Opret", "python", da_code),
             "fr/p.md": page("Créer", "python", fr_code)}
    root = write_tree(tmp_path, pages)
    found = sorted((f.rule, f.path.split(root + "/")[-1], f.line)
                   for f in check_paths([root], Config()).findings)
    assert found == [("code-drift", "fr/p.md", line_of(pages["fr/p.md"], "if r.")),
                     ("status-drift", "da/p.md", line_of(pages["da/p.md"], "if r."))]


ABOVE_THE_CALL = ('import os\nimport requests\n\ntoken = "sk_live_abc"\nrole = "admin"\nlimit = 1000\n'
                  'base = "https://api.example.com"\nkey = os.environ["ACME_API_KEY"]\n'
                  'r = requests.post(f"{base}/v1/users", json={"role": role, "limit": limit},\n'
                  '                  headers={"Authorization": f"Bearer {token}", "X-Key": key})')


@pytest.mark.parametrize(("old", "new", "rule"), [
    ('"sk_live_abc"', '"sk_live_abd"', "header-drift"),
    ('"admin"', '"editor"', "payload-value-drift"),
    ('"admin"', '"admins"', "payload-value-drift"),
    ("= 1000", "= 100", "payload-value-drift"),
    ("api.example.com", "api.example.org", "endpoint-drift"),
    ('"ACME_API_KEY"', '"ACME_CLE_API"', "placeholder-translated"),
], ids=["header", "body", "body-grown", "number", "url", "env-key"])
def test_a_value_written_above_the_call_is_one_finding_where_it_is_written(tmp_path, old, new, rule):
    # The literal differs on its own line and in the request it flows into: one
    # mistake, named by the request rule, at the literal's line, with its repair.
    fr_code = ABOVE_THE_CALL.replace(old, new)
    en, fr = page("Call", "python", ABOVE_THE_CALL), page("Appel", "python", fr_code)
    root = write_tree(tmp_path, {"en/p.md": en, "fr/p.md": fr})
    findings = check_paths([root], Config()).findings
    assert [(f.rule, f.path.split(root + "/")[-1], f.line) for f in findings] \
        == [(rule, "fr/p.md", line_of(fr, new))]
    assert [r.line for r in findings[0].related] == [line_of(en, old)]
    assert findings[0].edits, "the literal's repair is the finding's"


CHECKED_JS = ('const res = await fetch("https://api.example.com/v1/users", { method: "POST" });\n'
              'if (!res.ok) {\n  throw new Error("failed");\n}')


def test_a_line_edited_in_place_is_drift_though_the_page_writes_it_elsewhere(tmp_path):
    # The line `if (!res.ok) {` stands in the page's other sample too: that
    # makes a whole line missing from one block "moved" (a block split in
    # two), never a line that is still there, edited.
    def two_tabs(code: str) -> str:
        return page("Create", "javascript", code, tab="Node") + page("Browser", "javascript", CHECKED_JS, "Browser")

    fr_code = CHECKED_JS.replace("if (!res.ok)", "if (res.ok)")
    en, fr = two_tabs(CHECKED_JS), two_tabs(fr_code)
    assert run(tmp_path, en, fr) == [("code-drift", "fr/p.md", line_of(fr, "if (res.ok)"))]


def test_a_line_moved_to_the_next_block_is_not_drift(tmp_path):
    # A translator split one block in two, or moved a line across blocks: the
    # code is all there, so there is nothing to fix.
    def blocks(first: str, second: str) -> str:
        return (f"# Install\n\nProse.\n\n```bash\n{first}\n```\n\nThen:\n\n```bash\n{second}\n```\n")

    en = blocks("sudo apt update\nsudo apt install nginx", "sudo nano /etc/nginx/sites-available/default")
    fr = blocks("sudo apt update", "sudo apt install nginx\nsudo nano /etc/nginx/sites-available/default")
    assert run(tmp_path, en, fr) == []


def test_the_repair_check_of_a_root_cause_aligns_no_pair_of_samples_twice(tmp_path, monkeypatch):
    # fr's unclosed fence is a root cause: its page set is checked again as
    # repaired, and the samples no repair touched are not aligned again.
    import checker.codetokens as codetokens

    aligned: list[tuple[object, object]] = []
    real = codetokens.opcodes

    def counted(a, b):
        aligned.append((tuple(a), tuple(b)))
        return real(a, b)

    monkeypatch.setattr(codetokens, "opcodes", counted)
    monkeypatch.setattr(codetokens, "_ALIGNED", {})
    sample = STATUS_PY + "\nlimit = 20"
    en = page("Create", "python", STATUS_PY + "\nlimit = 10") + "\n## More\n\n```bash\ncurl https://api.example.com/v1/x\n```\n"
    da = page("Opret", "python", sample) + "\n## Mere\n\n```bash\ncurl https://api.example.com/v1/x\n```\n"
    fr = page("Créer", "python", sample) + "\n## Plus\n\n```bash\ncurl https://api.example.com/v1/x\n"
    root = write_tree(tmp_path, {"en/p.md": en, "da/p.md": da, "fr/p.md": fr})
    rules = {f.rule for f in check_paths([root], Config()).findings}
    assert "fence-unclosed" in rules and aligned
    assert len(aligned) == len(set(aligned))
