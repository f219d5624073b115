"""The picker: in a visible browser, the person shows the element a step looks for.

A page script (``js/pick.js``) puts a French banner at the top of the page (« ens-auto :
cliquez sur le bouton qui confirme votre opposition — Échap pour annuler »), outlines the
element under the mouse, and captures the click: the page never receives it. Python polls
without blocking (the runner keeps its own loop: the terminal's « arrêter », timeouts)::

    picker = Picker(page, what="le bouton qui confirme votre opposition")
    picker.start()
    while (picked := picker.poll(250)) is None and not picker.cancelled:
        ...  # the terminal, a deadline
    reason = check_picked(page, picked, "click", flow.site)
    if reason: picker.resume(reason)  # ask again, saying why
    picker.stop()  # banner and outline gone, the page as it was

:func:`check_picked` tells whether the element fits the step (on the flow's site, visible,
enabled, of the right kind); the caller adds the activation refusal (``flow/safety.py``).
The picked element's candidates come from
:func:`ens_auto.flow.recording.candidates.candidates_for`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ens_auto.flow.js import script
from ens_auto.flow.model import check_site
from ens_auto.flow.recording.scripts import describe_script

if TYPE_CHECKING:
    from playwright.sync_api import ElementHandle, Page

#: Poll until the page's state is no longer « waiting » (or the picker is gone).
_DECIDED = "() => !window.__ensPick || window.__ensPick.state !== 'waiting'"


@dataclass
class Picked:
    """The element the person clicked, what it says of itself (``describe.js``: role,
    name, label, text, CSS ingredients, shape) and the page's address then."""

    element: ElementHandle
    info: dict[str, Any] = field(default_factory=dict)
    url: str = ""

    @property
    def name(self) -> str:
        """What a person would call it (accessible name, label, text...)."""
        for key in ("name", "label", "text", "placeholder", "title", "alt"):
            value = str(self.info.get(key) or "").strip()
            if value:
                return value
        return ""


class Picker:
    """Asks the person to click ``what`` (French, e.g. « le bouton « Valider » ») in
    ``page``. :meth:`start`, then :meth:`poll` until it gives a :class:`Picked` or
    :attr:`cancelled` (Échap or the banner's button); :meth:`resume` asks again (after a
    refusal); :meth:`stop` restores the page. The page may change meanwhile: the banner
    comes back on the new page."""

    def __init__(self, page: Page, *, what: str) -> None:
        self.page = page
        self.what = what
        self.cancelled = False
        self._message = ""
        self._running = False

    def start(self, message: str = "") -> None:
        """Show the banner and start capturing (``message``: a line under it)."""
        self._message = message
        self._running = True
        self.cancelled = False
        self._install()

    def _install(self) -> None:
        source = f"(options) => ({script('pick')})({describe_script()}, options)"
        self.page.evaluate(source, {"what": self.what, "message": self._message})

    def _state(self) -> str | None:
        return self.page.evaluate("() => window.__ensPick ? window.__ensPick.state : null")

    def poll(self, timeout_ms: float = 0) -> Picked | None:
        """The element clicked, once (then the page waits for :meth:`resume` or
        :meth:`stop`); None while the person has not clicked (waits up to ``timeout_ms``)
        or after a cancel (see :attr:`cancelled`)."""
        from playwright.sync_api import Error as PlaywrightError

        if not self._running or self.cancelled:
            return None
        try:
            if timeout_ms > 0:
                with contextlib.suppress(PlaywrightError):  # a timeout, or a new page
                    self.page.wait_for_function(_DECIDED, timeout=timeout_ms, polling=100)
            state = self._state()
            if state is None:  # a new page: the banner again
                self._install()
                return None
            if state == "cancelled":
                self.cancelled = True
                return None
            if state != "picked":
                return None
            handle = self.page.evaluate_handle(
                "() => { const s = window.__ensPick; s.hold(); return s.el; }"
            )
            element = handle.as_element()
            if element is None:
                self.resume("L'élément a disparu de la page : cliquez à nouveau.")
                return None
            info = dict(element.evaluate(describe_script()))
            return Picked(element, info, self.page.url)
        except PlaywrightError:
            return None  # the page is changing: next poll

    def resume(self, message: str = "") -> None:
        """Ask again, with ``message`` (why the last element did not fit) under the banner."""
        self._message = message
        self.cancelled = False
        with contextlib.suppress(Exception):
            done = self.page.evaluate(
                "(m) => { if (!window.__ensPick) { return false; } "
                "window.__ensPick.resume(m); return true; }",
                message,
            )
            if not done:
                self._install()

    def stop(self) -> None:
        """Remove the banner and the outline, stop capturing: the page as it was."""
        self._running = False
        with contextlib.suppress(Exception):
            self.page.evaluate("() => { if (window.__ensPick) { window.__ensPick.stop(); } }")


# ---------------------------------------------------------------------------- the check

FIELD_ROLES = {"textbox", "combobox", "spinbutton", "searchbox"}
_NOT_FIELDS = {"checkbox", "radio", "submit", "button", "reset", "image", "hidden", "file"}
_NOT_FIELDS |= {"range", "color"}
CHOICE_ROLES = {"radio", "checkbox", "switch", "option", "menuitemradio", "menuitemcheckbox"}
CLICKABLE_ROLES = {"button", "link", "menuitem", "tab"}

#: What each kind of step acts on, as the refusal says it.
_WANTED = {
    "field": "un champ de saisie",
    "choice": "une case à cocher ou un choix (bouton radio, interrupteur, option)",
    "clickable": "un bouton ou un lien",
    "select": "une liste de choix",
}
KIND_OF_STEP = {
    "fill": "field",
    "prompt": "field",
    "press": "field",
    "check": "choice",
    "uncheck": "choice",
    "choose": "choice",
    "click": "clickable",
    "download": "clickable",
    "select": "select",
    "expect": "any",
    "wait_for": "any",
}


def _is_field(shape: dict[str, Any]) -> bool:
    tag, kind = shape.get("tag"), shape.get("type") or ""
    if shape.get("editable") or tag == "textarea" or shape.get("role") in FIELD_ROLES:
        return tag != "select"
    return tag == "input" and kind not in _NOT_FIELDS


def _is_choice(shape: dict[str, Any]) -> bool:
    if shape.get("tag") == "input" and shape.get("type") in ("radio", "checkbox"):
        return True
    if shape.get("role") in CHOICE_ROLES:
        return True
    return shape.get("role") == "button" and shape.get("pressed") in ("true", "false", "mixed")


def _is_clickable(shape: dict[str, Any]) -> bool:
    if shape.get("tag") == "input":
        return shape.get("type") in ("submit", "button", "reset", "image")
    return shape.get("role") in CLICKABLE_ROLES or shape.get("tag") == "summary"


def _fits(kind: str, info: dict[str, Any], step: str) -> bool:
    shape = info.get("shape") or {}
    if kind == "any":
        return True
    if kind == "field":
        return _is_field(shape)
    if kind == "select":
        return shape.get("tag") == "select" or shape.get("role") in ("combobox", "listbox")
    if kind == "choice":
        label_of = info.get("labelFor") or {}
        if _is_choice(shape) or (label_of and _is_choice(label_of)):
            return True
        return step == "choose" and _is_clickable(shape)  # a choice that leads on
    return _is_clickable(shape)


def shape_name(info: dict[str, Any]) -> str:
    """What the element is, in French (« un bouton », « un lien », « un texte »...)."""
    shape = info.get("shape") or {}
    role, tag, kind = shape.get("role"), shape.get("tag"), shape.get("type")
    if shape.get("tag") == "input" and kind in ("radio", "checkbox"):
        return "un bouton radio" if kind == "radio" else "une case à cocher"
    names = {
        "button": "un bouton",
        "link": "un lien",
        "textbox": "un champ de saisie",
        "searchbox": "un champ de recherche",
        "spinbutton": "un champ numérique",
        "combobox": "une liste de choix",
        "listbox": "une liste de choix",
        "radio": "un bouton radio",
        "checkbox": "une case à cocher",
        "switch": "un interrupteur",
        "option": "une option",
        "tab": "un onglet",
        "menuitem": "un élément de menu",
        "img": "une image",
        "heading": "un titre",
    }
    if role in names:
        return names[role]
    if tag == "label":
        return "l'intitulé d'un champ"
    return "un texte ou une zone de la page"


def check_picked(page: Page, picked: Picked, kind: str, site: str) -> str | None:
    """None when the element fits a step of kind ``kind`` (``click``, ``fill``,
    ``choose``...) on ``site``; else the reason, in French, to show before asking again.
    The activation refusal is the caller's (``flow/safety.py``)."""
    wanted = KIND_OF_STEP.get(kind)
    if wanted is None:
        return f"Une étape « {kind} » ne se répare pas en désignant un élément."
    try:
        origin = check_site(site)
        parts = urlsplit(page.url)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            return f"Cette page n'est pas sur le site du parcours ({origin}) : rien n'est retenu."
        element = picked.element
        frame = element.owner_frame()
        if frame is not None and frame != page.main_frame:
            return "Cet élément est dans un cadre intérieur : ens-auto ne le retient pas."
        if not element.is_visible():
            return "Cet élément n'est pas visible sur la page : cliquez sur un élément affiché."
        if not element.is_enabled():
            return "Cet élément est désactivé sur la page (grisé) : il ne peut pas servir."
    except Exception:
        return "L'élément a disparu de la page : cliquez à nouveau."
    if not _fits(wanted, picked.info, kind):
        named = f" « {picked.name[:60]} »" if picked.name else ""
        return (
            f"Cet élément{named} est {shape_name(picked.info)}, et l'étape attend "
            f"{_WANTED[wanted]} : cliquez sur le bon élément."
        )
    if wanted == "field":
        with contextlib.suppress(Exception):
            if not picked.element.is_editable():
                return "Ce champ ne peut pas être modifié (lecture seule)."
    return None
