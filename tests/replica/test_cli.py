"""``ens-auto replica serve``: options, identity table (NIR masked), serving, Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx
import typer
from typer.testing import CliRunner

from ens_auto.cli.replica import register
from ens_auto.replica.identities import load_identities

RUN_REPLICA_CLI = (
    "import typer; from ens_auto.cli.replica import register; "
    "app = typer.Typer(); register(app); app(prog_name='ens-auto')"
)


def replica_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """ens-auto"""

    register(app)
    return app


def test_serve_help_in_french() -> None:
    result = CliRunner().invoke(replica_app(), ["replica", "serve", "--help"])
    assert result.exit_code == 0
    for option in (
        "--maintenance",
        "--latency-ms",
        "--late-render-ms",
        "--download-mode",
        "--pdf",
        "--port",
        "--host",
    ):
        assert option in result.output
    assert "Lancer la réplique locale" in result.output


def test_serve_prints_url_and_masked_identities_then_stops_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            RUN_REPLICA_CLI,
            "replica",
            "serve",
            "--port",
            "0",
            "--maintenance",
            "--pdf",
            "corrupt",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        url = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            found = re.search(r"http://127\.0\.0\.1:(\d+)", line)
            if found:
                url = found.group(0)
            if "Ctrl-C" in line:
                break
        output = "".join(lines)
        assert url is not None, output
        ids = load_identities()
        for person in ids.persons:
            assert person.code_provisoire in output
            assert person.nir_masque in output
            assert person.nir not in output
        for account in ids.accounts:
            assert account.identifiant in output and account.mot_de_passe not in output
        r = httpx.get(url + "/")
        assert r.status_code == 503 and "3422" in r.text
        assert httpx.get(url + "/__replica__/state").json()["faults"]["pdf"] == "corrupt"
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode in (0, 130)
