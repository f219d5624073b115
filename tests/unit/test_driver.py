"""The Playwright driver's start: its compile cache, and what loads meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ens_auto.flow.driver import COMPILE_CACHE
from ens_auto.preload import preload

#: Starts and stops the driver in a process of its own (this one may have one running
#: already), then says whether the variable is still set and to what.
START = (
    "import os; from ens_auto.flow.driver import PLAYWRIGHT as P; P.get(); P.stop(); "
    f"print(os.environ.get('{COMPILE_CACHE}', '-'))"
)


def start_driver(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", START], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_driver_keeps_its_compiled_code_for_the_next_start(tmp_path: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("XDG cache layout")
    env = {k: v for k, v in os.environ.items() if k != COMPILE_CACHE}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    # For the driver only: the browser and anything started later do not get it.
    assert start_driver(env) == "-"
    cache = tmp_path / "ens-auto" / "node"
    assert any(p.is_file() for p in cache.rglob("*")), "Node wrote no compile cache"


def test_ones_own_compile_cache_setting_is_kept(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    env[COMPILE_CACHE] = str(tmp_path / "mine")
    assert start_driver(env) == str(tmp_path / "mine")
    assert not (tmp_path / "xdg" / "ens-auto").exists()
    assert any(p.is_file() for p in (tmp_path / "mine").rglob("*"))


def test_preload_imports_in_a_thread_and_ignores_what_fails() -> None:
    sys.modules.pop("colorsys", None)
    preload(("ens_auto_no_such_module", "colorsys")).join(5)
    assert "colorsys" not in sys.modules  # stopped at the first failure, said nothing
    preload(("colorsys",)).join(5)
    assert "colorsys" in sys.modules


def test_only_a_run_starts_the_driver_before_the_command_line_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ens_auto.cli import warm

    started: list[tuple[str, ...]] = []
    monkeypatch.setattr(warm, "warm_start", started.append)
    cli = ("ens_auto.cli.oppose",)
    for argv in (
        [],
        ["--help"],
        ["--version"],
        ["journal", "list"],
        ["oppose", "--help"],
        ["close", "--conserver-donnees", "-h"],
    ):
        warm.warm_for(argv, cli)
    assert started == []  # help, version, other commands: nothing starts
    warm.warm_for(["oppose", "--yes", "--headless"], cli)
    warm.warm_for(["close", "--conserver-donnees"], cli)
    assert started == [(*cli, *warm.RUN_MODULES)] * 2
