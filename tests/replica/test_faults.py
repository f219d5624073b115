"""Faults of the replica: maintenance, latency, late rendering, sessions, downloads, PDF."""

from __future__ import annotations

import base64
import io
import time
from html import unescape

import httpx
import pypdf
import pytest

from ens_auto.replica.identities import Identities
from ens_auto.replica.server import ReplicaServer
from ens_auto.replica.skins.classique import pages
from tests.replica.helpers import identify, oppose


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_maintenance(client: httpx.Client, replica: object) -> None:
    replica.control.set_faults(maintenance=True)  # type: ignore[attr-defined]
    for path in ("/", "/enrolement/cloture/accueil", "/connexion", "/parametres"):
        r = client.get(path)
        assert r.status_code == 503, path
        assert r.headers["content-type"] == "text/html; charset=utf-8"
        body = unescape(r.text)
        assert "<h1>Site en maintenance</h1>" in body and "3422" in body
    assert client.post("/enrolement/code-provisoire", data={}).status_code == 503
    # the test door still answers, and turns maintenance off
    assert client.get("/__replica__/state").json()["faults"]["maintenance"] is True
    replica.control.set_faults(maintenance=False)  # type: ignore[attr-defined]
    assert client.get("/").status_code == 200


def test_latency(client: httpx.Client, replica: object) -> None:
    replica.control.set_faults(latency_ms=150)  # type: ignore[attr-defined]
    start = time.monotonic()
    client.get("/")
    assert time.monotonic() - start >= 0.15
    start = time.monotonic()
    client.get("/__replica__/state")  # the door is never slowed down
    assert time.monotonic() - start < 0.15


def test_late_render_serves_empty_main(client: httpx.Client, replica: object) -> None:
    replica.control.set_faults(late_render_ms=400)  # type: ignore[attr-defined]
    body = unescape(client.get("/enrolement/code-provisoire").text)
    assert '<main id="main" class="fr-container" tabindex="-1"></main>' in body
    assert '<template id="contenu-differe" data-delai="400">' in body
    assert body.index("<main") < body.index("<template") and "Mon code provisoire</h1>" in body


def test_session_expiry(client: httpx.Client, replica: object, ids: Identities) -> None:
    replica.control.set_faults(session_ttl_s=0.3)  # type: ignore[attr-defined]
    r = identify(client, ids.person("adulte_sans_photo"))
    assert r.url.path == "/enrolement/choix"
    time.sleep(0.4)
    r = client.post("/enrolement/choix", data={"choix": "opposition"})
    assert r.url.path == "/session-expiree"
    body = unescape(r.text)
    assert "<h1>Votre session a expiré</h1>" in body and 'href="/">Recommencer</a>' in body
    # the new session starts from scratch: no step is skipped
    assert client.get("/enrolement/choix").url.path == "/enrolement/code-provisoire"
    assert replica.control.state()["oppositions"] == []  # type: ignore[attr-defined]


def test_session_alive_when_active(client: httpx.Client, replica: object, ids: Identities) -> None:
    replica.control.set_faults(session_ttl_s=5)  # type: ignore[attr-defined]
    oppose(client, ids.person("adulte_sans_photo"))
    assert len(replica.control.state()["oppositions"]) == 1  # type: ignore[attr-defined]


def test_download_script_mode(client: httpx.Client, replica: object, ids: Identities) -> None:
    person = ids.person("adulte_sans_photo")
    body = unescape(oppose(client, person).text)
    assert 'data-source="/api/enrolement/opposition/justificatif"' in body
    assert 'data-nom-fichier="justificatif-opposition.pdf"' in body
    r = client.post("/api/enrolement/opposition/justificatif")
    assert r.status_code == 200
    data = base64.b64decode(r.json()["pdf"])
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    [rec] = replica.control.state()["oppositions"]  # type: ignore[attr-defined]
    assert "Justificatif d'opposition à la création de Mon espace santé" in text
    assert rec["reference"] in text
    assert "2 85 03 ** *** *** 44" in text
    assert person.nir not in text.replace(" ", "")
    assert person.nir.encode() not in data


def test_download_attachment_mode(client: httpx.Client, replica: object, ids: Identities) -> None:
    replica.control.set_faults(download_mode="attachment")  # type: ignore[attr-defined]
    body = unescape(oppose(client, ids.person("adulte_sans_photo")).text)
    assert 'href="/enrolement/opposition/justificatif">Télécharger le justificatif</a>' in body
    assert 'target="_blank"' not in body
    r = client.get("/enrolement/opposition/justificatif")
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == 'attachment; filename="justificatif-opposition.pdf"'
    assert "opposition" in pdf_text(r.content)


def test_download_inline_mode(client: httpx.Client, replica: object, ids: Identities) -> None:
    replica.control.set_faults(download_mode="inline")  # type: ignore[attr-defined]
    body = unescape(oppose(client, ids.person("enfant_1")).text)
    assert 'target="_blank"' in body
    r = client.get("/enrolement/opposition/justificatif")
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("inline;")
    text = pdf_text(r.content)
    assert "représentant légal" in text and "1 12 06 ** *** *** 96" in text


def test_pdf_error(client: httpx.Client, replica: object, ids: Identities) -> None:
    replica.control.set_faults(pdf="error")  # type: ignore[attr-defined]
    oppose(client, ids.person("adulte_sans_photo"))
    r = client.post("/api/enrolement/opposition/justificatif")
    assert r.status_code == 500 and "pdf" not in r.json()
    r = client.get("/enrolement/opposition/justificatif")
    assert r.status_code == 500 and pages.MSG_PDF_FAILED in unescape(r.text)
    # the opposition itself stays recorded
    assert len(replica.control.state()["oppositions"]) == 1  # type: ignore[attr-defined]


def test_pdf_corrupt(client: httpx.Client, replica: object, ids: Identities) -> None:
    replica.control.set_faults(pdf="corrupt")  # type: ignore[attr-defined]
    oppose(client, ids.person("adulte_sans_photo"))
    data = base64.b64decode(client.post("/api/enrolement/opposition/justificatif").json()["pdf"])
    assert not data.startswith(b"%PDF")
    with pytest.raises(pypdf.errors.PdfReadError):
        pypdf.PdfReader(io.BytesIO(data))
    r = client.get("/enrolement/opposition/justificatif")
    assert r.headers["content-type"] == "application/pdf" and not r.content.startswith(b"%PDF")


def test_server_initial_faults_survive_reset() -> None:
    with ReplicaServer(maintenance=True, latency_ms=1) as server:
        assert server.url.startswith("http://127.0.0.1:") and not server.url.endswith("/")
        assert httpx.get(server.url + "/").status_code == 503
        server.control.set_faults(maintenance=False)
        assert httpx.get(server.url + "/").status_code == 200
        server.control.reset()
        assert server.control.state()["faults"]["maintenance"] is True
        assert httpx.get(server.url + "/").status_code == 503


def test_invalid_initial_faults() -> None:
    with pytest.raises(ValueError):
        ReplicaServer(pdf="broken")
