"""A visible (headed) browser, on a virtual screen (Xvfb): what a person sees by default.
Downloads in each mode the site may use, and the confirmations with the element
highlighted. Skipped only where Xvfb is not installed (CI installs it)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ens_auto.flow.load import load_flow
from ens_auto.proof import check_pdf
from tests.conftest import CHROMIUM_ARGS, chromium_path
from tests.e2e.conftest import ScriptedUI, opposition_details

pytestmark = pytest.mark.skipif(
    shutil.which("Xvfb") is None, reason="Xvfb absent (apt-get install xvfb)"
)


@pytest.fixture(scope="module")
def headed_browser(
    playwright_instance: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    display = ":97"
    screen = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    try:
        browser = playwright_instance.chromium.launch(
            executable_path=chromium_path(),
            headless=False,
            args=CHROMIUM_ARGS,
            env={"DISPLAY": display, "HOME": str(tmp_path_factory.mktemp("home"))},
        )
        yield browser
        browser.close()
    finally:
        screen.terminate()
        screen.wait(timeout=5)


@pytest.mark.parametrize("mode", ["script", "attachment", "inline"])
def test_headed_opposition_keeps_a_checked_pdf(
    headed_browser: Any, replica: Any, settings: Any, mode: str
) -> None:
    from ens_auto.execute import RunRequest, execute

    replica.control.set_faults(download_mode=mode)
    ui = ScriptedUI()
    report = execute(
        RunRequest(
            flow=load_flow("opposition"),
            details=opposition_details("adulte_sans_photo"),
            label=f"fenetre-{mode}",
            site=replica.url,
            headless=False,
            confirm="irreversible",
        ),
        ui,
        settings,
        browser=headed_browser,
    )
    assert report.result.ok, report.result.error and report.result.error.message
    assert ui.confirmed and all(irreversible for _, irreversible, _ in ui.confirmed)
    assert report.justificatif is not None
    assert check_pdf(Path(report.justificatif).read_bytes()).ok
    assert [o["person"] for o in replica.control.state()["oppositions"]] == ["adulte_sans_photo"]
