"""`sampledrift fix`: the diff, the write, and its safety (the repairs rules carry
are tested with each rule: tests/test_fix_*.py)."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from checker import fix
from checker.config import Config
from checker.engine import run as run_check
from checker.model import Edit
from checker.rules import tag_unbalanced
from checker.rules.base import Hit
from checker.textfile import SourceText
from tests.helpers import write_tree
from tests.test_cli import run

FENCE = "```"
# The reference's tab group; the translation lost the `{% endtab %}` of its
# first tab, which tag-unbalanced repairs (before the next `{% tab %}`).
EN = ("## Items\n\nList the items.\n\n{% tabs %}\n{% tab title=\"cURL\" %}\n"
      f"{FENCE}bash\ncurl https://api.example.com/items\n{FENCE}\n{{% endtab %}}\n"
      "{% tab title=\"Python\" %}\n"
      f"{FENCE}python\nimport requests\nrequests.get(\"https://api.example.com/items\")\n{FENCE}\n"
      "{% endtab %}\n{% endtabs %}\n\nMore text.\n")
FR = EN.replace("## Items\n\nList the items.", "## Articles\n\nListez les articles.").replace(
    f"{FENCE}\n{{% endtab %}}\n{{% tab title=\"Python\"", f"{FENCE}\n{{% tab title=\"Python\"", 1)
FR_FIXED = FR.replace(f"{FENCE}\n{{% tab title=\"Python\"", f"{FENCE}\n{{% endtab %}}\n{{% tab title=\"Python\"")


def _tree(tmp_path: Path, fr: bytes | None = None) -> Path:
    write_tree(tmp_path, {"en/items.md": EN})
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "items.md").write_bytes(fr if fr is not None else FR.encode())
    return tmp_path


def test_the_diff_shows_the_repair_and_changes_nothing(capsys, tmp_path):
    root = _tree(tmp_path)
    code, out, err = run(capsys, "fix", str(root))
    assert code == 1
    assert f"--- {root}/fr/items.md\n+++ {root}/fr/items.md\n" in out
    assert "\n+{% endtab %}\n" in out
    assert out.startswith(f"# {root}/fr/items.md:6: tag-unbalanced: ")
    assert "Would fix 1 finding in 1 file." in err
    assert (root / "fr" / "items.md").read_text() == FR


def test_write_repairs_and_a_second_fix_changes_nothing(capsys, tmp_path):
    root = _tree(tmp_path)
    code, _, err = run(capsys, "fix", "--write", str(root))
    assert code == 0 and "Fixed 1 finding in 1 file." in err
    assert (root / "fr" / "items.md").read_text() == FR_FIXED
    assert run(capsys, "fix", str(root))[0] == 0
    code, out, _ = run(capsys, "check", "--no-history", str(root))
    assert code == 0 and "No problems found" in out


@pytest.mark.parametrize("bom, codec, newline", [
    (b"", "utf-8", "\r\n"),
    (codecs.BOM_UTF8, "utf-8", "\r\n"),
    (codecs.BOM_UTF8, "utf-8", "\n"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "\r\n"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "\n"),
    (b"", "utf-8", "\r"),
])
def test_write_keeps_the_bom_the_encoding_and_the_line_endings(capsys, tmp_path, bom, codec, newline):
    root = _tree(tmp_path, bom + FR.replace("\n", newline).encode(codec))
    assert run(capsys, "fix", "--write", str(root))[0] == 0
    assert (root / "fr" / "items.md").read_bytes() == bom + FR_FIXED.replace("\n", newline).encode(codec)


def test_a_mixed_file_keeps_each_line_ending():
    text = SourceText.decode(b"a\r\nb\nc\r\nd\re")
    assert text.lines == ("a", "b", "c", "d", "e") and text.ends == ("\r\n", "\n", "\r\n", "\r", "")
    assert text.encode() == b"a\r\nb\nc\r\nd\re"
    edited = text.edited([Edit(2, 3, ("B1", "B2")), Edit(5, 6, ("E",)), Edit(4, 4, ("new",))])
    # A replaced line keeps its ending, a new one takes the file's most common
    # (CRLF), the last line still has none.
    assert edited.encode() == b"a\r\nB1\nB2\r\nc\r\nnew\r\nd\rE"


def test_the_write_is_atomic_and_keeps_the_mode(capsys, tmp_path):
    root = _tree(tmp_path)
    page = root / "fr" / "items.md"
    page.chmod(0o640)
    inode = page.stat().st_ino
    assert run(capsys, "fix", "--write", str(root))[0] == 0
    assert page.stat().st_mode & 0o777 == 0o640
    assert page.stat().st_ino != inode          # a new file renamed over the old one
    assert sorted(p.name for p in page.parent.iterdir()) == ["items.md"]  # no temporary left


def test_a_file_changed_after_it_was_read_is_not_written(tmp_path):
    root = _tree(tmp_path)
    plan = fix.plan(run_check([str(root)], Config(), use_history=False))
    (file_fix,) = plan.files
    (root / "fr" / "items.md").write_text(FR + "\nA line the translator just added.\n")
    assert "changed since it was read" in file_fix.write()
    assert (root / "fr" / "items.md").read_text().endswith("just added.\n")


def test_a_symlinked_page_is_not_written(capsys, tmp_path):
    root = _tree(tmp_path / "docs")
    (tmp_path / "elsewhere").mkdir()
    real = tmp_path / "elsewhere" / "items.md"
    os.replace(root / "fr" / "items.md", real)
    (root / "fr" / "items.md").symlink_to(real)
    code, _, err = run(capsys, "fix", "--write", "--allow-outside", str(real.parent), str(root))
    assert "is a symlink" in err
    assert real.read_text() == FR and (root / "fr" / "items.md").is_symlink()
    assert code == 1


def test_a_fix_that_would_add_a_finding_is_refused(capsys, tmp_path, monkeypatch):
    """A repair is checked before it is written: one that opens a fence (and so
    breaks the page) is refused, and says what it would add."""
    root = _tree(tmp_path)

    def breaking(page):
        for hit in original(page):
            yield Hit(hit.line, hit.message, edits=(Edit(hit.edits[0].start, hit.edits[0].start,
                                                         (f"{FENCE}bash",)),))
    original = tag_unbalanced.check
    monkeypatch.setattr(tag_unbalanced, "check", breaking)
    code, out, err = run(capsys, "fix", "--write", str(root))
    assert code == 1 and out == ""
    assert "fr/items.md:6: tag-unbalanced not fixed: it would add fence-unclosed" in err
    assert (root / "fr" / "items.md").read_text() == FR


def test_a_repair_that_does_not_repair_is_refused(capsys, tmp_path, monkeypatch):
    root = _tree(tmp_path)

    def useless(page):
        for hit in original(page):
            yield Hit(hit.line, hit.message, edits=(Edit(1, 2, ("## Articles",)),))
    original = tag_unbalanced.check
    monkeypatch.setattr(tag_unbalanced, "check", useless)
    code, _, err = run(capsys, "fix", str(root))
    assert code == 0 and "not fixed: the repair does not resolve it" in err


def test_only_the_locales_asked_for_are_fixed(capsys, tmp_path):
    root = _tree(tmp_path)
    write_tree(root, {"da/items.md": FR.replace("## Articles", "## Varer")})
    code, out, _ = run(capsys, "fix", "--locale", "da", str(root))
    assert code == 1 and "da/items.md" in out and "fr/items.md" not in out
    code, _, err = run(capsys, "fix", "--locale", "de", str(root))
    assert code == 2 and "--locale de is not a locale of this tree" in err


def test_selected_rules_only(capsys, tmp_path):
    root = _tree(tmp_path)
    assert run(capsys, "fix", "--ignore", "tag-unbalanced", str(root))[:2] == (0, "")
    assert run(capsys, "fix", "--select", "tag-", str(root))[0] == 1


def test_the_bundled_demo_is_shown_never_written(capsys):
    code, _, err = run(capsys, "fix", "--write")
    assert code == 2 and "needs a PATH" in err


def test_check_marks_fixable_findings_and_says_how_to_fix_them(capsys, tmp_path):
    root = _tree(tmp_path)
    _, out, _ = run(capsys, "check", "--no-history", str(root))
    assert f"{root}/fr/items.md:6:1: error tag-unbalanced [*] `{{% tab" in out
    assert out.endswith("1 finding can be fixed with `sampledrift fix --write` "
                        "(`sampledrift fix` shows the diff).\n")
    _, out, _ = run(capsys, "rules", "tag-unbalanced")
    assert out.splitlines()[1].startswith("Fix: sometimes available")
    _, out, _ = run(capsys, "rules", "spec-body")
    assert out.splitlines()[1] == "Fix: not available."


def test_several_repairs_of_one_file_are_made_together(capsys, tmp_path):
    """Two groups lost their first `{% endtab %}`: both inserts land where they
    belong (the second is not shifted by the first)."""
    write_tree(tmp_path, {"en/items.md": EN + "\n## Again\n\n" + EN.split("\n\n", 2)[2],
                          "fr/items.md": FR + "\n## Encore\n\n" + FR.split("\n\n", 2)[2]})
    code, _, err = run(capsys, "fix", "--write", str(tmp_path))
    assert code == 0 and "Fixed 2 findings in 1 file." in err
    expected = FR_FIXED + "\n## Encore\n\n" + FR_FIXED.split("\n\n", 2)[2]
    assert (tmp_path / "fr" / "items.md").read_text() == expected


@pytest.mark.parametrize("data, edit, written", [
    (b"a\nb\n{% endtabs %", Edit(3, 4, ()), b"a\nb"),           # the last line removed: no ending added
    (b"a\nb\n{% endtabs %\n", Edit(3, 4, ()), b"a\nb\n"),
    (b"a\nb", Edit(3, 3, ("c",)), b"a\nb\nc"),                  # a line added after the last
    (b"a\r\nb", Edit(2, 3, ("B", "C")), b"a\r\nB\r\nC"),
])
def test_an_edit_at_the_end_keeps_the_file_as_it_ended(data, edit, written):
    """What is written decodes to the lines that were checked (the fuzz found
    a removed last line leaving a newline, and so one line more, behind)."""
    after = SourceText.decode(data).edited([edit])
    assert after.encode() == written
    assert SourceText.decode(after.encode()) == after
