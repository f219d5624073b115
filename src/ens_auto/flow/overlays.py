"""Overlays declared once in a flow (cookie consent, survey, information modal), dismissed
whenever they show, at any step.

Playwright's own ``page.add_locator_handler`` does it: before a click or a fill (and each
poll of a wait), if an overlay is there, its handler dismisses it first. That check is
one short search made for the flow's overlays (``js/overlay_engine.js``, ``engines.py``),
which answers for more, never less: the handler then works with the overlays' own
locators. During waits, the run's watch also races the overlays with the target and
calls :meth:`Overlays.dismiss_now`. Nothing is polled: an absent overlay costs nothing.

The dismiss candidates are tried in the flow's order (the choice that shares least first);
the element pressed is checked once more: a button that speaks of accepting is never
pressed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ens_auto.errors import EnsAutoError
from ens_auto.flow.js import script
from ens_auto.flow.locate import build_locator, first_of, union
from ens_auto.flow.locate import present as shown
from ens_auto.flow.model import Overlay, speaks_of_accepting

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


class OverlayStuck(EnsAutoError):
    """An overlay covers the page and none of its ways out is there (or each accepts)."""


class Overlays:
    def __init__(self, overlays: Sequence[Overlay], note: Callable[[str], None]) -> None:
        self.overlays = list(overlays)
        self.note = note
        self.dismissed: list[str] = []
        #: True while one way of dismissing (the handler, or :meth:`dismiss_now`) is at work,
        #: until the overlay is gone. Playwright runs handlers during waits as well as
        #: actions, interleaved with the run: two presses on a closing dialog would leave
        #: the second waiting for a button that is gone.
        self._busy = False

    def locators(self, scope: Page | Locator) -> list[Locator]:
        return [build_locator(scope, c) for o in self.overlays for c in o.present]

    def install(self, page: Page, engine: str | None = None) -> None:
        """Register one Playwright locator handler for all the overlays on ``page``: it is
        checked before every action, so one check, not one per overlay; it dismisses
        whichever shows."""
        if not self.overlays:
            return
        if engine is not None:
            # Playwright checks this before every action and every poll of a wait: one
            # short search (engines.py), which answers for more, never less.
            present = page.locator(f"{engine}=1")
        else:  # the overlays' own locators (an overlay's box and its title: .first)
            present = union(self.locators(page)).first

        page.add_locator_handler(present, lambda _: self.handle(page), no_wait_after=True)

    def handle(self, page: Page) -> None:
        """What the locator handler does: dismiss what shows (unless already at it)."""
        from playwright.sync_api import Error as PlaywrightError

        if self._busy:
            return
        try:
            self.dismiss_now(page)
        except PlaywrightError as exc:
            # The run closed the page while the handler was at work: nothing left to
            # dismiss. (Raised here, the error would come out of the next call to
            # Playwright, whichever: the next run's first.)
            if "has been closed" not in str(exc):
                raise

    def dismiss_now(self, page: Page) -> bool:
        """Dismiss every overlay on the page now; True if one was."""
        if not shown(page, [o.present for o in self.overlays]):  # most often: one count
            return False
        done = False
        for overlay in self.overlays:  # in turn: dismissing one may bring the next
            present = union([build_locator(page, c) for c in overlay.present])
            if present.count() == 0:
                continue
            if self._busy:  # the handler is on it: only wait for the overlay to go
                self._wait_gone(overlay, present)
            else:
                self._dismiss_until_gone(page, overlay, present)
            done = True
        return done

    def _dismiss_until_gone(self, page: Page, overlay: Overlay, present: Locator) -> None:
        self._busy = True
        try:
            self._dismiss(page, overlay)
            self._wait_gone(overlay, present)
        finally:
            self._busy = False

    @staticmethod
    def _wait_gone(overlay: Overlay, present: Locator) -> None:
        try:
            present.first.wait_for(state="hidden", timeout=5_000)
        except Exception:
            raise OverlayStuck(
                f"« {overlay.say} » : la fenêtre est restée affichée après avoir été fermée."
            ) from None

    def _dismiss(self, page: Page, overlay: Overlay) -> None:
        found = first_of(page, overlay.dismiss)
        if found is None:
            raise OverlayStuck(
                f"« {overlay.say} » : une fenêtre couvre la page et aucun de ses boutons prévus "
                "n'est là (" + ", ".join(c.describe() for c in overlay.dismiss) + ")."
            )
        locator, candidate = found
        names = locator.evaluate(script("describe_element"))["names"]
        accepting = [n for n in names if speaks_of_accepting(n)]
        if accepting:
            raise OverlayStuck(
                f"« {overlay.say} » : le seul bouton trouvé accepte (« {accepting[0][:80]} ») ; "
                "ens-auto n'accepte jamais le suivi. Fermez la fenêtre à la main."
            )
        locator.click(timeout=5_000)
        label = names[0][:60] if names else candidate.describe()
        self.dismissed.append(overlay.id)
        self.note(f"{overlay.say} : « {label} ».")
