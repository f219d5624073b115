"""Skin « classique »: a DSFR-like layout and form components (no template engine).

Every value that comes from a person or a fixture goes through :func:`e` (HTML escape).
Field markup (ids, ``data-regle`` rules) is shared by the server-side re-render on error
and by ``static/replica.js``, which checks the same rules in the page before submitting.
"""

from __future__ import annotations

import json
from html import escape

from ens_auto.replica import validation as v
from ens_auto.replica.skins.base import FormState

SITE_NAME = "Mon espace santé"

#: Messages used by the in-page checks (same texts as the server's).
JS_MESSAGES = {
    "codeEmpty": v.MSG_CODE_EMPTY,
    "codeLength": v.MSG_CODE_LENGTH,
    "codeChars": v.MSG_CODE_CHARS,
    "nirEmpty": v.MSG_NIR_EMPTY,
    "nirLength": v.MSG_NIR_LENGTH,
    "nirFormat": v.MSG_NIR_FORMAT,
    "serieEmpty": v.MSG_SERIE_EMPTY,
    "serieDigits": v.MSG_SERIE_DIGITS,
    "serieSansPhoto": v.MSG_SERIE_SANS_PHOTO,
    "serieAvecPhoto": v.MSG_SERIE_AVEC_PHOTO,
    "dateEmpty": v.MSG_DATE_EMPTY,
    "dateFormat": v.MSG_DATE_FORMAT,
    "otpFormat": v.MSG_OTP_FORMAT,
    "summary": "Le formulaire contient des erreurs. Corrigez les champs signalés.",
    "pdfError": "Le justificatif n'a pas pu être téléchargé. Veuillez réessayer plus tard.",
    "pdfDone": "Le justificatif a été téléchargé.",
}

SERIE_LABEL_SANS_PHOTO = "Mon numéro de série (entre 8 et 13 caractères)"
SERIE_LABEL_AVEC_PHOTO = "Mon numéro de série (11 derniers chiffres)"


def e(value: object) -> str:
    return escape(str(value), quote=True)


Form = FormState  # the form being rendered: values, errors, message


# -- layout ---------------------------------------------------------------------------------


def user_menu(full_name: str) -> str:
    return f"""
    <div class="menu-utilisateur">
      <button type="button" class="fr-btn fr-btn--tertiary" id="menu-utilisateur-bouton"
        data-testid="menu-utilisateur" aria-haspopup="menu" aria-expanded="false"
        aria-controls="menu-utilisateur-liste">{e(full_name)}</button>
      <ul role="menu" id="menu-utilisateur-liste" aria-labelledby="menu-utilisateur-bouton" hidden>
        <li role="none"><a role="menuitem" href="/parametres">Paramètres</a></li>
        <li role="none"><a role="menuitem" href="/deconnexion">Se déconnecter</a></li>
      </ul>
    </div>"""


def layout(title: str, content: str, *, user: str | None = None) -> str:
    """A whole page (late rendering is applied by the skin controller, on <main>)."""
    header_tools = (
        user_menu(user)
        if user
        else ('<a class="fr-btn fr-btn--tertiary" href="/connexion">Se connecter</a>')
    )
    main = f'<main id="main" class="fr-container" tabindex="-1">{content}</main>'
    messages = json.dumps(JS_MESSAGES, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(title)} - {SITE_NAME}</title>
  <link rel="stylesheet" href="/static/replica.css">
  <script type="application/json" id="ens-messages">{messages}</script>
  <script src="/static/replica.js" defer></script>
</head>
<body>
  <a class="fr-skiplink" href="#main">Aller au contenu</a>
  <header class="fr-header" role="banner">
    <div class="fr-header__body">
      <div class="fr-header__brand">
        <p class="fr-logo">République<br>Française</p>
        <div class="fr-header__service">
          <a href="/" title="Accueil - {SITE_NAME}" class="fr-header__service-title">{SITE_NAME}</a>
          <p class="fr-header__service-tagline">L'Assurance Maladie</p>
        </div>
      </div>
      <div class="fr-header__tools">{header_tools}</div>
    </div>
  </header>
  {main}
  <footer class="fr-footer" role="contentinfo">
    <ul class="fr-footer__links">
      <li><a href="/cgu">Conditions générales d'utilisation</a></li>
      <li><a href="/questions-frequentes">Questions fréquentes</a></li>
      <li><span>Accessibilité : partiellement conforme</span></li>
    </ul>
    <p class="fr-footer__replica">Réplique locale de test de monespacesante.fr
      (ens-auto) : aucune donnée réelle.</p>
  </footer>
</body>
</html>
"""


# -- components -----------------------------------------------------------------------------


def alert(form: Form | None = None, message: str | None = None) -> str:
    """The error summary (role=alert), always present so that the page script can fill it."""
    text = message
    if text is None and form is not None:
        text = form.message or (JS_MESSAGES["summary"] if form.errors else None)
    hidden = "" if text else " hidden"
    return (
        f'<div class="fr-alert fr-alert--error" role="alert" id="erreurs"{hidden}>'
        f"<p>{e(text or '')}</p></div>"
    )


def info(text: str, *, html: bool = False) -> str:
    body = text if html else e(text)
    return f'<div class="fr-alert fr-alert--info"><p>{body}</p></div>'


def success(text: str, *, extra: str = "") -> str:
    return f'<div class="fr-alert fr-alert--success" role="status"><p>{e(text)}</p>{extra}</div>'


def _error_p(name: str, form: Form) -> str:
    msg = form.errors.get(name, "")
    hidden = "" if msg else " hidden"
    return f'<p class="fr-error-text" id="{name}-erreur"{hidden}>{e(msg)}</p>'


def text_field(
    name: str,
    label: str,
    form: Form,
    *,
    rule: str | None = None,
    required_message: str | None = None,
    hint: str | None = None,
    input_type: str = "text",
    attrs: str = "",
    prefix: str | None = None,
    prefix_hidden: bool = False,
    keep_value: bool = True,
) -> str:
    error = name in form.errors
    described = [f"{name}-aide"] if hint else []
    described.append(f"{name}-erreur")
    hint_html = f'<p class="fr-hint-text" id="{name}-aide">{e(hint)}</p>' if hint else ""
    value = e(form.get(name)) if keep_value else ""
    data = ""
    if rule:
        data += f' data-regle="{rule}"'
    if required_message:
        data += f' data-message-requis="{e(required_message)}"'
    invalid = ' aria-invalid="true"' if error else ""
    input_html = (
        f'<input class="fr-input" id="{name}" name="{name}" type="{input_type}" '
        f'value="{value}" aria-describedby="{" ".join(described)}"{invalid}{data} {attrs}>'
    )
    if prefix is not None:
        hidden = " hidden" if prefix_hidden else ""
        input_html = (
            f'<div class="fr-input-wrap fr-input-wrap--prefixe">'
            f'<span class="fr-input-prefixe" id="{name}-prefixe"{hidden}>{e(prefix)}</span>'
            f"{input_html}</div>"
        )
    return f"""
      <div class="fr-input-group{" fr-input-group--error" if error else ""}" id="{name}-groupe">
        <label class="fr-label" for="{name}" id="{name}-label">{e(label)}</label>
        {hint_html}
        {input_html}
        {_error_p(name, form)}
      </div>"""


def radio_group(
    name: str,
    legend: str,
    options: list[tuple[str, str, str | None]],
    form: Form,
    *,
    required_message: str,
    legend_html: bool = False,
) -> str:
    """A fieldset of real radios; options are (value, label, hint)."""
    error = name in form.errors
    selected = form.get(name)
    items = []
    for value, label, hint in options:
        rid = f"{name}-{value.replace('_', '-')}"
        checked = " checked" if selected == value else ""
        hint_html = ""
        described = f"{name}-erreur"
        if hint:
            hint_html = f'<p class="fr-hint-text" id="{rid}-aide">{e(hint)}</p>'
            described = f"{rid}-aide {name}-erreur"
        items.append(
            f"""
          <div class="fr-radio-group">
            <input type="radio" id="{rid}" name="{name}" value="{e(value)}"{checked}
              aria-describedby="{described}">
            <label class="fr-label" for="{rid}">{e(label)}</label>
            {hint_html}
          </div>"""
        )
    legend_text = legend if legend_html else e(legend)
    return f"""
      <fieldset class="fr-fieldset{" fr-fieldset--error" if error else ""}" id="{name}-groupe"
        data-regle="choix" data-nom="{name}" data-message-requis="{e(required_message)}"
        aria-describedby="{name}-erreur">
        <legend class="fr-fieldset__legend">{legend_text}</legend>
        {"".join(items)}
        {_error_p(name, form)}
      </fieldset>"""


def checkbox(
    name: str,
    label: str,
    form: Form,
    *,
    hint: str | None = None,
    required_message: str | None = None,
) -> str:
    group_error = " fr-checkbox-group--error" if name in form.errors else ""
    checked = " checked" if form.get(name) else ""
    data = (
        f' data-regle="coche" data-message-requis="{e(required_message)}"'
        if required_message
        else ""
    )
    described = f"{name}-aide {name}-erreur" if hint else f"{name}-erreur"
    hint_html = f'<p class="fr-hint-text" id="{name}-aide">{e(hint)}</p>' if hint else ""
    return f"""
      <div class="fr-checkbox-group{group_error}" id="{name}-groupe">
        <input type="checkbox" id="{name}" name="{name}" value="oui"{checked}
          aria-describedby="{described}"{data}>
        <label class="fr-label" for="{name}">{e(label)}</label>
        {hint_html}
        {_error_p(name, form)}
      </div>"""


def button(
    text: str, *, name: str | None = None, value: str | None = None, secondary: bool = False
) -> str:
    cls = "fr-btn fr-btn--secondary" if secondary else "fr-btn"
    nv = f' name="{name}" value="{e(value or "")}"' if name else ""
    return f'<button type="submit" class="{cls}"{nv}>{e(text)}</button>'


def link_button(text: str, href: str, *, secondary: bool = False, attrs: str = "") -> str:
    cls = "fr-btn fr-btn--secondary" if secondary else "fr-btn"
    extra = f" {attrs}" if attrs else ""
    return f'<a class="{cls}"{extra} href="{e(href)}">{e(text)}</a>'


def form_tag(action: str, kind: str, body: str) -> str:
    return (
        f'<form method="post" action="{e(action)}" novalidate data-valider="{kind}" '
        f'id="formulaire-{kind}">{body}</form>'
    )


def breadcrumb_steps(current: int, total: int, title: str) -> str:
    return (
        f'<div class="fr-stepper"><p class="fr-stepper__state">Étape {current} sur {total}'
        f'</p><p class="fr-stepper__title">{e(title)}</p></div>'
    )
