"""The Playwright driver's start: its compile cache, and what loads meanwhile."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ens_auto.flow.driver import COMPILE_CACHE, PlaywrightHolder
from ens_auto.preload import preload


def test_the_driver_keeps_its_compiled_code_for_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if sys.platform != "linux":
        pytest.skip("XDG cache layout")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(COMPILE_CACHE, raising=False)
    holder = PlaywrightHolder()
    try:
        holder.get()
    finally:
        holder.stop()
    cache = tmp_path / "ens-auto" / "node"
    assert any(p.is_file() for p in cache.rglob("*")), "Node wrote no compile cache"
    # For the driver only: the browser and anything else started later do not get it.
    assert COMPILE_CACHE not in os.environ


def test_ones_own_compile_cache_setting_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv(COMPILE_CACHE, str(tmp_path / "mine"))
    holder = PlaywrightHolder()
    try:
        holder.get()
    finally:
        holder.stop()
    assert os.environ[COMPILE_CACHE] == str(tmp_path / "mine")
    assert not (tmp_path / "xdg" / "ens-auto").exists()


def test_preload_imports_in_a_thread_and_ignores_what_fails() -> None:
    sys.modules.pop("colorsys", None)
    preload(("ens_auto_no_such_module", "colorsys")).join(5)
    assert "colorsys" not in sys.modules  # stopped at the first failure, said nothing
    preload(("colorsys",)).join(5)
    assert "colorsys" in sys.modules
