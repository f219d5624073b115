"""Never the wrong act: what the runner checks on the element itself before pressing it.

On an opposition flow, whatever candidate found it, an element that speaks of activating
(« Activer », « J'active », « activation »...) is never clicked, ticked or chosen, and no
form is submitted while an activation choice is selected on it. The check reads what the
element says of itself (accessible name, labels, text, value, title), not what the flow
expected, in Playwright's isolated world where the site's scripts cannot change it
(``looks.py``); the act's own search checks again as it acts (``ens-safe``,
``engines.py``). The person is shown the real name of what an irreversible step will press.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ens_auto.errors import EnsAutoError
from ens_auto.flow.js import script
from ens_auto.flow.texts import fold

if TYPE_CHECKING:
    from playwright.sync_api import ElementHandle, Locator

_ACTIVATION = re.compile(r"activ")


class WrongAct(EnsAutoError):
    """The element about to be pressed would do something the flow must never do."""


def speaks_of_activating(text: str) -> bool:
    return bool(_ACTIVATION.search(fold(text)))


def describe(element: Locator | ElementHandle) -> dict[str, Any]:
    """What the element says of itself (see ``js/describe_element.js``)."""
    return element.evaluate(script("describe_element"))


def check_not_activation(locator: Locator | ElementHandle, *, submits: bool) -> dict[str, Any]:
    """Raise :class:`WrongAct` if the element speaks of activating, or (when pressing it
    submits) if an activation choice is selected in its form. Returns the description."""
    return judge(describe(locator), submits=submits)


def judge(info: dict[str, Any], *, submits: bool) -> dict[str, Any]:
    """:func:`check_not_activation` on a description already read (``looks.py``; the
    engine ``ens-safe``, ``js/engines.js``, applies the same rule as the act searches)."""
    said = [*info["names"], info.get("value") or ""]
    bad = next((n for n in said if n and speaks_of_activating(n)), None)
    if bad is not None:
        raise WrongAct(
            f"Arrêt par sécurité : l'élément trouvé parle d'activer (« {bad[:80]} »). "
            "ens-auto ne l'actionne jamais pendant une opposition. Rien n'a été fait sur "
            "cette page."
        )
    if submits:
        chosen = next((s for s in info["selected"] if speaks_of_activating(s)), None)
        if chosen is not None:
            raise WrongAct(
                f"Arrêt par sécurité : un choix d'activation est sélectionné sur la page "
                f"(« {chosen[:80]} »). ens-auto n'envoie pas ce formulaire."
            )
    return info


def accessible_name(locator: Locator) -> str:
    """The element's role and accessible name as a screen reader gives them, e.g.
    ``bouton « Confirmer mon opposition »`` (Playwright's ARIA snapshot)."""
    try:
        first = locator.aria_snapshot(timeout=2_000).strip().splitlines()[0]
    except Exception:
        first = ""
    match = re.match(r'^-\s*([\w-]+)(?:\s+"(.*?)")?', first)
    if match is None or not match.group(2):
        names = describe(locator)["names"]
        return f"« {names[0][:120]} »" if names else "(sans nom)"
    role = {"button": "bouton", "link": "lien", "radio": "bouton radio", "checkbox": "case"}.get(
        match.group(1), match.group(1)
    )
    return f"{role} « {match.group(2)[:120]} »"
