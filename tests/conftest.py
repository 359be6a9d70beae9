"""What every test runs with."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads or writes a cache unless it asks (tests/test_cache.py): a
    test that patches a rule must see the rule run, and no test writes into the
    checkout or the user's home."""
    monkeypatch.setenv("SAMPLEDRIFT_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
