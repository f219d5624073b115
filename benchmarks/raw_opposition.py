"""The opposition written by hand with plain Playwright: the baseline of the benchmarks.

Same steps as ``flows/opposition.yaml`` (open the page, code provisoire, identity, the
choice, the confirmation, the confirmation screenshot, the PDF download), one locator per
element, no confirmation, no per-step screenshot, no origin guard, no checks beyond the
waits a careful script would write anyway.

As a program (what ``benchmarks/run.py`` times as a subprocess)::

    ENS_AUTO_CODE_PROVISOIRE=... ENS_AUTO_NIR=... ENS_AUTO_CARTE_VITALE_TYPE=sans_photo \
    ENS_AUTO_CARTE_VITALE_SERIE=... python benchmarks/raw_opposition.py --site URL --out DIR

It imports nothing from ens_auto (its start-up is Playwright's alone) and launches the
same Chromium with the same flags as ens-auto does.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("ENS_AUTO_BROWSER_PATH", "/usr/bin/chromium")
#: The flags ens-auto launches Chromium with (ens_auto.browser.launch_args, as root).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
CARD_LABELS = {"sans_photo": "Carte Vitale sans photo", "avec_photo": "Carte Vitale avec photo"}


def opposition(page: Any, site: str, details: dict[str, str], out: Path) -> Path:
    """Play the opposition on ``page``; returns the saved PDF."""
    page.goto(site + "/enrolement/cloture/accueil", wait_until="domcontentloaded")
    page.get_by_role("link", name="Je m'oppose à la création de mon profil").click()
    page.get_by_label("Saisir le code provisoire à 12 caractères").fill(details["code_provisoire"])
    page.get_by_role("button", name="Valider", exact=True).click()
    page.get_by_label("Mon numéro de sécurité sociale").fill(details["nir"])
    card = CARD_LABELS.get(details["carte_vitale_type"], details["carte_vitale_type"])
    page.get_by_role("radio", name=card, exact=True).check()
    page.get_by_label("Mon numéro de série").fill(details["carte_vitale_serie"])
    page.get_by_role("button", name="Valider", exact=True).click()
    page.get_by_role(
        "radio", name="Je m'oppose à la création de Mon espace santé", exact=True
    ).check()
    page.get_by_role("button", name="Continuer", exact=True).click()
    page.get_by_role("button", name="Confirmer mon opposition", exact=True).click()
    page.get_by_text("bien été enregistrée").wait_for()
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / "confirmation.png"))
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger le justificatif").click()
    target = out / "justificatif-opposition.pdf"
    info.value.save_as(target)
    return target


def details_from_env() -> dict[str, str]:
    return {
        "code_provisoire": os.environ["ENS_AUTO_CODE_PROVISOIRE"],
        "nir": os.environ["ENS_AUTO_NIR"],
        "carte_vitale_type": os.environ.get("ENS_AUTO_CARTE_VITALE_TYPE", "sans_photo"),
        "carte_vitale_serie": os.environ["ENS_AUTO_CARTE_VITALE_SERIE"],
    }


def new_page(browser: Any) -> Any:
    """A context like ens-auto's (downloads, French locale, Paris time)."""
    context = browser.new_context(accept_downloads=True, locale="fr-FR", timezone_id="Europe/Paris")
    return context.new_page()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", required=True)
    parser.add_argument("--out", type=Path, default=Path("raw-out"))
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = new_page(browser)
            pdf = opposition(page, args.site.rstrip("/"), details_from_env(), args.out)
        finally:
            browser.close()
    if not pdf.read_bytes().startswith(b"%PDF"):
        print("not a PDF", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
