"""The picker: the person shows an element in the browser. Playwright plays the person
(the real mouse and keyboard, on the real element) on a small page of the lab served over
HTTP; the click never reaches the page; the element is checked against the step's kind and
its candidates each find exactly that element, with no personal value."""

from __future__ import annotations

from typing import Any

import pytest

from ens_auto.flow.pick import Picked, Picker, check_picked
from ens_auto.flow.recording import candidates_for, describe_element
from ens_auto.leaks import find_leaks

pytestmark = pytest.mark.e2e

NIR = "285037511234544"


def _open(page: Any, lab: Any) -> Any:
    page.goto(f"{lab.url}/pick/page.html")
    return page


def _click(page: Any, selector: str) -> None:
    """The person's click: the real mouse, in the middle of the element."""
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _pick(picker: Picker, page: Any, selector: str) -> Picked:
    _click(page, selector)
    picked = picker.poll(3000)
    assert picked is not None, selector
    return picked


def _id(picked: Picked) -> str:
    return picked.element.evaluate("el => el.id || el.className")


def _described(page: Any, selector: str) -> Picked:
    element = page.query_selector(selector)
    return Picked(element, describe_element(element), page.url)


def test_banner_outline_and_a_click_that_never_reaches_the_page(page: Any, lab: Any) -> None:
    _open(page, lab)
    picker = Picker(page, what="le bouton « Valider ma décision »")
    picker.start()
    banner = page.get_by_role("status")
    assert banner.inner_text().startswith(
        "ens-auto : cliquez sur le bouton « Valider ma décision » — Échap pour annuler"
    )
    assert picker.poll(0) is None

    # Hovering outlines what would be picked: the button around the text under the mouse.
    target = page.locator("#valider").bounding_box()
    page.mouse.move(target["x"] + 5, target["y"] + target["height"] / 2)
    box = page.locator("[data-ens-auto=picker] .box")
    box.wait_for(state="visible")
    outline = box.bounding_box()
    assert abs(outline["x"] - (target["x"] - 3)) <= 1
    assert abs(outline["width"] - (target["width"] + 6)) <= 1

    picked = _pick(picker, page, "#valider span")
    assert _id(picked) == "valider"
    assert picked.name == "Valider ma décision"
    assert picked.info["shape"]["role"] == "button"
    # The page saw nothing: no click handler ran, the form was not sent.
    assert page.evaluate("window.pageClicks()") == 0
    assert page.url.endswith("/pick/page.html") and lab.log.acts == []
    assert picker.poll(300) is None  # given once, then held while the caller checks it

    picker.stop()
    assert page.locator("[data-ens-auto]").count() == 0
    page.locator("#sms").click()  # the page is as it was
    assert page.evaluate("window.pageClicks()") == 1


def test_escape_cancels(page: Any, lab: Any) -> None:
    _open(page, lab)
    picker = Picker(page, what="le champ « Ville »")
    picker.start()
    page.keyboard.press("Escape")
    assert picker.poll(2000) is None
    assert picker.cancelled
    picker.stop()
    assert page.locator("[data-ens-auto]").count() == 0


def test_asks_again_with_the_reason_and_survives_a_new_page(page: Any, lab: Any) -> None:
    _open(page, lab)
    picker = Picker(page, what="la case des conditions")
    picker.start()
    page.reload()
    assert picker.poll(300) is None  # the new page gets the banner again
    page.get_by_role("status").wait_for()

    picked = _pick(picker, page, "#lien")
    assert _id(picked) == "lien"
    assert page.url.endswith("/pick/page.html")  # the link was not followed
    reason = check_picked(page, picked, "check", lab.url)
    assert reason is not None and "un lien" in reason and "case à cocher" in reason

    picker.resume(reason)
    assert reason in page.get_by_role("status").inner_text()
    picked = _pick(picker, page, "label[for=cgu]")  # a label stands for its box
    assert _id(picked) == "cgu"
    assert check_picked(page, picked, "check", lab.url) is None
    assert not page.locator("#cgu").is_checked()
    picker.stop()


#: selector, kind of step, None (fits) or a part of the French reason.
KINDS: list[tuple[str, str, str | None]] = [
    ("#nir", "fill", None),
    ("#nir", "click", "un champ de saisie, et l'étape attend un bouton ou un lien"),
    ("#ville", "fill", "lecture seule"),
    ("#cgu", "uncheck", None),
    ("#cgu", "fill", "une case à cocher, et l'étape attend un champ de saisie"),
    ("label.tile", "check", None),  # its box is hidden: the label is what shows
    ("#sms", "choose", None),  # a button with aria-pressed
    ("#sms", "click", None),
    ("#valider", "choose", None),  # a choice may lead on
    ("#valider", "check", "un bouton, et l'étape attend une case à cocher"),
    ("#lien", "download", None),
    ("#intro", "click", "un texte ou une zone de la page"),
    ("button[disabled]", "click", "désactivé"),
    ("#cache", "check", "pas visible"),
    ("#valider", "goto", "ne se répare pas"),
]


def test_check_picked_by_kind_of_step(page: Any, lab: Any) -> None:
    _open(page, lab)
    wrong = []
    for selector, kind, expected in KINDS:
        reason = check_picked(page, _described(page, selector), kind, lab.url)
        if (reason is None) != (expected is None) or (expected and expected not in reason):
            wrong.append(f"{selector} for {kind}: {reason!r}")
    assert wrong == []


def test_an_element_off_the_flows_site_is_refused(page: Any, lab: Any) -> None:
    _open(page, lab)
    reason = check_picked(
        page, _described(page, "#valider"), "click", "https://www.monespacesante.fr"
    )
    assert reason is not None and "n'est pas sur le site du parcours" in reason


def test_candidates_of_a_picked_element_find_it_alone_and_hold_nothing_personal(
    page: Any, lab: Any
) -> None:
    from ens_auto.flow.locate import build_locator
    from ens_auto.identity import parse_details

    _open(page, lab)
    known = parse_details({"nir": NIR})
    for selector in ("#valider", "#nir", "label.tile", "#cgu", "#sms", "#lien"):
        picked = _described(page, selector)
        checks = candidates_for(page, picked.element, known, info=picked.info)
        assert checks, selector
        for check in checks:
            assert check.ok, (selector, check)
            found = build_locator(page, check.candidate)
            assert found.count() == 1
            assert found.evaluate("(el, t) => el === t", picked.element)
        written = " ".join(c.candidate.describe() for c in checks)
        assert find_leaks(written, {"nir": NIR}) == [], written
    # The first candidate is the best kind: role and accessible name.
    first = candidates_for(page, page.query_selector("#valider"))[0].candidate
    assert first.role == "button" and first.name is not None
    assert first.name.alternatives == ("Valider ma décision",)
    # A label that ends with a person's name is cut before the name.
    tile = candidates_for(page, page.query_selector("label.tile"))
    texts = [c.candidate.text.alternatives[0] for c in tile if c.candidate.text]
    assert texts == ["Je certifie être le représentant légal de"]
    # For an irreversible step, names are matched whole.
    exact = candidates_for(page, page.query_selector("#valider"), exact_only=True)
    assert all(c.candidate.exact for c in exact if c.candidate.kind in ("role", "text"))
