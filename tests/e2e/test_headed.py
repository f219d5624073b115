"""A visible (headed) browser, on a virtual screen (Xvfb): what a person sees by default.
Downloads in each mode the site may use, and the confirmations with the element
highlighted. Skipped only where Xvfb is not installed (CI installs it). The headed
browser (``headed_browser``) is in ``conftest.py``: the repair tests use it too."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ens_auto.flow.load import load_flow
from ens_auto.proof import check_pdf
from tests.e2e.conftest import ScriptedUI, opposition_details

pytestmark = pytest.mark.skipif(
    shutil.which("Xvfb") is None, reason="Xvfb absent (apt-get install xvfb)"
)


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
