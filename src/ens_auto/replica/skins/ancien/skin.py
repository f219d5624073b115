"""Skin « ancien »: placeholder until its own pages are written (a copy of « classique »)."""

from __future__ import annotations

from ens_auto.replica.skins.classique.skin import ClassiqueSkin


class AncienSkin(ClassiqueSkin):
    name = "ancien"
    summary = "(en cours d'écriture : pour l'instant identique à « classique »)"
