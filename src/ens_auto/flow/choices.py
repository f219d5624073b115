"""Choices on a page: an option picked however the page offers it (a radio, a box, an
option of a list, a tab, a toggle, a link or a button that leads on, a <select>, or a list
that opens on demand), boxes ticked, whatever the design system draws over them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ens_auto.flow.candidates import Candidate
from ens_auto.flow.js import script
from ens_auto.flow.locate import (
    Resolution,
    build_locator,
    first_of,
    outside_site_menus,
    resolve_now,
    union,
)
from ens_auto.flow.looks import Look
from ens_auto.flow.looks import read as read_look
from ens_auto.flow.model import CheckAllStep, ChooseStep, Flow, StepBase
from ens_auto.flow.results import StepFailed, render
from ens_auto.flow.safety import check_not_activation
from ens_auto.flow.steps import choice_candidates
from ens_auto.flow.texts import Texts
from ens_auto.flow.waits import resolve
from ens_auto.identity import Detail

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from ens_auto.flow.capture import Captures
    from ens_auto.flow.watch import PageWatch

#: What opens a list of options on demand (a design system's select: the options are
#: drawn, often at the end of the page, only once it is opened).
LIST_OPENERS = "[role=combobox], [aria-haspopup=listbox]"
#: How long a page that shows only such an opener is given to show the option itself.
OPENER_GRACE_MS = 250


#: How the run log names the control a choice was made with (``js/choice_kind.js``).
KIND_WORDS = {"press": "lien ou bouton", "item": "option", "box": "case ou bouton radio"}


def _described(kind: str, option: Texts) -> str:
    return f"{KIND_WORDS.get(kind, kind)} {option.describe()}"


def _openers(scope: Any) -> Locator:
    """The lists that open on demand, shown in the page's content."""
    return outside_site_menus(scope.locator(LIST_OPENERS).filter(visible=True))


class ChoicesMixin:
    """The choices of :class:`~ens_auto.flow.run.FlowRunner`."""

    flow: Flow
    details: Mapping[str, Detail]
    page: Page | None
    watch: PageWatch
    page_changed: bool
    captures: Captures | None

    if TYPE_CHECKING:  # provided by the runner and the other mixins

        def _before_act(  # confirm.py: arm, read, seen
            self, step: StepBase, res: Resolution, *, submits: bool, **how: Any
        ) -> Look: ...
        def _settle(self) -> None: ...
        def _resolve(self, target: Any, step: StepBase) -> Resolution: ...

    def _choose(self, step: ChooseStep, timeout: float) -> str:
        """Pick the option however the page offers it: a radio button (native or ARIA), an
        option of a list, a tab, a pressed button, an option of a <select>, a list that
        opens on demand, or a link or a button that leads on (then the page changes)."""
        assert self.page is not None
        option = step.choose.option.render(lambda v: render(v, self.details)[0])
        scope: Any = self.page
        if step.choose.group:
            scope = self._resolve(step.choose.group, step).locator
        candidates = choice_candidates(option)
        in_list = (
            scope.locator("select")
            .filter(visible=True)
            .filter(has=self.page.locator("option").filter(has_text=option.pattern()))
        )
        how: dict[str, Any] = {
            "extra": [(Candidate(css="select"), in_list)],
            "narrow": outside_site_menus,
            "identify": False,  # generated candidates: the element says what it is (below)
            # What it is, what it says, who a click on it reaches, the page's error
            # messages: read as it is found (looks.py).
            "read": ["kind", "describe", "hit", "errors"],
        }
        # Most often the option shows already: found and read in one search.
        res = resolve_now(scope, candidates, **how)
        if res is None:
            if self._only_an_opener(scope, candidates, in_list, timeout):
                return self._choose_in_opened_list(step, scope, option, timeout)
            res = resolve(
                scope,
                candidates,
                timeout_ms=timeout,
                what=f"« {step.say} »",
                watch=self.watch,
                **how,
            )
        look = res.seen or read_look(res, how["read"], timeout=timeout)
        kind = look.kind
        if kind == "option":  # an option of a <select>: choose it there
            res = Resolution(res.locator.locator("xpath=ancestor::select[1]"), res.candidate, 0)
            kind = "select"
        if kind == "select":
            return self._choose_in_select(step, res, option, timeout)
        press = kind == "press"
        self._before_act(step, res, submits=press, arm=press, seen=look)
        if press:
            # A toggle button (aria-pressed) says whether it took the choice; a link, or a
            # button that leads elsewhere, says nothing: nothing to read after.
            toggle = (look.describe or {}).get("pressed") is not None
            self.page_changed = True  # a link or a button that leads on
            if self.captures is not None:
                self.captures.settle()  # the capture of this page ends before it is left
            res.act(lambda el: el.click(timeout=timeout))
            if toggle:
                pressed = res.locator.evaluate_all(
                    "els => els.map(e => e.getAttribute('aria-pressed'))"
                )
                if "false" in pressed:
                    raise StepFailed("Le choix n'a pas été pris en compte par la page.")
            self._settle()
            return _described(kind, option)
        if kind == "item":
            res.act(lambda el: el.click(timeout=timeout))
            selected = res.locator.get_attribute("aria-selected") or res.locator.get_attribute(
                "aria-checked"
            )
            if selected not in (None, "true"):
                raise StepFailed("Le choix n'a pas été pris en compte par la page.")
            return _described(kind, option)
        # A radio, a checkbox, a switch (native or ARIA). Playwright's set_checked reads the
        # state back itself: an error if the control did not take it.
        self._tick(res, timeout, hit=look.hit)
        return _described(kind, option)

    def _only_an_opener(
        self,
        scope: Any,
        candidates: list[Candidate],
        in_list: Locator,
        timeout: float,
    ) -> bool:
        """The page shows no control that names the option, only a list that opens on
        demand (a design system's select). Decided by what shows first, briefly: a page
        still drawing its radios is given a moment, and anything else goes the usual way
        (the watch, the timeout, the report)."""
        direct = union([build_locator(scope, c) for c in candidates] + [in_list])
        if direct.count():  # most often: the option shows already, one look
            return False
        opener = _openers(scope)
        try:
            direct.or_(opener).first.wait_for(state="visible", timeout=min(timeout, 2_000))
        except Exception:
            return False  # nothing yet: the usual way waits and reports
        if direct.count() or not opener.count():
            return False
        self.page.wait_for_timeout(OPENER_GRACE_MS)  # type: ignore[union-attr]
        return not direct.count()

    def _choose_in_opened_list(
        self, step: ChooseStep, scope: Any, option: Texts, timeout: float
    ) -> str:
        """Open the one list on the page, then pick the option it shows (exactly one)."""
        assert self.page is not None
        opener = _openers(scope)
        if opener.count() != 1:
            raise StepFailed(
                f"Ambigu : l'option {option.describe()} n'est pas affichée et la page a "
                f"{opener.count()} listes à ouvrir. Arrêt sans deviner."
            )
        handle = opener.element_handle(timeout=timeout)
        if self.flow.procedure == "opposition":
            check_not_activation(handle, submits=False)
        handle.click(timeout=timeout)
        # The options are often drawn at the end of the page, not inside the opener.
        options = self.page.get_by_role("option", name=option.pattern()).filter(visible=True)
        options.first.wait_for(state="visible", timeout=timeout)
        if options.count() != 1:
            raise StepFailed(
                f"Ambigu : la liste propose {options.count()} options pour "
                f"{option.describe()}. Arrêt sans deviner."
            )
        res = Resolution(options, Candidate(role="option", name=option), 0)
        res.handle = options.element_handle(timeout=timeout)
        self._before_act(step, res, submits=False)
        res.act(lambda el: el.click(timeout=timeout))
        shown = " ".join(str(handle.evaluate(script("control_text")) or "").split())
        if not option.found_in(shown):
            raise StepFailed("Le choix n'a pas été pris en compte par la page.")
        return f"liste à ouvrir « {shown[:60]} »"

    def _tick(
        self, res: Resolution, timeout: float, want: bool = True, hit: str | None = None
    ) -> None:
        """Check a radio or a box. Design systems often draw it on its label, over the real
        input: Playwright then sees the label « intercept » the click and waits. A click at
        the same spot, on the label (what a person does), is the way. (``hit``: who a click
        reaches, already read.)"""
        if hit is None:
            hit = read_look(res, ["hit"], timeout=timeout).hit
        on_label = hit == "label"
        res.act(lambda el: el.set_checked(want, timeout=timeout, force=on_label))

    def _choose_in_select(
        self, step: ChooseStep, res: Resolution, option: Texts, timeout: float
    ) -> str:
        """The option is one of a <select>'s: pick it there (exactly one option matches)."""
        select = res.locator
        pattern = option.pattern()
        labels = select.evaluate("s => [...s.options].map(o => o.textContent)")
        found = [label for label in labels if pattern.search(" ".join(label.split()))]
        if len(found) != 1:
            raise StepFailed(
                f"Ambigu : la liste propose {len(found)} options pour {option.describe()}. "
                "Arrêt sans deviner."
            )
        self._before_act(step, res, submits=False)
        select.select_option(label=found[0], timeout=timeout)
        chosen = select.evaluate("s => s.options[s.selectedIndex]?.textContent || ''")
        if " ".join(chosen.split()) != " ".join(found[0].split()):
            raise StepFailed("Le choix n'a pas été pris en compte par la page.")
        return f"liste « {' '.join(found[0].split())[:60]} »"

    def _check_all(self, step: CheckAllStep, timeout: float) -> str:
        """Tick every box the target finds (in its scope, minus the exceptions)."""
        assert self.page is not None
        spec = step.check_all
        scope: Any = self.page
        if spec.within:
            # Wait for the section (any candidate), then take the first that is one element.
            resolve_any = [union([build_locator(self.page, c) for c in spec.within])]
            resolve_any[0].first.wait_for(state="visible", timeout=timeout)
            found = first_of(self.page, spec.within)
            if found is None:
                raise StepFailed(f"Section introuvable pour « {step.say} ».")
            scope = found[0]
        boxes = union([build_locator(scope, c) for c in spec.target])
        boxes.first.wait_for(state="visible", timeout=timeout)
        excluded = union([build_locator(scope, c) for c in spec.except_]) if spec.except_ else None
        chosen: list[Locator] = []
        for i in range(boxes.count()):
            box = boxes.nth(i)
            if excluded is not None and box.and_(excluded).count():
                continue
            chosen.append(box)
        if spec.count is not None and len(chosen) != spec.count:
            raise StepFailed(
                f"{len(chosen)} case(s) trouvée(s) au lieu de {spec.count} : arrêt sans deviner."
            )
        for box in chosen:
            res = Resolution(box, spec.target[0], 0)
            look = self._before_act(step, res, submits=False, read=["hit"])
            self._tick(res, timeout, hit=look.hit)  # set_checked reads the state back
        return f"{len(chosen)} case(s) cochée(s)"
