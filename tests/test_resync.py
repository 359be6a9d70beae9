"""Code re-sync from the reference (checker/rules/resync.py): a drifted sample
of a translation gets the reference's code, with its comments and printed
text carried over; applying the edit makes the finding go away, adds none,
and leaves prose byte-identical; an uncertain case carries no edit."""

from __future__ import annotations

from pathlib import Path

from checker.cascade import repaired
from checker.config import Config
from checker.engine import check_paths
from checker.model import Finding, Result
from checker.rules import resync
from checker.rules.resync import resync_text
from tests.helpers import write_tree

DRIFT = {"code-drift", "endpoint-drift", "method-drift", "payload-drift", "header-drift", "status-drift"}


def page(title: str, prose: str, language: str, code: str) -> str:
    return f"# {title}\n\n{prose}\n\n```{language}\n{code}\n```\n\nMore prose.\n"


def run(root: Path, files: dict[str, str], reference: str | None = None) -> Result:
    write_tree(root, files)
    return check_paths([str(root)], Config(), reference_locale=reference, use_history=False)


def drift(result: Result, path: str) -> list[Finding]:
    return [f for f in result.findings if f.rule in DRIFT and f.path.endswith(path)]


def fixed(root: Path, result: Result, finding: Finding) -> list[str]:
    """Apply the finding's edits to its page, write it back; the page's new lines."""
    page = next(p for p in result.pages if p.path == finding.path)
    lines = repaired(page.lines, finding.edits)
    Path(finding.path).write_text("\n".join(lines), encoding="utf-8")
    return lines


def prose(lines: list[str]) -> list[str]:
    """The lines outside fences (the fence lines included)."""
    kept, inside = [], False
    for line in lines:
        if line.startswith("```"):
            inside = not inside
            kept.append(line)
        elif not inside:
            kept.append(line)
    return kept


PY_EN = ('import requests\n\n# Create the client\nclient = Acme(publishable_key="YOUR_API_KEY")\n'
         'response = client.items.list(limit=10)  # ten at most\nprint("Items:", response)')
PY_FR = ('import requests\n\n# Créer le client\nclient = Acme(api_key="VOTRE_CLE_API")\n'
         'response = client.items.list(limit=10)  # dix au plus\nprint("Éléments :", response)')


def test_python_renamed_key_is_resynced_keeping_french_comments_and_printed_text(tmp_path: Path) -> None:
    en = page("Items", "List the items.", "python", PY_EN)
    fr = page("Éléments", "Lister les éléments.", "python", PY_FR)
    result = run(tmp_path, {"en/items.md": en, "fr/items.md": fr})
    found = drift(result, "fr/items.md")
    assert [f.rule for f in found] == ["code-drift"]
    assert found[0].edits, "the drifted finding carries its re-sync"
    assert not any(f.edits for f in result.findings if f.path.endswith("en/items.md"))
    lines = fixed(tmp_path, result, found[0])
    code = "\n".join(lines)
    assert 'client = Acme(publishable_key="YOUR_API_KEY")' in code   # the reference's key and placeholder
    assert "# Créer le client" in code and "# dix au plus" in code
    assert 'print("Éléments :", response)' in code
    assert "Create the client" not in code and "VOTRE" not in code
    assert prose(lines) == prose(fr.split("\n"))
    again = check_paths([str(tmp_path)], Config(), use_history=False)
    assert drift(again, "fr/items.md") == []
    assert len(again.findings) <= len(result.findings) - 1


CURL_EN = ("# List the items\ncurl https://api.example.com/v1/items \\\n"
           "  -H 'Accept: application/json' \\\n  -H 'Authorization: Bearer YOUR_TOKEN'\n"
           "echo \"Done\"")
CURL_FR = ("# Lister les éléments\ncurl https://api.example.com/v1/items \\\n"
           "  -H 'Accept: text/html' \\\n  -H 'Authorization: Bearer VOTRE_JETON'\n"
           "echo \"Terminé\"")


def test_curl_changed_header_is_resynced_keeping_french_comment_and_echo(tmp_path: Path) -> None:
    en = page("Items", "List them.", "bash", CURL_EN)
    fr = page("Éléments", "Les lister.", "bash", CURL_FR)
    result = run(tmp_path, {"en/items.md": en, "fr/items.md": fr})
    found = [f for f in drift(result, "fr/items.md") if f.rule == "header-drift"]
    assert found and all(f.edits for f in found)
    lines = fixed(tmp_path, result, found[0])
    assert lines[lines.index("```bash") + 1:lines.index("```bash") + 6] == [
        "# Lister les éléments", "curl https://api.example.com/v1/items \\",
        "  -H 'Accept: application/json' \\", "  -H 'Authorization: Bearer YOUR_TOKEN'",
        'echo "Terminé"']
    assert prose(lines) == prose(fr.split("\n"))
    again = check_paths([str(tmp_path)], Config(), use_history=False)
    assert drift(again, "fr/items.md") == []


JS_EN = ("const acme = new Acme({\n  // The key from the dashboard\n  publishableKey: process.env.KEY,\n"
         "  timeout: 30, // seconds\n});\nconsole.log('Ready');")
JS_FR = ("const acme = new Acme({\n  // La clé du tableau de bord\n  apiKey: process.env.KEY,\n"
         "  timeout: 30, // secondes\n});\nconsole.log('Prêt');")


def test_a_comment_the_changed_code_leaves_unplaced_stays_the_reference_and_is_noted(tmp_path: Path) -> None:
    en = page("SDK", "Set up.", "javascript", JS_EN)
    fr = page("SDK", "Installer.", "javascript", JS_FR)
    result = run(tmp_path, {"en/sdk.md": en, "fr/sdk.md": fr})
    found = drift(result, "fr/sdk.md")
    assert [f.rule for f in found] == ["code-drift"] and found[0].edits
    edit = found[0].edits[0]
    code = "\n".join(edit.lines)
    # The comment stands right above the renamed key: which code it speaks of changed.
    assert "// The key from the dashboard" in code and "La clé" not in code
    assert "// secondes" in code and "console.log('Prêt');" in code
    notes = edit.note
    assert "kept the reference's comment `// The key from the dashboard`" in notes, notes
    assert "`// La clé du tableau de bord` has no place" in notes, notes
    fixed(tmp_path, result, found[0])
    assert drift(check_paths([str(tmp_path)], Config(), use_history=False), "fr/sdk.md") == []


def test_resync_is_idempotent() -> None:
    for language, en, fr in (("python", PY_EN, PY_FR), ("bash", CURL_EN, CURL_FR),
                             ("javascript", JS_EN, JS_FR)):
        once = resync_text(language, en + "\n", fr + "\n")
        assert once is not None and once.text != fr + "\n"
        twice = resync_text(language, en + "\n", once.text)
        assert twice is not None and twice.text == once.text, language


def test_printed_text_naming_other_variables_is_not_carried() -> None:
    en = "const user = load();\nconsole.log(`Hello ${user}`);\n"
    fr = "const utilisateur = load();\nconsole.log(`Bonjour ${utilisateur}`);\n"
    found = resync_text("javascript", en, fr)
    assert found is not None and found.text == en
    assert any("other variables" in n for n in found.notes), found.notes


def test_no_edit_when_the_page_pairing_is_a_guess(tmp_path: Path) -> None:
    # Different file names: the pages pair by what their samples call, "% alike".
    en = page("Items", "List.", "python", PY_EN.replace("client.items.list(limit=10)",
                                                        "requests.get('https://api.example.com/v1/items')"))
    fr = page("Éléments", "Lister.", "python", PY_FR.replace("client.items.list(limit=10)",
                                                             "requests.get('https://api.example.com/v1/items')"))
    result = run(tmp_path, {"en/items.md": en, "fr/elements.md": fr})
    found = drift(result, "fr/elements.md")
    assert found, "the drift is still reported"
    assert not any(f.edits for f in found)


def test_no_edit_without_a_majority_and_an_edit_with_one(tmp_path: Path) -> None:
    def tree(de: str, it: str) -> dict[str, str]:
        return {"fr/sdk.md": page("SDK", "Installer.", "python", PY_FR),
                "de/sdk.md": page("SDK", "Einrichten.", "python", de),
                "it/sdk.md": page("SDK", "Configurare.", "python", it)}

    other = PY_EN.replace("publishable_key", "secret_key")
    # fr api_key, de publishable_key, it secret_key: no majority, no edit.
    result = run(tmp_path / "none", tree(PY_EN, other))
    found = [f for f in result.findings if f.rule == "code-drift"]
    assert found and not any(f.edits for f in found)
    # fr api_key, de and it publishable_key: fr is restored to the majority's code.
    result = run(tmp_path / "some", tree(PY_EN, PY_EN))
    found = [f for f in result.findings if f.rule == "code-drift"]
    assert [f.path.split("/")[-2] for f in found] == ["fr"] and found[0].edits
    assert any('publishable_key="YOUR_API_KEY"' in line for line in found[0].edits[0].lines)
    assert any("# Créer le client" in line for line in found[0].edits[0].lines)


def test_no_edit_when_languages_differ_or_the_reference_does_not_parse(tmp_path: Path) -> None:
    broken = PY_EN.replace('client = Acme(publishable_key="YOUR_API_KEY")',
                           'client = Acme(publishable_key="YOUR_API_KEY"')
    result = run(tmp_path, {"en/items.md": page("Items", "List.", "python", broken),
                            "fr/items.md": page("Éléments", "Lister.", "python", PY_FR)})
    assert not any(f.edits for f in drift(result, "fr/items.md"))
    assert resync_text("python", PY_EN + "\n", PY_FR + "\n") is not None
    sample_en = next(s for p in result.pages if p.path.endswith("en/items.md") for s in p.samples)
    sample_fr = next(s for p in result.pages if p.path.endswith("fr/items.md") for s in p.samples)
    assert resync.resync(sample_en, sample_fr) is None   # the reference's sample does not parse


def test_no_edit_when_the_samples_languages_differ() -> None:
    from dataclasses import replace

    from tests.helpers import page_of

    en = page_of(page("Items", "List.", "python", PY_EN), "en/items.md").samples[0]
    fr = page_of(page("Éléments", "Lister.", "python", PY_FR), "fr/items.md").samples[0]
    assert resync.resync(en, fr) is not None
    assert resync.resync(en, replace(fr, fence=replace(fr.fence, language="py"))) is None


def test_an_indented_fence_keeps_its_untouched_lines_byte_for_byte(tmp_path: Path) -> None:
    def listed(title: str, code: str) -> str:
        body = "\n".join(f"   {row}" if row else "   " for row in code.split("\n"))
        return f"# {title}\n\n1. Step one:\n\n   ```python\n{body}\n   ```\n"

    result = run(tmp_path, {"en/items.md": listed("Items", PY_EN), "fr/items.md": listed("Éléments", PY_FR)})
    found = drift(result, "fr/items.md")
    assert found and found[0].edits
    page = next(p for p in result.pages if p.path == found[0].path)
    edit = found[0].edits[0]
    before, after = page.lines[edit.start - 1:edit.end - 1], list(edit.lines)
    assert len(before) == len(after)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [('   client = Acme(api_key="VOTRE_CLE_API")',
                        '   client = Acme(publishable_key="YOUR_API_KEY")')]
