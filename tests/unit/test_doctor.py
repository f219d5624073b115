"""``ens-auto doctor`` against the replica over real HTTP: what works, what blocks."""

from __future__ import annotations

import socket
from pathlib import Path

import keyring
import pytest
from typer.testing import CliRunner

from ens_auto.cli.common import reset_consoles
from ens_auto.cli.main import build_app
from ens_auto.config import reset_settings
from tests.conftest import chromium_path
from tests.support.keyrings import FailingKeyring


@pytest.fixture
def doctor(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        reset_settings()
        reset_consoles()
        try:
            return runner.invoke(build_app(), ["doctor", *args])
        finally:
            reset_consoles()

    return run


def lines_with(output: str, word: str) -> list[str]:
    return [line for line in output.splitlines() if word in line]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_everything_ready(doctor, replica, isolated_env) -> None:  # type: ignore[no-untyped-def]
    result = doctor("--site", replica.url)
    assert result.exit_code == 0, result.output
    out = result.output
    browser = lines_with(out, "Navigateur")
    assert len(browser) == 1 and browser[0].startswith("✓")
    assert "ENS_AUTO_BROWSER_PATH" in browser[0]
    if chromium_path() == "/usr/bin/chromium":
        assert "Chromium 1" in browser[0]  # its version, read with --version
    keyring_line = lines_with(out, "Trousseau")[0]
    assert keyring_line.startswith("✓") and "MemoryKeyring" in keyring_line
    assert "sûr" in keyring_line
    site = lines_with(out, "Site ")[0]
    assert site.startswith("✓") and "HTTP 200" in site
    assert str(isolated_env["download"]) in lines_with(out, "justificatifs")[0]
    assert str(isolated_env["data"]) in lines_with(out, "journal")[0]
    assert str(isolated_env["config"]) in lines_with(out, "configuration")[0]
    assert "Tout est prêt." in out
    # doctor only looks: it creates nothing.
    assert not isolated_env["download"].exists()
    assert not isolated_env["data"].exists()


def test_site_from_settings_is_used_by_default(doctor, replica, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ENS_AUTO_SITE", replica.url)
    result = doctor()
    assert result.exit_code == 0, result.output
    assert f"Site {replica.url.rstrip('/')} : répond" in result.output


def test_maintenance_is_reported_with_the_phone_route(doctor, replica) -> None:  # type: ignore[no-untyped-def]
    replica.control.set_faults(maintenance=True)
    result = doctor("--site", replica.url)
    assert result.exit_code == 1
    site = lines_with(result.output, "Site ")[0]
    assert site.startswith("✗") and "en maintenance (HTTP 503)" in site
    assert "3422" in result.output
    assert "Quelque chose empêche une démarche" in result.output


def test_missing_keyring_is_a_clear_warning_not_a_failure(doctor, replica) -> None:  # type: ignore[no-untyped-def]
    keyring.set_keyring(FailingKeyring())  # isolated_env puts the memory keyring back
    result = doctor("--site", replica.url)
    assert result.exit_code == 0, result.output
    line = lines_with(result.output, "Trousseau")[0]
    assert line.startswith("⚠")
    assert "aucun trousseau sûr" in line
    assert "demandées à chaque démarche" in line
    assert "Tout est prêt." in result.output and "avertissement" in result.output


def test_bogus_browser_path_is_a_usage_error(doctor, replica, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ENS_AUTO_BROWSER_PATH", str(tmp_path / "pas-de-chrome"))
    result = doctor("--site", replica.url)
    assert result.exit_code == 2
    line = lines_with(result.output, "Navigateur")[0]
    assert line.startswith("✗")
    assert "ENS_AUTO_BROWSER_PATH" in line and "pas-de-chrome" in line
    # The other checks are still reported.
    assert lines_with(result.output, "Site ")[0].startswith("✓")


def test_unreachable_site(doctor) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{free_port()}"
    result = doctor("--site", url)
    assert result.exit_code == 1
    assert lines_with(result.output, "Site ")[0].startswith(f"✗ Site {url} : injoignable")
    assert "3422" in result.output


def test_invalid_site_address_is_a_usage_error(doctor) -> None:  # type: ignore[no-untyped-def]
    result = doctor("--site", "monespacesante")
    assert result.exit_code == 2
    assert "adresse invalide" in result.output


def test_download_folder_that_is_a_file_is_a_failure(  # type: ignore[no-untyped-def]
    doctor, monkeypatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("ENS_AUTO_DOWNLOAD_DIR", str(blocker))
    result = doctor("--site", f"http://127.0.0.1:{free_port()}")
    assert result.exit_code == 1
    line = lines_with(result.output, "justificatifs")[0]
    assert line.startswith("✗") and "pas accessible en écriture" in line
