"""``ens-auto replica``: the local replica of monespacesante.fr (tests, demo, benchmarks)."""

from __future__ import annotations

from enum import StrEnum

import typer

from ens_auto.cli.common import err, handle_errors, out

HELP = (
    "Réplique locale de monespacesante.fr, pour essayer ens-auto sans toucher au vrai site.\n\n"
    "Toutes les identités qu'elle connaît sont fictives."
)


class DownloadMode(StrEnum):
    script = "script"
    attachment = "attachment"
    inline = "inline"


class PdfMode(StrEnum):
    ok = "ok"
    error = "error"
    corrupt = "corrupt"


ROLE_LABELS = {
    "adulte": "adulte",
    "enfant": "enfant",
    "majeur_represente": "majeur représenté",
}
CARD_LABELS = {"sans_photo": "sans photo", "avec_photo": "avec photo"}


def print_identities() -> None:
    """Table of the fake test identities and accounts (NIR masked, no password)."""
    from rich.table import Table

    from ens_auto.replica.identities import load_identities

    ids = load_identities()
    console = out()
    if not console.is_terminal:  # piped: no width to respect, and codes must never be cut
        from rich.console import Console

        console = Console(file=console.file, width=140, highlight=False)
    table = Table(title="Identités de test (fictives)", title_justify="left")
    for column in ("id", "rôle", "code provisoire", "carte Vitale", "n° de série", "NIR"):
        table.add_column(column, overflow="fold", no_wrap=column != "rôle")
    for p in ids.persons:
        role = ROLE_LABELS[p.role]
        if p.representant:
            role += f" (représentant : {p.representant})"
        if p.statut == "oppose":
            role += ", déjà opposé"
        table.add_row(
            p.id,
            role,
            p.code_provisoire,
            CARD_LABELS[p.carte_vitale_type],
            p.carte_vitale_serie,
            p.nir_masque,
        )
    console.print(table)
    accounts = Table(title="Comptes de test (clôture)", title_justify="left")
    for column in ("id", "identifiant", "nom"):
        accounts.add_column(column)
    for a in ids.accounts:
        accounts.add_row(a.id, a.identifiant, a.nom_complet)
    console.print(accounts)
    console.print(
        "Mots de passe et NIR complets : src/ens_auto/replica/fixtures/identities.yaml. "
        "Code à usage unique : GET /__replica__/otp?identifiant=..."
    )


def register(app: typer.Typer) -> None:
    replica_app = typer.Typer(
        help=HELP, no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]}
    )

    @replica_app.command("skins")
    def skins_command() -> None:
        """Lister les habillages de la réplique : le même site, écrit comme d'autres
        équipes l'auraient fait."""
        with handle_errors():
            from rich.markup import escape

            from ens_auto.replica.skins import DEFAULT_SKIN, all_skins

            for skin in all_skins():
                default = " (par défaut)" if skin.name == DEFAULT_SKIN else ""
                out().print(f"[bold]{skin.name}[/]{default} : {escape(skin.summary)}")

    @replica_app.command("serve")
    def serve_command(
        host: str = typer.Option("127.0.0.1", "--host", help="Adresse d'écoute."),
        port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port d'écoute."),
        maintenance: bool = typer.Option(
            False, "--maintenance", help="Toutes les pages répondent « Site en maintenance » (503)."
        ),
        latency_ms: int = typer.Option(
            0, "--latency-ms", min=0, help="Délai ajouté à chaque réponse, en millisecondes."
        ),
        late_render_ms: int = typer.Option(
            0,
            "--late-render-ms",
            min=0,
            help="Contenu des pages inséré par script après ce délai, en millisecondes.",
        ),
        download_mode: DownloadMode | None = typer.Option(
            None,
            "--download-mode",
            help="Téléchargement du justificatif : par script, pièce jointe, ou affichage "
            "dans un nouvel onglet (par défaut : celui de l'habillage).",
            show_default=False,
        ),
        pdf: PdfMode = typer.Option(
            PdfMode.ok, "--pdf", help="Justificatif : normal, en erreur, ou corrompu."
        ),
        session_ttl_s: float | None = typer.Option(
            None, "--session-ttl-s", min=0.1, help="Durée d'inactivité avant expiration, en s."
        ),
        skin: str = typer.Option(
            "classique", "--skin", help="Habillage de la réplique (ens-auto replica skins)."
        ),
    ) -> None:
        """Lancer la réplique locale (jusqu'à Ctrl-C)."""
        with handle_errors():
            from ens_auto.errors import InputError
            from ens_auto.replica.server import serve
            from ens_auto.replica.skins import skin_names

            if skin not in skin_names():
                raise InputError(
                    f"Habillage inconnu : « {skin} ». Habillages : {', '.join(skin_names())}."
                )

            faults = {
                "maintenance": maintenance,
                "latency_ms": latency_ms,
                "late_render_ms": late_render_ms,
                "download_mode": download_mode.value if download_mode else None,
                "pdf": pdf.value,
                "session_ttl_s": session_ttl_s,
            }
            active = {k: val for k, val in faults.items() if val not in (False, 0, None, "ok")}

            def ready(url: str) -> None:
                out().print(f"Réplique de Mon espace santé : [bold]{url}[/]")
                out().print(f"Habillage : « {skin} » (ens-auto replica skins)")
                if active:
                    out().print(f"Anomalies simulées : {active}")
                print_identities()
                err().print("Arrêt : Ctrl-C.")

            try:
                serve(host, port, on_ready=ready, skin=skin, **faults)
            except OSError as exc:
                from ens_auto.errors import EnsAutoError

                raise EnsAutoError(
                    f"Impossible d'écouter sur {host}:{port} ({exc.strerror or exc}).",
                    hint="Choisissez un autre port avec --port.",
                ) from None

    app.add_typer(replica_app, name="replica", help=HELP)
