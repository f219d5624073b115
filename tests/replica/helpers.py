"""Walk the replica's pages over plain HTTP (no JavaScript): the server-side behaviour."""

from __future__ import annotations

import httpx

from ens_auto.replica.identities import Person


def identity_form(person: Person, **overrides: str) -> dict[str, str]:
    data = {
        "nir": person.nir,
        "typeCarte": person.carte_vitale_type,
        "numeroSerie": person.carte_vitale_serie,
    }
    data.update(overrides)
    return data


def identify(client: httpx.Client, person: Person, parcours: str = "opposition") -> httpx.Response:
    """Code then identity (then « oui » to the legal representative page if needed)."""
    r = client.get(f"/enrolement/code-provisoire?parcours={parcours}")
    assert r.status_code == 200
    r = client.post(
        "/enrolement/code-provisoire",
        data={"codeProvisoire": person.code_provisoire, "parcours": parcours},
    )
    assert r.url.path == "/enrolement/identite", r.text
    r = client.post("/enrolement/identite", data=identity_form(person))
    if person.represented:
        assert r.url.path == "/enrolement/representant-legal", r.text
        r = client.post("/enrolement/representant-legal", data={"representant": "oui"})
    return r


def oppose(client: httpx.Client, person: Person) -> httpx.Response:
    """The whole opposition; returns the « enregistrée » page."""
    r = identify(client, person)
    assert r.url.path == "/enrolement/choix", r.text
    r = client.post("/enrolement/choix", data={"choix": "opposition"})
    assert r.url.path == "/enrolement/opposition/confirmation", r.text
    r = client.post("/enrolement/opposition/confirmation", data={"action": "confirmer"})
    assert r.url.path == "/enrolement/opposition/enregistree", r.text
    return r
