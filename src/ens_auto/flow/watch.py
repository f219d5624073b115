"""What every wait of a run watches besides its target, so that a page which ends the
procedure is reported the moment it shows, never after a timeout:

- the flow's declared **outcomes** (already opposed, profile activated, refused details,
  session expired, maintenance...): a French message and a result each;
- a **new error message** after something was submitted (the site refused it);
- a **server error** on the page's document (5xx) or the origin guard's stop;
- the flow's **overlays** (cookie consent...), dismissed when they show during a wait.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ens_auto.errors import PHONE_ROUTE, EnsAutoError
from ens_auto.flow.conditions import holds_now, trigger
from ens_auto.flow.js import script
from ens_auto.flow.locate import build_locator, union
from ens_auto.flow.model import RESULTS, Flow, Outcome
from ens_auto.identity import Detail, Scrubber

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from ens_auto.flow.overlays import Overlays

#: Elements that carry an error message (form errors, error alerts, invalid fields).
SITE_ERRORS = (
    "[role=alert], [aria-invalid=true], .fr-error-text, .fr-alert--error, .erreur, .erreurs, "
    ".error, .errors, .error-message, .message-erreur, .invalid-feedback, "
    "[class*=erreur], [class*=error]"
)


def page_errors(page: Page) -> list[str]:
    """The error messages ``page`` shows now (``js/page_errors.js``; unscrubbed: compare,
    never print; none if the page cannot be read)."""
    try:
        texts = page.evaluate(script("page_errors"), SITE_ERRORS)
    except Exception:
        return []
    return [str(t) for t in texts]


class OutcomeReached(EnsAutoError):
    """The page says the procedure cannot go on (or need not): a known outcome."""

    def __init__(self, outcome_id: str, result: str, message: str, *, hint: str | None) -> None:
        super().__init__(message, hint=hint)
        self.outcome_id = outcome_id
        self.result = result
        self.exit_code = RESULTS[result]


class SiteUnavailable(OutcomeReached):
    """The site is in maintenance or answers with a server error."""

    def __init__(self, message: str) -> None:
        super().__init__("indisponible", "indisponible", message, hint=PHONE_ROUTE)


def truthy(detail: Detail | None) -> bool:
    return detail is not None and detail.value.strip().lower() in ("oui", "yes", "true", "1")


def applies(item: Any, details: Mapping[str, Detail]) -> bool:
    """``when`` / ``unless`` of a step or an outcome, for these details."""
    if item.when and not truthy(details.get(item.when)):
        return False
    return not (item.unless and truthy(details.get(item.unless)))


class PageWatch:
    """The :class:`~ens_auto.flow.waits.Watch` of a run."""

    def __init__(
        self,
        flow: Flow,
        details: Mapping[str, Detail],
        scrubber: Scrubber,
        *,
        page: Callable[[], Page | None],
        overlays: Overlays | None,
        before_check: Callable[[], None],
        server_error: Callable[[], int | None],
    ) -> None:
        applicable = [o for o in flow.outcomes if applies(o, details)]
        self.outcomes: list[Outcome] = [o for o in applicable if o.after is None]
        #: Outcomes watched only once a given step is done (``after``).
        self.later: list[Outcome] = [o for o in applicable if o.after is not None]
        self.scrubber = scrubber
        self._page = page
        self.overlays = overlays
        self._before_check = before_check
        self._server_error = server_error
        #: Error messages on the page before the last submit (None: nothing submitted).
        self.errors_before: set[str] | None = None
        self._cached: tuple[tuple[int, tuple[str, ...]], list[Locator]] | None = None

    # -- what a wait races -------------------------------------------------------------------
    def locator(self, scope: Page | Locator) -> Locator | None:
        key = (id(scope), tuple(o.id for o in self.outcomes))
        if self._cached is None or self._cached[0] != key:
            locs: list[Locator] = []
            for outcome in self.outcomes:
                locs.extend(build_locator(scope, c) for c in trigger(scope, outcome.recognise))
            if self.overlays is not None:
                locs.extend(self.overlays.locators(scope))
            self._cached = (key, locs)
        locs = list(self._cached[1])
        if self.errors_before is not None:
            errors = scope.locator(SITE_ERRORS).filter(visible=True)
            for text in self.errors_before:
                errors = errors.filter(has_not_text=text[:80])
            locs.append(errors)
        return union(locs) if locs else None

    def check(self, *, target_shown: bool = False) -> bool:
        """Raise if the page ends the procedure; True if something was handled (an overlay
        dismissed: keep watching), False if nothing conclusive is there. When the target
        of the wait shows too, only declared outcomes stop it (an error-looking notice on
        the expected page is not a refusal)."""
        self._before_check()
        page = self._page()
        if page is None:
            return False
        status = self._server_error()
        if status:
            raise SiteUnavailable(
                f"Le site Mon espace santé répond par une erreur (erreur {status}) : il est "
                "indisponible ou en maintenance. Rien n'a été enregistré à cette étape. "
                "Réessayez plus tard."
            )
        reached = self.outcome_now(page)
        if reached is not None:
            raise reached
        if target_shown:
            return False
        if self.overlays is not None and self.overlays.dismiss_now(page):
            return True
        refused = self.refused(page)
        if refused:
            raise OutcomeReached(
                "refus",
                "refuse",
                f"Le site a refusé ce qui a été saisi : « {refused} ». Vérifiez les "
                "informations (code provisoire, numéro de sécurité sociale, carte Vitale) "
                "puis relancez.",
                hint=PHONE_ROUTE,
            )
        return False

    def step_done(self, step_id: str | None) -> None:
        """A step was played: the outcomes watched only until it are watched no more, those
        watched only after it are watched from now on."""
        if step_id is not None:
            self.outcomes = [o for o in self.outcomes if o.until != step_id]
            self.outcomes += [o for o in self.later if o.after == step_id]
            self.later = [o for o in self.later if o.after != step_id]

    def outcome_now(self, page: Page) -> OutcomeReached | None:
        for outcome in self.outcomes:
            try:
                holds = holds_now(page, outcome.recognise)
            except Exception:
                continue
            if holds:
                said = self._said(page, outcome)
                message = outcome.message + (f"\nLe site affiche : « {said} »" if said else "")
                return OutcomeReached(outcome.id, outcome.result, message, hint=outcome.hint)
        return None

    def _said(self, page: Page, outcome: Outcome) -> str:
        """The words of the page that showed the outcome (scrubbed), for the person to see:
        every element that recognised it (a heading and a message say more together)."""
        said: list[str] = []
        for cand in trigger(page, outcome.recognise):
            try:
                loc = build_locator(page, cand)
                for text in loc.all_inner_texts()[:3]:
                    text = " ".join(text.split())
                    if text and not any(text in s or s in text for s in said):
                        said.append(text)
            except Exception:
                continue
        return self.scrubber(" — ".join(said))[:300]

    # -- the site's error messages -------------------------------------------------------------
    def arm(self, page: Page | None, known: Sequence[str] | None = None) -> None:
        """Something is about to be submitted: remember the errors already there (``known``:
        just read, with the element about to be pressed)."""
        if known is not None:
            self.errors_before = {str(t) for t in known}
            return
        self.errors_before = set(self.error_texts(page)) if page is not None else set()

    def disarm(self) -> None:
        self.errors_before = None

    def error_texts(self, page: Page | None) -> list[str]:
        """The error messages the page shows now (unscrubbed: compare, never print)."""
        return page_errors(page) if page is not None else []

    def refused(self, page: Page) -> str | None:
        """A new error message since the last submit (scrubbed), if any."""
        if self.errors_before is None:
            return None
        new = [t for t in self.error_texts(page) if t not in self.errors_before]
        return self.scrubber(new[0])[:300] if new else None

    def messages(self, page: Page | None) -> Sequence[str]:
        """What the site says on the page (errors), scrubbed, for a report."""
        return [self.scrubber(t)[:300] for t in self.error_texts(page)][:6]
