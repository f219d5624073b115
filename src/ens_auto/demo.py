"""``--demo``: the bundled replica on a free local port, a fake identity from it, and the
real flow played end to end. Nothing here touches the real site."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ens_auto.flow.run import RunUI
    from ens_auto.replica.server import ReplicaServer

DEMO_PERSON = "adulte_sans_photo"
DEMO_ACCOUNT = "compte_cloture"


@dataclass
class Demo:
    server: ReplicaServer

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def skin(self) -> str:
        return self.server.skin

    def opposition_details(self, person_id: str = DEMO_PERSON) -> dict[str, str]:
        from ens_auto.replica.identities import load_identities

        return load_identities().person(person_id).opposition_inputs()

    def closure_details(self, account_id: str = DEMO_ACCOUNT) -> dict[str, str]:
        from ens_auto.replica.identities import load_identities

        account = load_identities().account(account_id)
        return {"identifiant": account.identifiant, "mot_de_passe": account.mot_de_passe}


@contextmanager
def running_demo(skin: str | None = None) -> Iterator[Demo]:
    """The replica on a free local port, showing ``skin`` (None: one chosen at random)."""
    from ens_auto.replica.server import ReplicaServer
    from ens_auto.replica.skins import random_skin

    with ReplicaServer(host="127.0.0.1", port=0, skin=skin or random_skin()) as server:
        yield Demo(server)


class ReplicaOtpUI:
    """Wraps a run UI: the one-time code is read from the replica's test-only door (as the
    person would read it in the SMS), everything else goes to the wrapped UI."""

    def __init__(self, inner: RunUI, demo: Demo, identifiant: str) -> None:
        self.inner = inner
        self.demo = demo
        self.identifiant = identifiant

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def ask(self, question: str, *, secret: bool) -> str:
        self.inner.info("(démonstration : code à usage unique lu sur la réplique)")
        return self.demo.server.control.otp(self.identifiant)
