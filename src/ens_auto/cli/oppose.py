"""``ens-auto oppose`` and ``ens-auto close``: what a person types."""

from __future__ import annotations

from enum import StrEnum

import typer

from ens_auto.cli import options as opt
from ens_auto.cli.common import err, handle_errors, stdin_is_tty


class Relation(StrEnum):
    moi = "moi"
    enfant = "enfant"
    majeur_represente = "majeur_represente"


def register(app: typer.Typer) -> None:
    app.command("oppose")(oppose)
    app.command("close")(close)


PROFILE = typer.Option(
    None, "--profile", "-p", help="Profil enregistré (ens-auto profile add) pour qui agir."
)
DEMO = typer.Option(
    False,
    "--demo",
    help="Démonstration sur la réplique locale fournie, avec une identité fictive "
    "(le vrai site n'est pas contacté).",
)
SKIN = typer.Option(
    None,
    "--skin",
    help="Avec --demo : l'habillage de la réplique (ens-auto replica skins ; par défaut, "
    "un habillage tiré au hasard).",
    show_default=False,
)


def oppose(
    profile: str | None = PROFILE,
    all_: bool = typer.Option(
        False, "--all", help="Tous les profils enregistrés : les enfants d'abord, puis les adultes."
    ),
    pour: Relation = typer.Option(
        Relation.moi,
        "--pour",
        help="Sans profil : pour qui est la démarche (moi, enfant, majeur_represente).",
    ),
    site: str | None = opt.SITE,
    headed: bool | None = opt.HEADED,
    confirm: opt.Confirm = opt.CONFIRM,
    yes: bool = opt.YES,
    trace: bool = opt.TRACE,
    demo: bool = DEMO,
    skin: str | None = SKIN,
) -> None:
    """S'opposer à la création de Mon espace santé, et garder le justificatif PDF.

    Les informations (code provisoire, numéro de sécurité sociale, carte Vitale) viennent
    d'un profil enregistré, sinon des variables ENS_AUTO_*, sinon elles sont demandées.
    """
    with handle_errors():
        code = _run(
            "opposition",
            profile=profile,
            all_=all_,
            pour=pour,
            site=site,
            headed=headed,
            confirm=opt.confirm_mode(confirm, yes),
            trace=trace,
            demo=demo,
            skin=skin,
            fixed={},
        )
    raise typer.Exit(code)


def close(
    supprimer: bool | None = typer.Option(
        None,
        "--supprimer-donnees/--conserver-donnees",
        help="Obligatoire. --supprimer-donnees : vos données sont supprimées dans un délai "
        "de 3 mois au plus. --conserver-donnees : elles sont archivées 10 ans et restaurées "
        "si vous rouvrez votre profil.",
        show_default=False,
    ),
    profile: str | None = PROFILE,
    site: str | None = opt.SITE,
    headed: bool | None = opt.HEADED,
    confirm: opt.Confirm = opt.CONFIRM,
    yes: bool = opt.YES,
    trace: bool = opt.TRACE,
    demo: bool = DEMO,
    skin: str | None = SKIN,
) -> None:
    """Clôturer votre profil Mon espace santé (connexion, code à usage unique, paramètres).

    Il n'y a pas de justificatif PDF pour une clôture : la capture et le texte de la page
    de confirmation sont gardés comme preuve.
    """
    with handle_errors():
        if supprimer is None:
            from ens_auto.errors import InputError

            raise InputError(
                "Choisissez ce que deviennent vos données : --supprimer-donnees (supprimées "
                "sous 3 mois au plus) ou --conserver-donnees (archivées 10 ans, restaurables)."
            )
        code = _run(
            "cloture",
            profile=profile,
            all_=False,
            pour=Relation.moi,
            site=site,
            headed=headed,
            confirm=opt.confirm_mode(confirm, yes),
            trace=trace,
            demo=demo,
            skin=skin,
            fixed={"suppression_donnees": "oui" if supprimer else "non"},
        )
    raise typer.Exit(code)


def _run(
    flow_name: str,
    *,
    profile: str | None,
    all_: bool,
    pour: Relation,
    site: str | None,
    headed: bool | None,
    confirm: str,
    trace: bool,
    demo: bool,
    skin: str | None,
    fixed: dict[str, str],
) -> int:
    from ens_auto.errors import InputError

    chosen = [
        name for name, on in (("--profile", profile), ("--all", all_), ("--demo", demo)) if on
    ]
    if len(chosen) > 1:
        raise InputError(f"Options incompatibles : {' et '.join(chosen)} (une seule à la fois).")
    if skin is not None and not demo:
        raise InputError("--skin ne s'emploie qu'avec --demo (la réplique locale).")
    if skin is not None:
        from ens_auto.replica.skins import skin_names

        if skin not in skin_names():
            raise InputError(
                f"Habillage inconnu : « {skin} ». Habillages : {', '.join(skin_names())}."
            )
    from ens_auto.cli.warm import warm_start

    warm_start()  # the browser driver starts while the run's modules load
    from ens_auto.cli.running import Person, checked_site, load_announced, run_people
    from ens_auto.config import get_settings
    from ens_auto.details import TerminalPrompter, resolve_details

    settings = get_settings()
    flow = load_announced(flow_name)  # the person's repaired copy first, said so

    if demo:
        return _run_demo(flow, fixed=fixed, headed=headed, confirm=confirm, trace=trace, skin=skin)

    prompter = TerminalPrompter()
    people: list[Person] = []
    if profile or all_:
        from ens_auto.profiles import ProfileStore, household_order

        store = ProfileStore(settings)
        profiles = household_order(store.list()) if all_ else [store.get(str(profile))]
        if not profiles:
            raise InputError(
                "Aucun profil enregistré.",
                hint="Créez-en un : ens-auto profile add NOM --relation moi",
            )
        for prof in profiles:
            if len(profiles) > 1:
                err().print(f"Informations pour « {prof.label} » :")
            details = resolve_details(
                flow.inputs, profile=prof, store=store, prompter=prompter, fixed=fixed
            )
            people.append(Person(prof.label, details, prof.relation_label))
    else:
        wanted = dict(fixed)
        wanted.setdefault("representant_legal", "non" if pour is Relation.moi else "oui")
        details = resolve_details(flow.inputs, prompter=prompter, fixed=wanted)
        people.append(Person(pour.value, details, pour.value))

    return run_people(
        flow,
        people,
        site=checked_site(site, flow, settings),
        headed=headed,
        confirm=confirm,
        trace=trace,
        settings=settings,
    )


def _run_demo(
    flow: object,
    *,
    fixed: dict[str, str],
    headed: bool | None,
    confirm: str,
    trace: bool,
    skin: str | None,
) -> int:
    from ens_auto.cli.common import out
    from ens_auto.cli.running import Person, run_people
    from ens_auto.cli.ui import TerminalUI
    from ens_auto.config import get_settings
    from ens_auto.demo import ReplicaOtpUI, running_demo
    from ens_auto.details import resolve_details

    settings = get_settings()
    settings = settings.model_copy(update={"download_dir": settings.download_dir / "demo"})
    if not stdin_is_tty():
        confirm = "none"  # fake identity on a local replica: nothing to confirm in a script
    with running_demo(skin) as demo:
        chance = "" if skin else ", tiré au hasard"
        out().print(
            f"[bold]Démonstration[/] sur la réplique locale {demo.url} (habillage "
            f"« {demo.skin} »{chance}) avec une identité fictive : le vrai site n'est pas "
            "contacté."
        )
        if flow.name == "cloture":  # type: ignore[attr-defined]
            raw = {**demo.closure_details(), **fixed}
            identifiant = raw["identifiant"]

            def make_ui(_person: Person) -> object:
                return ReplicaOtpUI(TerminalUI(), demo, identifiant)
        else:
            raw = {**demo.opposition_details(), **fixed}
            make_ui = None  # type: ignore[assignment]
        details = resolve_details(flow.inputs, fixed=raw)  # type: ignore[attr-defined]
        return run_people(
            flow,  # type: ignore[arg-type]
            [Person("demo", details, "démonstration")],
            site=demo.url,
            headed=headed,
            confirm=confirm,
            trace=trace,
            settings=settings,
            make_ui=make_ui,  # type: ignore[arg-type]
        )
