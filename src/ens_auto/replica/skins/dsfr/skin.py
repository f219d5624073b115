"""Skin « dsfr »: placeholder until its own pages are written (a copy of « classique »)."""

from __future__ import annotations

from ens_auto.replica.skins.classique.skin import ClassiqueSkin


class DsfrSkin(ClassiqueSkin):
    name = "dsfr"
    summary = "(en cours d'écriture : pour l'instant identique à « classique »)"
