"""The cache (checker/cache.py): a second run reads what unchanged files
yield, never a stale result, never an entry it did not write."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from checker import cache as cache_module
from checker import pagecache
from checker.cache import Cache
from tests.helpers import SEEDS, write_tree
from tests.test_cli import run

FENCE = "```"
EN = f"## Items\n\n{FENCE}bash\ncurl -H 'X-Key: YOUR_KEY' https://api.example.com/items\n{FENCE}\n"
FR = EN.replace("## Items", "## Articles").replace("X-Key", "X-Clef")


@pytest.fixture(autouse=True)
def _cached(monkeypatch, tmp_path):
    monkeypatch.delenv("SAMPLEDRIFT_NO_CACHE")
    monkeypatch.chdir(tmp_path)   # `.sampledrift-cache/` goes in the current folder


def _report(capsys, *args: str) -> tuple[str, list[tuple[str, str]]]:
    _, out, _ = run(capsys, "check", "--no-history", "--format", "json", *args)
    return out, sorted((f["rule"], f["path"]) for f in json.loads(out)["findings"])


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("??/*") if p.is_file())


def test_a_second_run_reads_the_cache_and_says_the_same(capsys, tmp_path):
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": FR})
    first, found = _report(capsys, root)
    assert found and set(found) == {("header-drift", f"{root}/fr/a.md")}
    entries = _entries(tmp_path / ".sampledrift-cache")
    assert len(entries) == 4   # the two pages, the tree's index (checker/pagecache.py), their set
    assert (tmp_path / ".sampledrift-cache" / ".gitignore").read_text(encoding="utf-8").endswith("\n*\n")
    stamps = [p.stat().st_mtime_ns for p in entries]
    second, _ = _report(capsys, root)
    assert second == first
    assert _entries(tmp_path / ".sampledrift-cache") == entries   # nothing new: both read
    # Each entry was read: reading one marks it used (prune keeps it longest).
    assert all(p.stat().st_mtime_ns > old for p, old in zip(entries, stamps, strict=True))


def test_an_edited_file_or_a_changed_setting_is_never_read_from_the_cache(capsys, tmp_path):
    drifted = EN.replace("X-Key", "X-Kez")
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": drifted})
    assert _report(capsys, root)[1]
    fixed = EN.replace("## Items", "## Itemz")
    assert len(fixed) == len(drifted)   # an edit that keeps the size (and maybe the mtime)
    (tmp_path / "docs" / "fr" / "a.md").write_text(fixed, encoding="utf-8")
    assert _report(capsys, root)[1] == []                       # the edit is seen
    (tmp_path / "docs" / "fr" / "a.md").write_text(FR + "{% endtabs %\n", encoding="utf-8")
    assert ("tag-unterminated", f"{root}/fr/a.md") in _report(capsys, root)[1]
    assert ("tag-unterminated", f"{root}/fr/a.md") not in _report(capsys, root, "--ignore", "tag-")[1]
    (tmp_path / "docs" / ".sampledrift.yml").write_text("max_line_length: 10\n", encoding="utf-8")
    assert ("input-too-large", f"{root}/en/a.md") in _report(capsys, root)[1]   # limits are in the key


def test_another_version_of_sampledrift_reads_none_of_it(capsys, tmp_path, monkeypatch):
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": FR})
    _report(capsys, root)
    before = len(_entries(tmp_path / ".sampledrift-cache"))
    monkeypatch.setattr(cache_module, "code_version", lambda: "another")
    _report(capsys, root)
    assert len(_entries(tmp_path / ".sampledrift-cache")) == 2 * before


UNPICKLED: list[str] = []


def _planted() -> None:
    UNPICKLED.append("a planted entry was unpickled")


class _Payload:
    def __reduce__(self):
        return (_planted, ())


def test_an_entry_the_cache_did_not_sign_is_never_unpickled(capsys, tmp_path):
    """`.sampledrift-cache/` may come with a pull request: an entry signed with
    another key (or none) is recomputed, its pickle never loaded."""
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": FR})
    first, _ = _report(capsys, root)
    entries = _entries(tmp_path / ".sampledrift-cache")
    forged = Cache(tmp_path, os.urandom(32))
    for entry in entries:
        payload = pickle.dumps(_Payload())
        entry.write_bytes(forged._sign(payload) + payload)
    assert _report(capsys, root)[0] == first
    assert UNPICKLED == []
    entries[0].write_bytes(b"short")
    assert _report(capsys, root)[0] == first


def test_the_key_is_kept_outside_the_tree_and_private(capsys, tmp_path):
    root = write_tree(tmp_path / "docs", {"en/a.md": EN})
    _report(capsys, root)
    key = cache_module.user_folder() / "key"
    assert key.is_file() and key.stat().st_mode & 0o077 == 0
    assert not any(p.name == "key" for p in (tmp_path / ".sampledrift-cache").rglob("*"))


def test_no_cache_and_cache_dir(capsys, tmp_path):
    root = write_tree(tmp_path / "docs", {"en/a.md": EN})
    _report(capsys, root, "--no-cache")
    assert not (tmp_path / ".sampledrift-cache").exists()
    _report(capsys, root, "--cache-dir", str(tmp_path / "elsewhere"))
    assert _entries(tmp_path / "elsewhere") and not (tmp_path / ".sampledrift-cache").exists()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "check", root, "--cache-dir", str(tmp_path / "file" / "sub"))
    assert code == 2 and err.startswith("sampledrift: error: --cache-dir ")


def test_prune_keeps_the_most_recently_used(tmp_path):
    (tmp_path / "c").mkdir()
    store = Cache(tmp_path / "c", b"k" * 32)
    for index in range(5):
        store.put(f"{index:02x}" + "0" * 62, b"x" * 1000)
        entry = tmp_path / "c" / f"{index:02x}" / ("0" * 62)
        os.utime(entry, (index, index))
    store.prune(max_bytes=2500)
    assert sorted(p.parent.name for p in _entries(tmp_path / "c")) == ["03", "04"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_same_bytes_with_and_without_the_cache_serial_and_parallel(capsys, tmp_path, monkeypatch, jobs):
    """Enough pages for worker processes (engine.PARALLEL_THRESHOLD)."""
    files = {f"{loc}/p{i}.md": (EN if loc == "en" else FR).replace("items", f"items{i}")
             for loc in ("en", "fr") for i in range(30)}
    root = write_tree(tmp_path / "docs", files)
    write_tree(tmp_path / "docs", {f"{loc}/{p.name}": p.read_text(encoding="utf-8")
                                   for loc in ("fr",) for p in (SEEDS / "fr" / "api-docs").glob("*.md")})
    monkeypatch.setenv("SAMPLEDRIFT_JOBS", jobs)
    plain, _ = _report(capsys, root, "--no-cache")
    cold, _ = _report(capsys, root)
    warm, _ = _report(capsys, root)
    monkeypatch.setenv("SAMPLEDRIFT_JOBS", "1" if jobs == "2" else "2")
    other, _ = _report(capsys, root)
    assert plain == cold == warm == other


def test_a_planted_symlink_or_fifo_is_never_written_through_or_waited_on(capsys, tmp_path):
    """A pull request's tree may bring `.sampledrift-cache` as a symlink (our
    writes and prunes would land elsewhere), or an entry that is a FIFO (a
    read would block): neither is followed."""
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": FR})
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / ".sampledrift-cache").symlink_to(tmp_path / "elsewhere")
    first, _ = _report(capsys, root)
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert _entries(cache_module.user_folder() / "entries")     # the user's folder instead
    (tmp_path / ".sampledrift-cache").unlink()
    _report(capsys, root)
    entry = _entries(tmp_path / ".sampledrift-cache")[0]
    entry.unlink()
    os.mkfifo(entry)
    shard = _entries(tmp_path / ".sampledrift-cache")[-1].parent
    for other in shard.iterdir():
        other.unlink()
    shard.rmdir()
    shard.symlink_to(tmp_path / "elsewhere")
    assert _report(capsys, root)[0] == first
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_pull_request_mode_reads_the_full_runs_entries_and_says_the_same(capsys, tmp_path):
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": FR, "en/b.md": EN.replace("items", "b"),
                                          "fr/b.md": EN.replace("items", "b") + "{% endtabs %\n"})
    listing = tmp_path / "changed.txt"
    listing.write_text(f"{root}/fr/a.md\n", encoding="utf-8")
    plain, found = _report(capsys, root, "--changed-files", str(listing), "--no-cache")
    assert found and all(path == f"{root}/fr/a.md" for _, path in found)
    _report(capsys, root)                                   # a full run fills the cache
    entries = _entries(tmp_path / ".sampledrift-cache")
    assert _report(capsys, root, "--changed-files", str(listing))[0] == plain
    assert _entries(tmp_path / ".sampledrift-cache") == entries   # every page read from it


@pytest.fixture
def gets(monkeypatch) -> list[str]:
    """The keys the run asks the cache for."""
    asked: list[str] = []
    real_get = Cache.get

    def get(self, key):
        asked.append(key)
        return real_get(self, key)

    monkeypatch.setattr(Cache, "get", get)
    return asked


SPEC = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {/items: {get: {responses: {'200': {description: ok}}}}}\n"


def test_pull_request_mode_pairs_from_stubs_and_loads_only_the_pages_it_checks(capsys, tmp_path, gets):
    """A warm pull-request run pairs the other pages from the index's stubs (a
    renamed page paired by its API calls, a published rendering joined to its
    source) and reads only the entries of the pages it checks: every report
    says what a run without the cache says, to the byte."""
    other = EN.replace("items", "orders").replace("X-Key", "X-Token")
    root = write_tree(tmp_path / "docs", {
        "en/a.md": EN, "fr/a.md": FR + "<!-- sampledrift-disable-next-line literal-drift -->\n",
        "en/guide/orders.md": other, "fr/guide/commandes.md": other.replace("X-Token", "X-Jeton"),
        "fr/published/commandes.txt": "Commandes\n\n" + other.split(FENCE + "bash\n")[1].split(FENCE)[0],
        "en/SUMMARY.md": "* [A](a.md)\n* [Orders](guide/orders.md)\n",
        "fr/SUMMARY.md": "* [A](a.md)\n* [Commandes](guide/commandes.md)\n"})
    listing = tmp_path / "changed.txt"
    listing.write_text(f"{root}/fr/a.md\n", encoding="utf-8")
    changed = ["--changed-files", str(listing)]
    _report(capsys, root)   # a full run fills the cache
    for format_ in ("json", "text", "sarif", "github", "html", "markdown"):
        _, plain, _ = run(capsys, "check", root, "--no-history", *changed, "--no-cache", "--format", format_)
        gets.clear()
        _, warm, _ = run(capsys, "check", root, "--no-history", *changed, "--format", format_)
        assert warm == plain, format_
        # The index, then en/a.md and fr/a.md (the pages of the changed page's set), then the set.
        assert len(gets) == 4, format_
    # The pairing made from stubs is the one made from the pages.
    pairing = json.loads(_report(capsys, root, *changed)[0])["pairing"]
    assert pairing == json.loads(_report(capsys, root)[0])["pairing"]
    hows = {loc: entry["how"] for page in pairing["pages"] for loc, entry in page["locales"].items()
            if page["page"] == "guide/orders"}
    assert hows["fr"].startswith("same API calls")
    assert [e["paths"] for p in pairing["pages"] for loc, e in p["locales"].items()
            if p["page"] == "guide/orders" and loc == "fr"] == \
        [[f"{root}/fr/guide/commandes.md", f"{root}/fr/published/commandes.txt"]]


def test_a_changed_spec_makes_pull_request_mode_read_every_page(capsys, tmp_path, gets):
    """Which pages use a spec is in their samples, not in the stubs."""
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": FR, "en/b.md": EN, "fr/b.md": EN,
                                          "api.yaml": SPEC})
    listing = tmp_path / "changed.txt"
    listing.write_text(f"{root}/api.yaml\n", encoding="utf-8")
    _report(capsys, root, "--spec", f"{root}/api.yaml")
    gets.clear()
    warm = _report(capsys, root, "--spec", f"{root}/api.yaml", "--changed-files", str(listing))[0]
    assert len(gets) == 1 + 4 + 2   # the index, every page's entry, the two sets
    assert warm == _report(capsys, root, "--spec", f"{root}/api.yaml", "--changed-files", str(listing),
                           "--no-cache")[0]


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The files the cache's index opens to hash."""
    seen: list[str] = []

    real_open = pagecache.open_regular

    def spy(path):
        seen.append(os.path.basename(path))
        return real_open(path)

    monkeypatch.setattr(pagecache, "open_regular", spy)
    return seen


def test_an_unchanged_stat_spares_the_hash_and_an_edit_that_keeps_size_and_mtime_is_seen(
        capsys, tmp_path, monkeypatch, opened):
    monkeypatch.setattr(pagecache, "_SETTLED_NS", -10**18)   # every stat settled, at once
    drifted = EN.replace("X-Key", "X-Kez")
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": drifted})
    assert _report(capsys, root)[1]
    assert sorted(opened) == ["a.md", "a.md"]
    opened.clear()
    assert _report(capsys, root)[1]
    assert opened == []                              # both known by their stat
    page = tmp_path / "docs" / "fr" / "a.md"
    stat = page.stat()
    page.write_text(EN.replace("## Items", "## Itemz"), encoding="utf-8")   # the same size
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))                # and mtime
    assert page.stat().st_size == stat.st_size and page.stat().st_mtime_ns == stat.st_mtime_ns
    assert _report(capsys, root)[1] == []            # the ctime told: read, hashed, seen
    assert opened == ["a.md"]


def test_a_file_changed_just_before_the_run_is_hashed_every_time(capsys, tmp_path, opened):
    """Its stat may not move when it is edited again within the timestamp granularity."""
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": FR})
    _report(capsys, root)
    opened.clear()
    _report(capsys, root)
    assert sorted(opened) == ["a.md", "a.md"]


def _openapi(src: str) -> str:
    return f'## Sign up\n\n{{% openapi src="{src}" path="/signup" method="post" %}}\n{{% endopenapi %}}\n'


def test_a_page_sets_findings_come_from_the_cache_until_a_file_its_blocks_name_changes(capsys, tmp_path):
    """Set rules read the specs a page's blocks name (spec-ref-drift hashes a local
    `src=`): their bytes are part of the set's key; the pages' own are too."""
    root = write_tree(tmp_path / "docs", {"en/a.md": _openapi("../specs/en.yaml"),
                                          "fr/a.md": _openapi("../specs/fr.yaml"),
                                          "specs/en.yaml": SPEC, "specs/fr.yaml": SPEC})
    assert _report(capsys, root)[1] == []               # one spec in two files: the same
    assert _report(capsys, root)[1] == []               # (from the set's entry)
    (tmp_path / "docs" / "specs" / "fr.yaml").write_text(SPEC.replace("'1'", "'2'"), encoding="utf-8")
    assert ("spec-ref-drift", f"{root}/fr/a.md") in _report(capsys, root)[1]
    (tmp_path / "docs" / "specs" / "fr.yaml").write_text(SPEC, encoding="utf-8")
    assert _report(capsys, root)[1] == []


def test_a_warm_full_run_reads_every_page_and_every_set_from_the_cache(capsys, tmp_path, gets):
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": FR, "en/b.md": EN, "fr/b.md": EN})
    first = _report(capsys, root)[0]
    entries = _entries(tmp_path / ".sampledrift-cache")
    assert len(entries) == 4 + 1 + 2                    # the pages, the index, the two sets
    gets.clear()
    assert _report(capsys, root)[0] == first
    assert len(gets) == len(entries) and set(gets) == {p.parent.name + p.name for p in entries}


def test_a_file_a_block_names_outside_the_tree_is_never_read_for_a_key(capsys, tmp_path, opened):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text(SPEC, encoding="utf-8")
    root = write_tree(tmp_path / "docs", {"en/a.md": _openapi("../../outside/secret.yaml"),
                                          "fr/a.md": _openapi("../../outside/secret.yaml")})
    found = _report(capsys, root)[1]
    assert ("path-outside-tree", f"{root}/en/a.md") in found
    assert "secret.yaml" not in opened and sorted(opened) == ["a.md", "a.md"]


def test_a_file_that_changes_while_it_is_read_is_not_kept_under_the_key_of_its_old_bytes(
        capsys, tmp_path, monkeypatch):
    """A file is hashed, then parsed: one edited between the two must not leave
    its new page (or its set's findings) under the key of the bytes hashed."""
    from checker import engine

    drifted = EN.replace("X-Key", "X-Kez")
    root = write_tree(tmp_path / "docs", {"en/a.md": EN, "fr/a.md": drifted})
    page = tmp_path / "docs" / "fr" / "a.md"
    real_read = engine.read_page

    def edited_meanwhile(file, *args, **kwargs):
        if file.fs_path.endswith("fr/a.md"):
            page.write_text(EN, encoding="utf-8")
        return real_read(file, *args, **kwargs)

    monkeypatch.setattr(engine, "read_page", edited_meanwhile)
    assert _report(capsys, root)[1] == []                  # it read the edited page
    monkeypatch.setattr(engine, "read_page", real_read)
    page.write_text(drifted, encoding="utf-8")             # the bytes hashed then, again
    assert ("header-drift", f"{root}/fr/a.md") in _report(capsys, root)[1]
