"""What the runner reads on an element before acting, and how the act goes back to it
(``flow/looks.py``, ``flow/js/engines.js``): read in Playwright's isolated world, checked
again by the act's own search, the very element read acted on. Real Chromium over HTTP,
on the lab's page ``act/lecture.html``."""

from __future__ import annotations

from typing import Any

import pytest

from ens_auto.flow.candidates import Candidate
from ens_auto.flow.locate import Resolution
from ens_auto.flow.looks import read

pytestmark = pytest.mark.e2e


@pytest.fixture
def lecture(page: Any, lab: Any) -> Any:
    page.goto(lab.url + "/act/lecture.html")
    return page


def found(page: Any, selector: str) -> Resolution:
    return Resolution(page.locator(selector), Candidate(css=selector), 0)


def test_the_element_is_read_in_the_isolated_world(lecture: Any) -> None:
    res = found(lecture, "#piege")
    look = read(res, ["describe", "kind", "hit", "errors"], timeout=2_000)
    assert look.by_engine and look.mark is not None
    # The page's own getAttribute says « Continuer » for everything: not what was read.
    assert "Activer mon profil" in look.describe["names"]  # type: ignore[index]
    assert look.kind == "press"
    assert look.hit == "self"
    assert look.errors == ["Le code saisi est incorrect."]


def test_the_former_way_reads_the_same_parts(lecture: Any) -> None:
    """Where the engines are not registered, the element is held and read in the page's
    world: the same parts (though there, the page's own scripts could lie about names)."""
    engine = read(found(lecture, "#continuer"), ["describe", "kind", "errors"], timeout=2_000)
    held = found(lecture, "#continuer")
    held.handle = held.locator.element_handle()
    former = read(held, ["describe", "kind", "errors"], timeout=2_000)
    assert not former.by_engine and former.mark is None
    assert (
        (former.kind, former.errors)
        == (engine.kind, engine.errors)
        == (
            "press",
            ["Le code saisi est incorrect."],
        )
    )
    assert former.describe is not None and engine.describe is not None
    assert former.describe.keys() == engine.describe.keys()


def test_safe_finds_only_what_may_be_pressed(lecture: Any) -> None:
    assert lecture.locator("#continuer >> ens-safe=press").count() == 1
    assert lecture.locator("#continuer >> ens-safe=submit").count() == 1
    assert lecture.locator("#piege >> ens-safe=press").count() == 0
    lecture.locator("#autre").check()  # an activation choice selected in the form
    assert lecture.locator("#continuer >> ens-safe=submit").count() == 0
    assert lecture.locator("#continuer >> ens-safe=press").count() == 1


def test_the_act_checks_again_as_it_acts(lecture: Any) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    res = found(lecture, "#continuer")
    read(res, ["describe"], timeout=2_000)
    res.guard = "submit"
    # Between the read and the act, the page turns the button into an activation.
    lecture.evaluate("document.querySelector('#continuer').textContent = 'Activer mon profil'")
    with pytest.raises(PlaywrightTimeout):
        res.act(lambda el: el.click(timeout=1_000))
    assert lecture.title() == "Lecture"  # nothing was submitted


def test_the_act_goes_to_the_element_read(lecture: Any) -> None:
    res = found(lecture, "button")
    res.locator = lecture.locator("#continuer")
    read(res, [], timeout=2_000)  # nothing asked: nothing read, no mark
    assert res.mark is None
    read(res, ["kind"], timeout=2_000)
    # A second button now matches what found the element: the act still goes to the
    # element read, without searching again.
    lecture.evaluate(
        "document.querySelector('#formulaire').insertAdjacentHTML('beforeend', "
        '\'<button id="continuer" type="button">Continuer</button>\')'
    )
    res.act(lambda el: el.click(timeout=2_000))
    assert lecture.title() == "envoyé"


def test_an_element_replaced_meanwhile_is_found_again(lecture: Any) -> None:
    res = found(lecture, "#continuer")
    read(res, ["kind"], timeout=2_000)
    lecture.evaluate(
        "const old = document.querySelector('#continuer');old.replaceWith(old.cloneNode(true));"
    )
    res.act(lambda el: el.click(timeout=2_000))
    assert res.mark is None  # gone: the locator found its replacement
    assert lecture.title() == "envoyé"


# ------------------------------------------------------------------ the overlay engine


def test_the_overlay_engine_answers_when_an_overlay_shows(page: Any, lab: Any) -> None:
    """The check Playwright makes before every action (overlays.py): one short search that
    finds an overlay where the candidates' own locators would, in a shadow root too."""
    from ens_auto.flow.driver import PLAYWRIGHT
    from ens_auto.flow.engines import overlay_engine
    from tests.unit.test_engines import overlays_of

    name = overlay_engine(
        PLAYWRIGHT.get(), overlays_of("[{role: dialog, name: {guess: [cookies]}}]")
    )
    assert name is not None
    shows = page.locator(f"{name}=1")
    page.goto(lab.url + "/ovl/p1.html")
    assert shows.count() == 0
    page.goto(lab.url + "/ovl/p3-ombre.html")
    page.get_by_role("dialog", name="Gestion des cookies").wait_for()
    assert shows.count() == 1
    page.get_by_role("button", name="Tout refuser").click()
    page.get_by_role("dialog").wait_for(state="hidden")
    assert shows.count() == 0


def test_an_overlay_handler_that_fires_as_the_page_closes_raises_nothing(
    page: Any, lab: Any
) -> None:
    """Playwright keeps an error raised in a handler for the next call, whichever it is
    (the next run's first): a handler that fires while the run closes its page must not
    raise."""
    from ens_auto.flow.overlays import Overlays
    from tests.unit.test_engines import overlays_of

    overlays = Overlays(overlays_of("[{role: dialog, name: {guess: [cookies]}}]"), print)
    page.goto(lab.url + "/ovl/p1.html")
    page.close()
    overlays.handle(page)  # the page is gone: nothing to dismiss, nothing raised


def test_which_targets_show_is_told_by_one_count(lecture: Any, searches: list[str]) -> None:
    """``ens-bit``: several targets, one count."""
    from ens_auto.flow.locate import present

    targets = [
        [Candidate(css="#continuer")],
        [Candidate(css="#absent"), Candidate(css="#ailleurs")],
        [Candidate(css="#piege")],
        [Candidate(css="#absent"), Candidate(css="#autre")],
    ]
    assert present(lecture, targets) == [0, 2, 3]
    assert len(searches) == 1
    # Ten targets: two searches of eight at most.
    searches.clear()
    assert present(lecture, [[Candidate(css="#absent")]] * 9 + [[Candidate(css="#piege")]]) == [9]
    assert len(searches) == 2
    # A selector the page refuses: each target counted alone, the invalid one as absent.
    assert present(lecture, [[Candidate(css="#continuer")], [Candidate(css="a[")]]) == [0]


def test_a_target_the_page_shows_already_is_found_by_one_count(
    lecture: Any, searches: list[str]
) -> None:
    """No wait, one count: the element, and the first candidate that finds it."""
    from ens_auto.flow.waits import resolve

    target = [Candidate(css="#absent"), Candidate(css="#continuer"), Candidate(css="form button")]
    res = resolve(lecture, target, timeout_ms=2_000)
    assert (res.index, searches) == (1, ["count"])
    assert [r.count for r in res.reports] == [0, 1, None]
    assert res.locator.get_attribute("id") == "continuer"


def test_several_elements_shown_at_once_are_reported_as_before(lecture: Any) -> None:
    from ens_auto.flow.locate import LocateError, resolve_now
    from ens_auto.flow.waits import resolve

    both = [Candidate(css="#continuer"), Candidate(css="#piege")]
    assert resolve_now(lecture, both) is None
    with pytest.raises(LocateError, match="deux repères désignent des éléments différents"):
        resolve(lecture, both, timeout_ms=2_000)
    assert resolve_now(lecture, [Candidate(css="button")]) is None
    with pytest.raises(LocateError, match="un repère désigne plusieurs éléments"):
        resolve(lecture, [Candidate(css="button")], timeout_ms=2_000)


def test_upto_counts_each_search_on_its_own(lecture: Any) -> None:
    buttons = lecture.locator("button").locator("ens-upto=2")
    assert [buttons.count(), buttons.count()] == [2, 2]
    assert lecture.locator("#continuer").locator("ens-upto=2").count() == 1
    assert lecture.locator("input").locator("ens-upto=5").count() == 2
    assert lecture.locator("#absent").locator("ens-upto=2").count() == 0


def test_a_condition_the_page_meets_already_is_told_by_one_count(
    lecture: Any, searches: list[str]
) -> None:
    """What must show shows and what must be gone is gone: one count, no wait. When it
    does not hold, each part is waited for in turn and the one that fails is said."""
    from ens_auto.flow.candidates import Condition
    from ens_auto.flow.conditions import ConditionFailed, wait_condition

    def wait(cond: dict[str, Any], timeout_ms: float) -> None:
        condition = Condition.model_validate(cond)
        wait_condition(lecture, condition, timeout_ms=timeout_ms, what="la page", watch=None)

    meets = {"text": ["votre CHOIX"], "visible": [{"css": "#continuer"}]}
    wait({**meets, "hidden": [{"css": "#absent"}]}, 2_000)
    assert searches == ["count"]
    with pytest.raises(ConditionFailed, match="ne devait pas être là"):
        wait({**meets, "hidden": [{"css": "#piege"}]}, 300)
    with pytest.raises(ConditionFailed, match="Texte attendu absent"):
        wait({"text": ["Profil activé"]}, 300)


def test_a_wait_for_what_shows_already_is_one_count(lecture: Any, searches: list[str]) -> None:
    from ens_auto.flow.waits import wait_any

    targets = [[Candidate(css="#absent")], [Candidate(css="#piege")], [Candidate(css="#autre")]]
    assert wait_any(lecture, targets, timeout_ms=2_000) == [1, 2]
    assert searches == ["count"]
    searches.clear()  # nothing shows: it waits (here, in vain)
    assert wait_any(lecture, [[Candidate(css="#absent")]], timeout_ms=300) == []
    assert searches[:2] == ["count", "wait_for"]


def test_a_target_is_found_and_read_in_one_search(lecture: Any, searches: list[str]) -> None:
    """``resolve(read=...)``: the element, the candidate that finds it first (ens-tag), and
    what the act's checks need, in one search; the act then goes to that element."""
    from ens_auto.flow.locate import LocateError
    from ens_auto.flow.waits import resolve

    target = [Candidate(css="#absent"), Candidate(css="form button"), Candidate(css="#continuer")]
    res = resolve(lecture, target, timeout_ms=2_000, read=["describe", "errors"])
    assert searches == ["text_content"]
    assert res.index == 1  # the first candidate that finds it, though the third does too
    assert [r.count for r in res.reports] == [0, 1, None]
    assert res.seen is not None and res.seen.errors == ["Le code saisi est incorrect."]
    assert "Continuer" in res.seen.describe["names"]  # type: ignore[index]
    assert res.mark == res.seen.mark is not None
    res.act(lambda el: el.click())
    assert lecture.title() == "envoyé"
    # Two elements: the usual way says which candidates and why.
    with pytest.raises(LocateError, match="deux repères désignent des éléments différents"):
        resolve(
            lecture,
            [Candidate(css="#continuer"), Candidate(css="#piege")],
            timeout_ms=1_000,
            read=["describe"],
        )


class CountingWatch:
    """A watch that shows nothing and counts how often it is asked for its locator."""

    def __init__(self) -> None:
        self.built = 0

    def locator(self, scope: Any) -> Any:
        self.built += 1
        return scope.locator("#jamais-la")

    def check(self, *, target_shown: bool = False) -> bool:
        return False


def test_the_watch_joins_a_wait_only_after_its_first_moment(lecture: Any) -> None:
    """Most waits end at once: the watch's locator (the outcomes' patterns) is not even
    built; a wait that goes on builds it once."""
    from ens_auto.flow.locate import LocateError
    from ens_auto.flow.waits import resolve, wait_any

    watch = CountingWatch()
    resolve(lecture, [Candidate(css="#continuer")], timeout_ms=2_000, watch=watch)
    assert wait_any(lecture, [[Candidate(css="#piege")]], timeout_ms=2_000, watch=watch) == [0]
    assert watch.built == 0
    with pytest.raises(LocateError):
        resolve(lecture, [Candidate(css="#absent")], timeout_ms=1_200, watch=watch)
    assert watch.built == 1
    assert wait_any(lecture, [[Candidate(css="#absent")]], timeout_ms=600, watch=watch) == []
    assert watch.built == 2
