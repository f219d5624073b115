"""``ens-auto profile``: the household's profiles (secrets in the keyring, never shown)."""

from __future__ import annotations

import dataclasses

import typer

from ens_auto.cli.common import err, handle_errors, out, stdin_is_tty

HELP = (
    "Gérer les profils du foyer (vous, vos enfants, un majeur que vous représentez).\n\n"
    "Les informations secrètes (numéro de sécurité sociale, codes, mot de passe) sont "
    "gardées dans le trousseau sécurisé de votre système, jamais dans un fichier ; "
    "elles ne sont jamais affichées en clair."
)

#: Short French names for the table of saved information.
SHORT_NAMES = {
    "code_provisoire": "code provisoire",
    "nir": "n° de sécurité sociale",
    "carte_vitale_serie": "n° de série",
    "date_naissance": "date de naissance",
    "identifiant": "identifiant",
    "mot_de_passe": "mot de passe",
}

SKIP_HINT = " — laisser vide pour ne pas l'enregistrer"


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _ask_profile_details(with_secrets: bool, card: str | None) -> dict[str, str]:
    """Ask the card model and (optionally) each secret; blank answers are skipped.

    On a terminal, a wrong answer is asked again (3 tries). From a pipe, one line per
    question in this order: card model, then the secrets; end of input ends the questions;
    all errors are reported at once and nothing is saved.
    """
    from ens_auto.details import MAX_TRIES, MissingInput, TerminalPrompter
    from ens_auto.identity import INPUTS, KEYRING_FIELDS, Detail, DetailError, parse_detail

    prompter = TerminalPrompter()
    interactive = prompter.interactive
    names = ([] if card else ["carte_vitale_type"]) + (list(KEYRING_FIELDS) if with_secrets else [])
    context: dict[str, Detail] = {}
    if card:
        context["carte_vitale_type"] = parse_detail("carte_vitale_type", card)
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in names:
        spec = INPUTS[name]
        spec = dataclasses.replace(spec, label=spec.label + SKIP_HINT)
        tries = MAX_TRIES if interactive else 1
        for attempt in range(1, tries + 1):
            try:
                raw = prompter.ask(spec, secret=spec.secret)
            except MissingInput:
                return _finish(answers, errors)
            if not raw.strip():
                break
            try:
                detail = parse_detail(name, raw, context=context)
            except DetailError as exc:
                if not interactive:
                    errors.update(exc.errors)
                    break
                if attempt >= tries:
                    raise
                prompter.warn(f"{exc.message} (essai {attempt} sur {tries})")
                continue
            context[name] = detail
            answers[name] = detail.value
            break
    return _finish(answers, errors)


def _finish(answers: dict[str, str], errors: dict[str, str]) -> dict[str, str]:
    from ens_auto.identity import DetailError

    if errors:
        raise DetailError(errors, hint="Rien n'a été enregistré.")
    return answers


def register(app: typer.Typer) -> None:
    profile_app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode="rich")
    app.add_typer(profile_app, name="profile")

    @profile_app.command("add")
    def add(
        label: str = typer.Argument(
            ..., help="Nom court du profil : minuscules, chiffres, - ou _ (ex. : moi, lea)."
        ),
        relation: str = typer.Option(
            "moi",
            "--relation",
            "-r",
            help="Pour qui : moi, enfant ou majeur_represente.",
        ),
        carte_vitale: str | None = typer.Option(
            None,
            "--carte-vitale",
            help="Modèle de carte Vitale : sans_photo ou avec_photo (sinon, demandé).",
        ),
        sans_secrets: bool = typer.Option(
            False,
            "--sans-secrets",
            help="N'enregistrer aucune information secrète (elles seront demandées à chaque fois).",
        ),
    ) -> None:
        """Ajouter un profil ; les informations secrètes vont dans le trousseau sécurisé.

        Les informations sont demandées une à une (saisie masquée pour les secrets) ;
        laissez une réponse vide pour ne pas l'enregistrer. Sans terminal, une ligne par
        question est lue sur l'entrée standard.
        """
        with handle_errors():
            from ens_auto.errors import InputError
            from ens_auto.identity import INPUTS
            from ens_auto.profiles import Profile, ProfileStore

            profile = Profile.new(label, relation, carte_vitale)
            store = ProfileStore()
            if profile.label in store.labels():
                raise InputError(
                    f"Un profil nommé « {profile.label} » existe déjà.",
                    hint=f"Supprimez-le d'abord : ens-auto profile remove {profile.label}",
                )
            status = store.secret_store.status
            with_secrets = not sans_secrets and store.secret_store.available
            if not sans_secrets and not status.safe:
                err().print(f"[yellow]{_escape(status.message)}[/]")
            answers = _ask_profile_details(with_secrets, profile.carte_vitale_type)
            result = store.add(profile, answers)

            saved = result.profile
            out().print(f"Profil « {_escape(saved.label)} » enregistré ({saved.relation_label}).")
            if saved.carte_vitale_type:
                card = INPUTS["carte_vitale_type"].parser(saved.carte_vitale_type, {}).value
                out().print(f"Modèle de carte : {card}.")
            if result.saved:
                names = ", ".join(SHORT_NAMES[n] for n in result.saved)
                out().print(f"Enregistré dans le trousseau sécurisé : {names}.")
            elif with_secrets and not result.notice:
                out().print("Aucune information secrète enregistrée : elles seront demandées.")
            if result.notice:
                err().print(f"[yellow]{_escape(result.notice)}[/]")

    @profile_app.command("list")
    def list_() -> None:
        """Lister les profils et les informations enregistrées (jamais leurs valeurs)."""
        with handle_errors():
            from rich.table import Table

            from ens_auto.identity import CARD_TYPES
            from ens_auto.profiles import ProfileStore, household_order

            store = ProfileStore()
            profiles = household_order(store.list())
            if not profiles:
                out().print("Aucun profil enregistré.")
                out().print("Pour en créer un : ens-auto profile add NOM --relation moi")
                return
            table = Table(title="Profils du foyer", title_justify="left")
            table.add_column("Nom", no_wrap=True)
            table.add_column("Relation")
            table.add_column("Carte Vitale")
            table.add_column("Informations enregistrées")
            for profile in profiles:
                saved = store.secrets(profile.label)
                card = CARD_TYPES.get(profile.carte_vitale_type or "", "—")
                names = ", ".join(SHORT_NAMES[n] for n in saved) or "aucune"
                table.add_row(_escape(profile.label), profile.relation_label, card, names)
            out().print(table)
            if not store.secret_store.available:
                err().print(f"[yellow]{_escape(store.secret_store.status.message)}[/]")

    @profile_app.command("show")
    def show(label: str = typer.Argument(..., help="Nom du profil.")) -> None:
        """Afficher un profil ; les informations secrètes sont masquées."""
        with handle_errors():
            from ens_auto.identity import INPUTS, Detail, DetailError, parse_detail
            from ens_auto.profiles import ProfileStore

            store = ProfileStore()
            profile = store.get(label)
            console = out()
            console.print(f"Profil : {_escape(profile.label)}")
            console.print(f"Relation : {profile.relation_label}")
            context: dict[str, Detail] = {}
            if profile.carte_vitale_type:
                context["carte_vitale_type"] = parse_detail(
                    "carte_vitale_type", profile.carte_vitale_type
                )
                console.print(f"Carte Vitale : {context['carte_vitale_type'].value}")
            else:
                console.print("Carte Vitale : (non renseignée)")
            console.print(f"Créé le : {profile.created_at.astimezone():%d/%m/%Y à %H:%M}")
            secrets = store.secrets(label)
            if not store.secret_store.available:
                err().print(f"[yellow]{_escape(store.secret_store.status.message)}[/]")
            if not secrets:
                console.print("Aucune information secrète enregistrée.")
                return
            for name, value in secrets.items():
                try:
                    masked = parse_detail(name, value, context=context).masked
                except DetailError:
                    masked = "•••• (valeur enregistrée non valide)"
                console.print(f"{INPUTS[name].title} : {masked}")

    @profile_app.command("remove")
    def remove(
        label: str = typer.Argument(..., help="Nom du profil à supprimer."),
        yes: bool = typer.Option(False, "--yes", "-y", help="Ne pas demander de confirmation."),
    ) -> None:
        """Supprimer un profil et ses informations du trousseau."""
        with handle_errors():
            from ens_auto.errors import Cancelled, InputError
            from ens_auto.profiles import ProfileStore

            store = ProfileStore()
            profile = store.get(label)
            if not yes:
                if not stdin_is_tty():
                    raise InputError(
                        "Confirmation impossible sans terminal : ajoutez --yes pour supprimer "
                        f"le profil « {profile.label} »."
                    )
                question = (
                    f"Supprimer le profil « {profile.label} » et ses informations du trousseau ?"
                )
                if not typer.confirm(question, default=False, err=True):
                    raise Cancelled("Suppression annulée : rien n'a été supprimé.")
            store.remove(label)
            out().print(f"Profil « {_escape(profile.label)} » supprimé, avec ses informations.")
