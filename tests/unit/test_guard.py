"""The origin guard's rules: what the browser may reach directly, and nothing else."""

from __future__ import annotations

import socket

import pytest

from ens_auto.flow.guard import PROXY_VARIABLES, OriginGuard


def test_the_real_site_is_reached_over_https_on_its_own_domain_only() -> None:
    guard = OriginGuard("https://www.monespacesante.fr")
    assert guard.bypass() == (
        "<-loopback>,https://monespacesante.fr,https://*.monespacesante.fr,"
        "wss://monespacesante.fr,wss://*.monespacesante.fr"
    )
    assert guard.allows("https://www.monespacesante.fr/enrolement/cloture/accueil")
    assert guard.allows("https://static.monespacesante.fr/app.js")
    assert not guard.allows("http://www.monespacesante.fr/")  # not over https
    assert not guard.allows("https://monespacesante.fr.example.com/")
    assert not guard.allows("https://stats.example.com/pixel.gif")
    assert guard.allows("data:image/png;base64,AAAA") and guard.allows("about:blank")


def test_a_local_replica_is_its_one_origin() -> None:
    guard = OriginGuard("http://127.0.0.1:8765")
    assert guard.bypass() == "<-loopback>,http://127.0.0.1:8765,ws://127.0.0.1:8765"
    assert guard.allows("http://127.0.0.1:8765/enrolement/cloture/accueil")
    assert not guard.allows("http://127.0.0.1:8766/")  # another local program
    assert not guard.allows("http://127.0.0.2:8765/")


def test_the_proxy_leads_nowhere_while_the_guard_holds_its_port() -> None:
    guard = OriginGuard("https://www.monespacesante.fr")
    server = guard.context_options()["proxy"]["server"]
    host, port = server.removeprefix("http://").split(":")
    assert host == "127.0.0.1"
    with socket.socket() as probe:  # bound, never listening: refused at once
        assert probe.connect_ex((host, int(port))) != 0
    with socket.socket() as other, pytest.raises(OSError):  # nor can another program
        other.bind((host, int(port)))  # take the port meanwhile
    guard.close()


def test_a_machine_behind_its_own_proxy_gets_requests_stopped_on_their_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    real = OriginGuard("https://www.monespacesante.fr")
    assert real.intercept and real.context_options() == {}  # the site through that proxy
    assert real.pattern().match("https://stats.example.com/x")
    assert not real.pattern().match("https://www.monespacesante.fr/enrolement")
    assert not real.pattern().match("wss://www.monespacesante.fr/socket")
    assert real.pattern().match("ws://www.monespacesante.fr/socket")  # not over TLS
    assert not OriginGuard("http://127.0.0.1:8765").intercept  # a local replica: no proxy


def test_without_a_proxy_of_its_own_the_guard_is_the_browsers_proxy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    guard = OriginGuard("https://www.monespacesante.fr")
    assert not guard.intercept and "proxy" in guard.context_options()
    guard.close()
