"""The replica's skins: the same site as different front-end teams would build it.

Each skin is presentation and page sequence only; the rules, the state and the fault
switches are the replica's own. ``ens-auto replica skins`` lists them.
"""

from __future__ import annotations

import importlib
import random
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ens_auto.replica.skins.base import Skin

#: Skin name -> "module:Class" (imported on first use).
REGISTRY: dict[str, str] = {
    "classique": "ens_auto.replica.skins.classique.skin:ClassiqueSkin",
    "dsfr": "ens_auto.replica.skins.dsfr.skin:DsfrSkin",
    "spa": "ens_auto.replica.skins.spa.skin:SpaSkin",
    "ancien": "ens_auto.replica.skins.ancien.skin:AncienSkin",
}

DEFAULT_SKIN = "classique"


def skin_names() -> list[str]:
    return list(REGISTRY)


@cache
def get_skin(name: str) -> Skin:
    """The skin called ``name`` (KeyError with the known names otherwise)."""
    if name not in REGISTRY:
        raise KeyError(f"skin inconnu : {name} (skins : {', '.join(REGISTRY)})")
    module, _, cls = REGISTRY[name].partition(":")
    return getattr(importlib.import_module(module), cls)()


def all_skins() -> list[Skin]:
    return [get_skin(name) for name in REGISTRY]


def random_skin() -> str:
    return random.choice(skin_names())
