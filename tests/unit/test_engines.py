"""The runner's selector engines: what the overlay engine is given to look for."""

from __future__ import annotations

import re
import textwrap

from ens_auto.flow.engines import overlay_spec, source
from ens_auto.flow.load import parse_flow


def overlays_of(present: str):  # type: ignore[no-untyped-def]
    flow = parse_flow(
        textwrap.dedent(
            f"""\
            name: essai
            title: Essai
            site: http://127.0.0.1:1
            procedure: autre
            overlays:
              - id: cookies
                say: Bandeau
                present: {present}
                dismiss: [{{clickable: Tout refuser}}]
            steps:
              - say: Ouvrir
                goto: /
            """
        ),
        source="<test>",
    )
    return flow.overlays


def test_css_roles_names_and_texts_are_given_as_patterns_never_anchored() -> None:
    spec = overlay_spec(
        overlays_of(
            '[{css: ".bandeau"}, {role: dialog, name: Cookies, exact: true},'
            " {css: section, has_text: traceurs}]"
        )
    )
    assert spec is not None
    assert spec[0] == {"css": ".bandeau"}
    assert spec[1]["role"] == "dialog"
    # exact or not, the engine answers for more, never less: the name is not anchored
    assert not spec[1]["name"].startswith("^")
    assert re.search(spec[1]["name"], "Gestion des COOKIES", re.IGNORECASE)
    assert re.search(spec[2]["has_text"], "Nos traceurs", re.IGNORECASE)


def test_another_kind_of_candidate_keeps_the_overlays_own_locators() -> None:
    assert overlay_spec(overlays_of("[{label: Cookies}]")) is None
    assert overlay_spec(overlays_of('[{css: ".bandeau"}, {text: Cookies}]')) is None


def test_the_engines_scripts_are_built_without_their_comments() -> None:
    for name in ("ens-look", "ens-mark", "ens-safe"):
        code = source(name)
        assert "\n//" not in code and code.rstrip().endswith(name.removeprefix("ens-"))
