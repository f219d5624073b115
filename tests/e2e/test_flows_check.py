"""``ens-auto flows check --live``: the shipped opposition flow against the replica (all
found), then against a replica whose code page changed (a label and a field name): the
broken target is reported and the exit code is 1. Nothing is typed or submitted."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from ens_auto.cli.common import reset_consoles
from ens_auto.cli.main import build_app

pytestmark = pytest.mark.e2e

OLD_LABEL = "Saisir le code provisoire à 12 caractères"
OLD_LINK = "Je m'oppose à la création de mon profil"


class RewritingProxy:
    """ASGI app: forwards to the replica, rewrites the code page's field in HTML."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.requests: list[tuple[str, str]] = []

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.requests.append((scope["method"], scope["path"]))
        headers = [
            (k.decode(), v.decode())
            for k, v in scope["headers"]
            if k.lower() not in (b"host", b"accept-encoding")
        ]
        url = self.upstream + scope["path"]
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode()
        async with httpx.AsyncClient(follow_redirects=False) as client:
            upstream = await client.request(scope["method"], url, headers=headers, content=body)
        content = upstream.content
        if "text/html" in upstream.headers.get("content-type", ""):
            text = content.decode("utf-8")
            text = text.replace(OLD_LABEL, "Votre code").replace("codeProvisoire", "codeSaisi")
            text = text.replace(OLD_LINK.replace("'", "&#x27;"), "Poursuivre")
            content = text.encode("utf-8")
        out = [
            (k.encode(), v.encode())
            for k, v in upstream.headers.multi_items()
            if k.lower() not in ("content-length", "content-encoding", "transfer-encoding")
        ]
        out.append((b"content-length", str(len(content)).encode()))
        await send({"type": "http.response.start", "status": upstream.status_code, "headers": out})
        await send({"type": "http.response.body", "body": content})


@pytest.fixture
def changed_site(replica: Any) -> Iterator[tuple[str, RewritingProxy]]:
    import uvicorn

    proxy = RewritingProxy(replica.url)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(proxy, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}", proxy
    server.should_exit = True
    thread.join(timeout=5)
    sock.close()


def _check(site: str) -> Any:
    reset_consoles()
    runner = CliRunner()
    result = runner.invoke(
        build_app(), ["flows", "check", "opposition", "--live", "--site", site, "--delai", "2"]
    )
    reset_consoles()
    return result


def test_check_live_on_the_replica_finds_everything(replica: Any, browser: Any) -> None:
    result = _check(replica.url)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Tout est retrouvé" in out
    assert "6. Saisir le code" in out  # targets of the steps not done, same page
    assert "7. Valider le code" in out
    assert "jusqu'à l'étape 6 (saisie) : rien n'a été saisi ni envoyé" in out
    assert "INTROUVABLE" not in out
    assert replica.control.state()["oppositions"] in ([], {})  # nothing was submitted


def test_check_live_reports_a_changed_page(changed_site: tuple[str, Any], browser: Any) -> None:
    site, proxy = changed_site
    result = _check(site)
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    # The entry page's link was renamed: neither it nor what follows is on the page.
    assert "Problème : Étape 2 : ni « Choisir de m'opposer" in out
    assert "ni ce qui doit suivre n'est sur la page" in out
    # read-only: only page loads went through, no form was ever posted
    assert proxy.requests and all(method == "GET" for method, _ in proxy.requests)
