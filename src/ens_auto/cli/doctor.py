"""``ens-auto doctor``: is everything ready? One French line per check, ✓ / ⚠ / ✗."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import typer

from ens_auto.cli.common import handle_errors, out
from ens_auto.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, PHONE_ROUTE, InputError

HELP = (
    "Vérifier que tout est prêt : navigateur, trousseau de secrets, dossiers, accès au site.\n\n"
    "Code de sortie 0 quand tout ce qui est nécessaire fonctionne, 1 sinon, "
    "2 quand un réglage est faux."
)

Level = Literal["ok", "warn", "fail", "usage"]
MARK = {"ok": "[green]✓[/]", "warn": "[yellow]⚠[/]", "fail": "[red]✗[/]", "usage": "[red]✗[/]"}
SITE_TIMEOUT_S = 5.0


@dataclass
class Check:
    level: Level
    text: str
    hint: str = ""


def check_browser(settings: object) -> Check:
    from ens_auto.browser import browser_version, find_browser
    from ens_auto.errors import EnsAutoError

    try:
        choice = find_browser(settings)  # type: ignore[arg-type]
    except InputError as exc:
        return Check("usage", f"Navigateur : {exc.message}", exc.hint or "")
    except EnsAutoError as exc:
        return Check("fail", f"Navigateur : {exc.message}", exc.hint or "")
    version = browser_version(choice)
    text = f"Navigateur : {choice.how}"
    if version:
        text += f" — {version}"
    return Check("ok", text)


def check_playwright() -> Check:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return Check("ok", f"Playwright {version('playwright')} installé")
    except PackageNotFoundError:
        return Check(
            "fail", "Playwright n'est pas installé.", "Réinstallez ens-auto (pip install ens-auto)."
        )


def check_keyring() -> Check:
    """A missing or unsafe keyring is a warning: the details are then asked each time."""
    from ens_auto.keystore import backend_status

    try:
        status = backend_status()
    except Exception as exc:  # the keyring library can fail in odd ways
        return Check(
            "warn",
            "Trousseau de secrets : indisponible. Vos informations vous seront demandées à "
            "chaque démarche (rien ne sera enregistré).",
            f"Détail technique : {type(exc).__name__}",
        )
    name = getattr(status, "effective", "") or status.backend
    if status.usable and status.safe:
        return Check("ok", f"Trousseau de secrets : {name} (sûr)")
    if status.usable:
        return Check(
            "warn",
            f"Trousseau de secrets : {name}, PAS sûr (secrets en clair sur le disque).",
            status.message,
        )
    return Check(
        "warn",
        "Trousseau de secrets : aucun trousseau sûr disponible. Ce n'est pas bloquant : vos "
        "informations vous seront demandées à chaque démarche (rien ne sera enregistré).",
    )


def _writable(path: Path) -> tuple[bool, bool]:
    """``(exists, writable_or_creatable)`` without creating anything."""
    if path.exists():
        return True, path.is_dir() and os.access(path, os.W_OK | os.X_OK)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return False, parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)


def check_folder(what: str, path: Path) -> Check:
    exists, writable = _writable(path)
    if writable:
        note = "" if exists else " (sera créé au besoin)"
        return Check("ok", f"{what} : {path}{note}")
    problem = "pas accessible en écriture" if exists else "impossible à créer"
    return Check(
        "fail",
        f"{what} : {path} — {problem}",
        "Choisissez un autre dossier (voir les variables ENS_AUTO_* dans .env.example) "
        "ou corrigez ses droits.",
    )


def check_site(url: str) -> Check:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "ens-auto-doctor"})
    try:
        with urllib.request.urlopen(request, timeout=SITE_TIMEOUT_S) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Check(
            "fail",
            f"Site {url} : injoignable.",
            f"Vérifiez votre connexion à Internet (détail technique : {reason}).\n" + PHONE_ROUTE,
        )
    if status == 503:
        return Check(
            "fail",
            f"Site {url} : en maintenance (HTTP 503). Réessayez plus tard.",
            PHONE_ROUTE,
        )
    if status >= 400:
        return Check("fail", f"Site {url} : répond avec une erreur (HTTP {status}).", PHONE_ROUTE)
    return Check("ok", f"Site {url} : répond (HTTP {status})")


def _valid_url(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def run_checks(site: str | None = None) -> list[Check]:
    from ens_auto.config import get_settings

    settings = get_settings()
    url = (site or settings.site).rstrip("/") or settings.site
    checks = [check_browser(settings), check_playwright(), check_keyring()]
    checks.append(check_folder("Dossier des justificatifs", settings.download_dir))
    checks.append(check_folder("Dossier des données (journal)", settings.data_path))
    checks.append(check_folder("Dossier de configuration (profils)", settings.config_path))
    if _valid_url(url):
        checks.append(check_site(url))
    else:
        checks.append(
            Check("usage", f"Site : adresse invalide « {url} ».", "Exemple : https://exemple.fr")
        )
    return checks


def exit_code(checks: list[Check]) -> int:
    if any(c.level == "usage" for c in checks):
        return EXIT_USAGE
    if any(c.level == "fail" for c in checks):
        return EXIT_FAILED
    return EXIT_OK


def doctor(
    site: str | None = typer.Option(
        None,
        "--site",
        metavar="URL",
        help="Adresse du site à tester (par défaut : le site configuré, ENS_AUTO_SITE).",
    ),
) -> None:
    """Vérifier que tout est prêt : navigateur, trousseau, dossiers, accès au site."""
    from rich.markup import escape

    with handle_errors():
        checks = run_checks(site)
    console = out()
    for check in checks:
        console.print(f"{MARK[check.level]} {escape(check.text)}", soft_wrap=True)
        if check.hint:
            console.print(f"    {escape(check.hint)}", soft_wrap=True)
    code = exit_code(checks)
    warnings = sum(c.level == "warn" for c in checks)
    if code == EXIT_OK:
        summary = "[green]Tout est prêt.[/]"
        if warnings:
            summary += f" ({warnings} avertissement(s) ci-dessus, sans gravité pour une démarche.)"
    elif code == EXIT_USAGE:
        summary = "[red]Un réglage est à corriger (voir ci-dessus).[/]"
    else:
        summary = "[red]Quelque chose empêche une démarche (voir ci-dessus).[/]"
    console.print(summary, soft_wrap=True)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("doctor", help=HELP)(doctor)
