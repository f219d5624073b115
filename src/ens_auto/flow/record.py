"""Record a flow from the browser: what the person does becomes a readable YAML flow.

An init script listens in the page (capture phase) to clicks, changes, typing and submits,
describes the element (role and accessible name, label, placeholder, text, title, alt, test
id, CSS ingredients) and sends each event to Python through an exposed binding. Actions
that would leave the page (a link, a submit) are held until Python has checked every
candidate on the live element with :func:`ens_auto.flow.locate.build_locator`: only those
that match exactly one element, and that very element, are kept.

Typed values are never written down: a value that is one of the person's details, or has
the shape of one (NIR with a valid key, code provisoire, serial, date of birth), or was
typed into a password field, becomes a ``{{ placeholder }}``; a one-time code becomes a
``prompt`` step; any other text is asked about at the end (fixed value or input).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit

import yaml

from ens_auto.errors import EnsAutoError
from ens_auto.flow.locate import build_locator
from ens_auto.flow.model import (
    CANDIDATE_KINDS,
    PLACEHOLDER,
    Candidate,
    CheckStep,
    ChooseSpec,
    ChooseStep,
    ClickStep,
    Condition,
    DownloadSpec,
    DownloadStep,
    ExpectStep,
    FillStep,
    Flow,
    GotoStep,
    PressSpec,
    PressStep,
    PromptSpec,
    PromptStep,
    ScreenshotSpec,
    ScreenshotStep,
    SelectStep,
    StepBase,
    TargetValue,
    UncheckStep,
    check_site,
)
from ens_auto.identity import CARD_TYPES, INPUTS, Detail, DetailError, Scrubber, parse_detail

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ElementHandle, Frame, Page

BINDING = "__ensRecord"

#: The page side of the recorder (init script).
PAGE_SCRIPT = r"""
/* ens-auto recorder, injected in every page of the recording browser (init script).
   Listens (capture phase) to clicks, changes, typing and submits, describes the element
   (role, accessible name, label, placeholder, text, title, alt, test id, CSS ingredients)
   and sends each event to Python through the exposed binding. An action that would leave
   the page (link, submit) is held until Python has checked the candidates, then resumed,
   so that they are checked on the live element. */
(() => {
  if (window.__ensRecInstalled || window !== window.top) { return; }
  window.__ensRecInstalled = true;

  const BINDING = "__ensRecord";
  const registry = new Map();
  const dirty = new Set();
  let chain = Promise.resolve();
  let seq = 0;
  let resuming = false;

  window.__ensRecEl = (key) => registry.get(key) || null;
  window.__ensRecFlush = () => { flushAll(); return chain.then(() => true); };

  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const textOf = (el) => norm(el.innerText !== undefined ? el.innerText : el.textContent);
  const TEXT_TYPES = ["", "text", "email", "tel", "url", "search", "number", "password", "date"];

  function inputType(el) {
    return (el.getAttribute("type") || "").toLowerCase();
  }

  function isTextField(el) {
    if (el.tagName === "TEXTAREA") { return true; }
    return el.tagName === "INPUT" && TEXT_TYPES.includes(inputType(el));
  }

  function labelledBy(el) {
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    return norm(ids.map((id) => {
      const node = document.getElementById(id);
      return node ? textOf(node) : "";
    }).join(" "));
  }

  function labelText(el) {
    if (el.labels && el.labels.length) {
      return norm(Array.from(el.labels).map((l) => textOf(l)).join(" "));
    }
    return "";
  }

  function role(el) {
    const explicit = el.getAttribute("role");
    if (explicit) { return explicit.split(/\s+/)[0]; }
    const tag = el.tagName.toLowerCase();
    const type = inputType(el);
    if (tag === "a" && el.hasAttribute("href")) { return "link"; }
    if (tag === "button") { return "button"; }
    if (tag === "select") { return el.multiple || el.size > 1 ? "listbox" : "combobox"; }
    if (tag === "textarea") { return "textbox"; }
    if (tag === "input") {
      if (["submit", "button", "reset", "image"].includes(type)) { return "button"; }
      if (type === "checkbox") { return "checkbox"; }
      if (type === "radio") { return "radio"; }
      if (["", "text", "email", "tel", "url"].includes(type)) { return "textbox"; }
      if (type === "search") { return "searchbox"; }
      if (type === "number") { return "spinbutton"; }
      return "";
    }
    if (tag === "img" && el.getAttribute("alt")) { return "img"; }
    return "";
  }

  function accessibleName(el) {
    let name = labelledBy(el);
    if (name) { return name; }
    name = norm(el.getAttribute("aria-label"));
    if (name) { return name; }
    const tag = el.tagName.toLowerCase();
    const type = inputType(el);
    if (["input", "select", "textarea"].includes(tag)) {
      if (["submit", "button", "reset"].includes(type)) { return norm(el.value); }
      if (type === "image") { return norm(el.getAttribute("alt")); }
      name = labelText(el);
      if (name) { return name; }
      return norm(el.getAttribute("title") || el.getAttribute("placeholder"));
    }
    if (tag === "img") { return norm(el.getAttribute("alt")); }
    name = textOf(el);
    return name || norm(el.getAttribute("title"));
  }

  function cssParts(el) {
    const path = [];
    let node = el;
    for (let depth = 0; node && node.nodeType === 1 && depth < 5; depth++) {
      const tag = node.tagName.toLowerCase();
      let nth = 1;
      for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
        if (sib.tagName === node.tagName) { nth++; }
      }
      path.push({ tag: tag, id: node.id || "", nth: nth });
      if (tag === "body") { break; }
      node = node.parentElement;
    }
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id || "",
      name: el.getAttribute("name") || "",
      type: inputType(el),
      value: ["radio", "checkbox"].includes(inputType(el)) ? (el.getAttribute("value") || "") : "",
      path: path,
    };
  }

  function describe(el) {
    const tag = el.tagName.toLowerCase();
    const type = inputType(el);
    const control = ["input", "select", "textarea"].includes(tag);
    const clickable = tag === "a" || tag === "button" || ["button", "link", "menuitem", "tab"]
      .includes(el.getAttribute("role") || "");
    const form = el.form || el.closest("form");
    const isSubmit = !!(form && ((tag === "button" && (el.getAttribute("type") || "submit")
      .toLowerCase() === "submit") || (tag === "input" && ["submit", "image"].includes(type))));
    const href = tag === "a" ? (el.getAttribute("href") || "") : "";
    return {
      tag: tag,
      type: type,
      role: role(el),
      name: accessibleName(el),
      label: control
        ? (labelText(el) || labelledBy(el) || norm(el.getAttribute("aria-label")))
        : "",
      placeholder: norm(el.getAttribute("placeholder")),
      text: clickable && !control ? textOf(el) : "",
      title: norm(el.getAttribute("title")),
      alt: ["img", "area"].includes(tag) || type === "image" ? norm(el.getAttribute("alt")) : "",
      testid: el.getAttribute("data-testid") || "",
      css: cssParts(el),
      autocomplete: (el.getAttribute("autocomplete") || "").toLowerCase(),
      isSubmit: isSubmit,
      isLink: tag === "a" && !!href,
      inForm: !!form,
      href: href,
    };
  }

  function send(kind, el, extra) {
    const key = "k" + (++seq) + "-" + Math.random().toString(36).slice(2, 8);
    registry.set(key, el);
    const payload = Object.assign(describe(el), extra || {}, {
      kind: kind,
      key: key,
      seq: seq,
      doc: { title: document.title, path: location.pathname, url: location.href,
             h1: norm((document.querySelector("h1") || {}).innerText) },
    });
    chain = chain
      .then(() => window[BINDING](payload))
      .catch(() => null)
      .then(() => { setTimeout(() => registry.delete(key), 60000); });
    return chain;
  }

  function sendFill(el) {
    dirty.delete(el);
    const secret = inputType(el) === "password";
    return send("fill", el, { value: secret ? "" : el.value, secret: secret });
  }

  function flushAll() {
    Array.from(dirty).forEach((el) => {
      if (el.isConnected) { sendFill(el); } else { dirty.delete(el); }
    });
  }

  const CLICKABLE = "a[href], button, input[type=submit], input[type=button], input[type=reset], " +
    "input[type=image], [role=button], [role=link], [role=menuitem], [role=tab], summary";

  function clickTarget(event) {
    let t = event.target;
    if (t && t.nodeType !== 1) { t = t.parentElement; }
    if (!t || !t.closest) { return null; }
    if (t.closest("select, option, textarea")) { return null; }
    const input = t.closest("input");
    const buttonTypes = ["submit", "button", "reset", "image"];
    if (input && !buttonTypes.includes(inputType(input))) { return null; }
    const label = t.closest("label");
    if (label && label.control) { return null; }  // the control's own change is recorded
    return t.closest(CLICKABLE);
  }

  function leavesPage(el, event) {
    const info = describe(el);
    if (info.isSubmit) { return true; }
    if (!info.isLink || el.hasAttribute("download")) { return false; }
    const target = (el.getAttribute("target") || "").toLowerCase();
    if (target && target !== "_self") { return false; }
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) {
      return false;
    }
    const href = el.getAttribute("href") || "";
    if (href.startsWith("#") || href.toLowerCase().startsWith("javascript:")) { return false; }
    return true;
  }

  function resume(el) {
    if (!el.isConnected) { return; }
    resuming = true;
    try {
      if (el.form && el.form.requestSubmit && (el.tagName === "BUTTON" || el.tagName === "INPUT")) {
        el.form.requestSubmit(el);
      } else if (el.tagName === "A") {
        location.assign(el.href);
      } else {
        el.click();
      }
    } finally {
      resuming = false;
    }
  }

  // Clicks: described in the capture phase; the decision to hold the page's own action is
  // taken at the end of the bubble phase, once the page's handlers had their say.
  let pending = null;
  window.addEventListener("click", (event) => {
    if (!event.isTrusted || resuming) { return; }
    const el = clickTarget(event);
    if (!el) { return; }
    flushAll();
    pending = { event: event, el: el, sent: false };
    const mine = pending;
    setTimeout(() => {  // the bubble phase never came (stopPropagation): send anyway
      if (!mine.sent) { mine.sent = true; send("click", el, { held: false }); }
    }, 0);
  }, true);
  window.addEventListener("click", (event) => {
    if (!pending || pending.event !== event || pending.sent) { return; }
    const mine = pending;
    mine.sent = true;
    pending = null;
    if (!event.defaultPrevented && leavesPage(mine.el, event)) {
      event.preventDefault();
      send("click", mine.el, { held: true }).then(() => resume(mine.el));
    } else {
      send("click", mine.el, { held: false });
    }
  }, false);

  // A submit that no recorded click explains (Enter in a field without a submit button).
  window.addEventListener("submit", (event) => {
    if (resuming || event.defaultPrevented) { return; }
    const form = event.target;
    flushAll();
    const active = document.activeElement;
    if (!active || !form.contains(active) || active === form) { return; }
    if (!isTextField(active)) { return; }
    event.preventDefault();
    send("press", active, { key: "Enter", held: true }).then(() => {
      resuming = true;
      try { form.requestSubmit(); } finally { resuming = false; }
    });
  }, false);

  document.addEventListener("input", (event) => {
    const el = event.target;
    if (el && el.nodeType === 1 && isTextField(el)) { dirty.add(el); }
  }, true);

  document.addEventListener("change", (event) => {
    const el = event.target;
    if (!el || el.nodeType !== 1) { return; }
    if (isTextField(el)) {
      sendFill(el);
    } else if (el.tagName === "INPUT" && inputType(el) === "checkbox") {
      flushAll();
      send(el.checked ? "check" : "uncheck", el);
    } else if (el.tagName === "INPUT" && inputType(el) === "radio") {
      if (!el.checked) { return; }
      flushAll();
      send("choose", el, { option: labelText(el) || accessibleName(el) });
    } else if (el.tagName === "SELECT") {
      flushAll();
      const option = el.selectedOptions && el.selectedOptions[0];
      send("select", el, { option: option ? norm(option.textContent) : "" });
    }
  }, true);
})();
"""

# ============================================================================ pure parts

_SEPARATORS = re.compile(r"[\s.\-/]+")
_CODE_SHAPE = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]{12}$")
_SERIAL_SHAPE = re.compile(r"^\d{8,13}$")
_OTP_SHAPE = re.compile(r"^\d{6}$")
_DATE_SHAPE = re.compile(r"^\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}$")

#: The one-time code is asked during each run (a ``prompt`` step), never kept.
ONE_TIME_CODE = "code_usage_unique"
ONE_TIME_QUESTION = "Code à usage unique (6 chiffres, reçu par SMS ou e-mail)"


def compact(value: str) -> str:
    """``value`` without the separators people type between groups, upper case."""
    return _SEPARATORS.sub("", value or "").upper()


def _parses(name: str, value: str) -> bool:
    try:
        parse_detail(name, value)
    except DetailError:
        return False
    return True


def classify_value(
    value: str,
    *,
    input_type: str = "",
    autocomplete: str = "",
    known: Mapping[str, Detail] | None = None,
) -> str | None:
    """The placeholder a typed value becomes (``nir``, ``code_provisoire``,
    ``carte_vitale_serie``, ``date_naissance``, ``mot_de_passe``, a known detail's name,
    or ``code_usage_unique`` for a one-time code), or None for other text."""
    if input_type.lower() == "password":
        return "mot_de_passe"
    text = (value or "").strip()
    if "one-time-code" in autocomplete.lower():
        return ONE_TIME_CODE
    if not text:
        return None
    packed = compact(text)
    for name, detail in (known or {}).items():
        spec = INPUTS.get(name)
        if (spec is not None and spec.yes_no) or len(detail.value) < 2:
            continue
        if packed == compact(detail.value):
            return name
    if _OTP_SHAPE.match(packed):
        return ONE_TIME_CODE
    if len(packed) == 15 and _parses("nir", text):
        return "nir"
    if _CODE_SHAPE.match(packed):
        return "code_provisoire"
    if _DATE_SHAPE.match(text):
        return "date_naissance" if _parses("date_naissance", text) else None
    if _SERIAL_SHAPE.match(packed):
        return "carte_vitale_serie"
    return None


def looks_personal(text: str, known: Mapping[str, Detail] | None = None) -> bool:
    """Whether a piece of page text or address may carry a personal value."""
    if not text:
        return False
    secret = {k: d for k, d in (known or {}).items() if d.secret}
    if classify_value(text, known=secret) is not None:
        return True
    if "@" in text or re.search(r"\d{4,}", text):
        return True
    secrets = [d for d in (known or {}).values() if d.secret]
    return Scrubber(secrets)(text) != text


FILL_SAYS = {
    "nir": "Saisir le numéro de sécurité sociale",
    "code_provisoire": "Saisir le code provisoire",
    "carte_vitale_serie": "Saisir le numéro de série de la carte Vitale",
    "date_naissance": "Saisir la date de naissance",
    "mot_de_passe": "Saisir le mot de passe",
    "identifiant": "Saisir l'identifiant",
    ONE_TIME_CODE: "Saisir le code à usage unique",
}

_SAY_MAX = 70


def quoted(text: str) -> str:
    """« text », shortened to a readable length, without placeholder braces."""
    text = " ".join((text or "").replace("{", "(").replace("}", ")").split())
    if len(text) > _SAY_MAX:
        text = text[: _SAY_MAX - 1].rsplit(" ", 1)[0] + "…"
    return f"« {text} »"


def say_for(
    action: str,
    name: str | None = None,
    *,
    placeholder: str | None = None,
    option: str | None = None,
) -> str:
    """The French sentence of a recorded step, e.g. « Cliquer sur « Valider » »."""
    what = quoted(name) if name else "l'élément"
    if action == "goto":
        return f"Ouvrir la page {quoted(name)}" if name else "Ouvrir la page"
    if action == "expect":
        return f"Vérifier que la page {quoted(name)} est affichée" if name else "Vérifier la page"
    if action == "click":
        return f"Cliquer sur {what}"
    if action == "download":
        return f"Télécharger {what}" if name else "Télécharger le fichier"
    if action in ("fill", "prompt"):
        if placeholder in FILL_SAYS:
            return FILL_SAYS[placeholder]
        return f"Saisir {what}"
    if action == "check":
        return f"Cocher {what}"
    if action == "uncheck":
        return f"Décocher {what}"
    if action == "choose":
        if placeholder == "carte_vitale_type":
            return "Choisir le modèle de carte Vitale"
        return f"Choisir {quoted(option or name or '')}"
    if action == "select":
        chosen = quoted(option) if option else "une option"
        return f"Sélectionner {chosen}" + (f" dans {quoted(name)}" if name else "")
    if action == "press":
        return f"Valider avec la touche Entrée dans {what}"
    return f"{action} {what}"


def order_candidates(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Best first: role, label, placeholder, text, title, alt, testid, css (stable)."""
    return sorted(candidates, key=lambda c: CANDIDATE_KINDS.index(c.kind))


_GENERATED_PREFIX = re.compile(
    r"^(ember|yui|ext-gen|mui-|react-|radix-|headlessui-|ng-|j_id|gwt-|__)", re.IGNORECASE
)


def is_stable_id(value: str) -> bool:
    """An id worth writing down: not generated (no run of digits, no hash, no framework
    counter such as ``:r1:`` or ``ember123``)."""
    if not value or len(value) > 40 or not value[0].isalpha():
        return False
    if re.search(r"\d{2,}", value) or re.search(r"[:{}\s]", value):
        return False
    if _GENERATED_PREFIX.match(value):
        return False
    for part in re.split(r"[-_.]", value):
        digits = sum(ch.isdigit() for ch in part)
        if re.search(r"[A-Za-z]\d[A-Za-z]", part) or (digits >= 2 and len(part) >= 6):
            return False  # a hash-like part: a1b2c3, f7a9c2e
    return True


_CSS_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _id_selector(value: str) -> str:
    return f"#{value}" if _CSS_IDENT.match(value) else f"[id={_css_string(value)}]"


def css_candidates(parts: Mapping[str, Any]) -> list[str]:
    """Stable CSS selectors for an element described by the page: its id (if stable), its
    ``name`` attribute (with the value of a radio or checkbox), a short nth-of-type path."""
    tag = str(parts.get("tag") or "*")
    found: list[str] = []
    if is_stable_id(str(parts.get("id") or "")):
        found.append(_id_selector(str(parts["id"])))
    name = str(parts.get("name") or "")
    if name and len(name) <= 40:
        selector = f"{tag}[name={_css_string(name)}]"
        value = str(parts.get("value") or "")
        if value and len(value) <= 40:
            selector += f"[value={_css_string(value)}]"
        found.append(selector)
    segments: list[str] = []
    for level, node in enumerate(parts.get("path") or []):
        node_tag, node_id, nth = str(node.get("tag")), str(node.get("id") or ""), node.get("nth")
        if level > 0 and is_stable_id(node_id):
            segments.append(_id_selector(node_id))
            break
        if node_tag in ("body", "html"):
            segments.append(node_tag)
            break
        segments.append(f"{node_tag}:nth-of-type({int(nth or 1)})")
        if len(segments) >= 4:
            break
    if len(segments) > 1:
        found.append(" > ".join(reversed(segments)))
    return found


def safe_path(url: str, known: Mapping[str, Detail] | None = None) -> str:
    """The path of ``url`` with its query, minus the parameters whose value may be
    personal; no fragment."""
    parts = urlsplit(url)
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not looks_personal(v, known) and len(v) <= 40
    ]
    path = parts.path or "/"
    return path + (f"?{urlencode(kept)}" if kept else "")


#: Words after which the site writes a person's name (« Je certifie être le représentant
#: légal de Camille Martin. »): the name is cut off, the rest still matches (a part of it).
_BEFORE_A_NAME = re.compile(
    r"^(.*?\b(?:représentant légal de|représentante légale de|Bonjour|profil Mon espace "
    r"santé de))\s+\S.*$",
    re.IGNORECASE | re.DOTALL,
)


def _short_name(text: str) -> str:
    """A long accessible name cut to its first words (candidates match a part of it), and
    never with the person's name that some labels end with."""
    named = _BEFORE_A_NAME.match(text)
    if named:
        text = named.group(1)
    if len(text) <= 80:
        return text
    return text[:60].rsplit(" ", 1)[0]


def raw_candidates(
    info: Mapping[str, Any], known: Mapping[str, Detail] | None = None
) -> list[Candidate]:
    """The candidates the page described for an element, ordered best first, without any
    that would write personal text down."""
    found: list[Candidate] = []

    def add(**kwargs: Any) -> None:
        texts = [v for k, v in kwargs.items() if isinstance(v, str) and k not in ("role", "css")]
        if any(looks_personal(t, known) for t in texts):
            return
        with contextlib.suppress(ValueError):
            found.append(Candidate(**kwargs))

    def short(value: str) -> str:  # personal text drops the candidate, before any cut
        return value if looks_personal(value, known) else _short_name(value)

    role, name = str(info.get("role") or ""), str(info.get("name") or "")
    if role and name:
        add(role=role, name=short(name))
    for kind in ("label", "placeholder", "text", "title", "alt"):
        value = str(info.get(kind) or "")
        if value:
            add(**{kind: short(value)})
    if info.get("testid"):
        add(testid=str(info["testid"]))
    for selector in css_candidates(info.get("css") or {}):
        add(css=selector)
    return order_candidates(found)


def _variants(candidate: Candidate) -> list[Candidate]:
    """A candidate as recorded (part of the name, case ignored) and its exact form."""
    if candidate.kind in ("testid", "css") or (candidate.kind == "role" and not candidate.name):
        return [candidate]
    return [candidate, candidate.model_copy(update={"exact": True})]


# ============================================================================ recording


@dataclass
class CandidateCheck:
    """What one candidate gave at record time."""

    candidate: Candidate
    count: int
    same_element: bool
    base: int = 0  # index of the recorded candidate it is a variant of

    @property
    def ok(self) -> bool:
        return self.count == 1 and self.same_element


@dataclass
class RecordedAction:
    kind: str  # goto, expect, click, press, fill, check, uncheck, choose, select
    arrived: float
    info: dict[str, Any] = field(default_factory=dict)
    value: str | None = field(default=None, repr=False)  # typed text: memory only
    path: str = ""
    checks: list[CandidateCheck] = field(default_factory=list)
    choose_checks: list[CandidateCheck] = field(default_factory=list)
    navigated: bool = False
    downloaded: bool = False
    error: str | None = None

    @property
    def doc_path(self) -> str:
        return str((self.info.get("doc") or {}).get("path") or self.path)


@dataclass(frozen=True)
class FreeText:
    """Text typed that is not a known detail: keep it, or make it an input?"""

    number: int
    field: str
    value: str


@dataclass(frozen=True)
class SubmitStep:
    number: int
    say: str


class RecordQuestions(Protocol):
    """The questions asked at the end of a recording (terminal, or tests)."""

    def free_text(self, item: FreeText) -> str | None:
        """None keeps the text as a fixed value; a name makes it an input of the flow."""
        ...

    def irreversible(self, steps: Sequence[SubmitStep]) -> Collection[int]:
        """Numbers of the listed steps that cannot be undone."""
        ...


class RecordError(EnsAutoError):
    """The recording cannot make a flow."""


@dataclass
class RecordedFlow:
    flow: Flow
    text: str
    #: step number -> the checks of the candidates written for that step
    checks: dict[int, list[CandidateCheck]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def check_candidate(
    scope: Page | Frame, candidate: Candidate, element: ElementHandle, base: int = 0
) -> CandidateCheck:
    """Count ``candidate`` on the page and tell whether its one match is ``element``."""
    from playwright.sync_api import Error as PlaywrightError

    locator = build_locator(scope, candidate)  # type: ignore[arg-type]
    try:
        count = locator.count()
    except PlaywrightError:
        return CandidateCheck(candidate, 0, False, base)
    same = False
    if count == 1:
        try:
            same = bool(locator.evaluate("(el, t) => el === t", element, timeout=2000))
        except PlaywrightError:
            same = False
    return CandidateCheck(candidate, count, same, base)


class Recorder:
    """Records what the person does in the pages of ``context``.

    ``attach()`` installs the page script and the binding (also in pages already open),
    ``open(path)`` goes to a page of the site, ``stop()`` ends the recording and
    ``build(name, questions)`` makes the flow."""

    def __init__(
        self,
        context: BrowserContext,
        *,
        site: str,
        details: Mapping[str, Detail] | None = None,
    ) -> None:
        self.context = context
        self.site = check_site(site)
        self.known = dict(details or {})
        self.actions: list[RecordedAction] = []
        self.page: Page | None = None
        self.warnings: list[str] = []
        self._downloads: list[float] = []
        self._inflight = 0
        self._stopped = False
        self._absorb_nav = False
        self._nav_pending = False
        self._last_action_at = 0.0
        self._current_path = ""

    # ------------------------------------------------------------------ lifecycle
    def attach(self, page: Page | None = None) -> Page:
        self.context.expose_binding(BINDING, self._on_binding)
        self.context.add_init_script(PAGE_SCRIPT)
        self.context.on("page", self._watch_page)
        self.context.on("response", self._on_response)
        for existing in self.context.pages:
            self._watch_page(existing)
            with contextlib.suppress(Exception):
                existing.evaluate(PAGE_SCRIPT)
        self.page = page or (self.context.pages[0] if self.context.pages else None)
        if self.page is None:
            self.page = self.context.new_page()
        if self.page.url.startswith(("http://", "https://")):
            self._current_path = urlsplit(self.page.url).path
        return self.page

    def open(self, where: str = "/") -> None:
        """Go to ``where`` (a path of the site or an address on it) and record it."""
        assert self.page is not None, "attach() first"
        url = where if where.startswith(("http://", "https://")) else self.site + where
        if not self._on_site(url):
            raise RecordError(f"Adresse hors du site enregistré ({self.site}).")
        path = safe_path(url, self.known)
        self.actions.append(RecordedAction("goto", time.monotonic(), path=path))
        self._absorb_nav = True
        self.page.goto(url, wait_until="domcontentloaded")
        self._current_path = urlsplit(self.page.url).path

    def stop(self, timeout_s: float = 5.0) -> list[RecordedAction]:
        """End the recording: typing not yet sent is flushed, pending checks finish."""
        for page in list(self.context.pages):
            with contextlib.suppress(Exception):
                if not page.is_closed():
                    page.evaluate("() => window.__ensRecFlush ? window.__ensRecFlush() : true")
        deadline = time.monotonic() + timeout_s
        while self._inflight > 0 and time.monotonic() < deadline:
            live = [p for p in self.context.pages if not p.is_closed()]
            if not live:
                break
            with contextlib.suppress(Exception):
                live[0].wait_for_timeout(20)
        self._stopped = True
        with contextlib.suppress(Exception):
            self.context.remove_listener("page", self._watch_page)
            self.context.remove_listener("response", self._on_response)
        self._match_downloads()
        return self.actions

    # ------------------------------------------------------------------ events
    def _watch_page(self, page: Page) -> None:
        page.on("framenavigated", self._on_navigated)
        page.on("download", self._on_download)

    def _on_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.site

    def _on_download(self, download: Any) -> None:
        if not self._stopped:
            self._downloads.append(time.monotonic())

    def _on_response(self, response: Any) -> None:
        if self._stopped:
            return
        with contextlib.suppress(Exception):
            ctype = (response.headers.get("content-type") or "").lower()
            if "application/pdf" in ctype:
                self._downloads.append(time.monotonic())

    def _on_navigated(self, frame: Frame) -> None:
        if self._stopped or frame.parent_frame is not None:
            return
        url = frame.url
        if not url.startswith(("http://", "https://")):
            return
        now = time.monotonic()
        if not self._on_site(url):
            self.warnings.append(
                "Le navigateur est allé hors du site enregistré : ces pages ne sont pas dans "
                "le parcours."
            )
            return
        path = urlsplit(url).path or "/"
        if self._absorb_nav:
            self._absorb_nav = False
        elif self._nav_pending or now - self._last_action_at < 2.0:
            last = next((a for a in reversed(self.actions) if a.kind in ("click", "press")), None)
            if last is not None:
                last.navigated = True
            if path != self._current_path:
                self.actions.append(RecordedAction("expect", now, path=path))
        else:
            self.actions.append(RecordedAction("goto", now, path=safe_path(url, self.known)))
        self._nav_pending = False
        self._current_path = path

    def _on_binding(self, source: Mapping[str, Any], payload: dict[str, Any]) -> None:
        if self._stopped or not isinstance(payload, dict):
            return None
        value = payload.pop("value", None)
        action = RecordedAction(str(payload.get("kind")), time.monotonic(), payload, value)
        self.actions.append(action)
        self._last_action_at = action.arrived
        self._nav_pending = False
        self._inflight += 1
        try:
            frame = source["frame"]
            page = source["page"]
            if frame != page.main_frame:
                action.error = "cadre intérieur"
                return None
            handle = frame.evaluate_handle("k => window.__ensRecEl(k)", payload.get("key"))
            element = handle.as_element()
            if element is None:
                action.error = "élément disparu"
                return None
            self._verify(page, action, element)
        except Exception as exc:  # the page went away: the step is kept, unverified
            action.error = str(exc).splitlines()[0][:200] if str(exc) else "erreur"
        finally:
            self._inflight -= 1
            if payload.get("held"):
                self._nav_pending = True
        return None

    def _verify(self, page: Page, action: RecordedAction, element: ElementHandle) -> None:
        for base, candidate in enumerate(raw_candidates(action.info, self.known)):
            for variant in _variants(candidate):
                action.checks.append(check_candidate(page, variant, element, base))
        if action.kind == "choose":
            option = str(action.info.get("option") or "")
            if option:
                for candidate in (
                    Candidate(role="radio", name=option, exact=True),
                    Candidate(label=option, exact=True),
                ):
                    action.choose_checks.append(check_candidate(page, candidate, element))

    def _match_downloads(self) -> None:
        for at in self._downloads:
            clicks = [a for a in self.actions if a.kind == "click" and a.arrived <= at]
            if clicks and at - clicks[-1].arrived < 60:
                clicks[-1].downloaded = True

    # ------------------------------------------------------------------ the flow
    def build(
        self,
        name: str,
        questions: RecordQuestions,
        *,
        title: str | None = None,
        procedure: str | None = None,
        base_steps: Sequence[StepBase] = (),
        notes: str | None = None,
    ) -> RecordedFlow:
        """Turn the recording into a flow (after :meth:`stop`), asking ``questions``."""
        return _Builder(self, questions, list(base_steps)).build(
            name, title=title, procedure=procedure, notes=notes
        )


# ============================================================================ building


@dataclass
class _Draft:
    action: RecordedAction
    kind: str  # step action
    placeholder: str | None = None
    fixed_value: str | None = None
    submit: bool = False
    irreversible: bool = False


def _element_name(info: Mapping[str, Any]) -> str:
    for key in ("name", "label", "text", "placeholder", "title", "alt"):
        value = str(info.get(key) or "")
        if value:
            return value
    css = info.get("css") or {}
    return str(css.get("name") or info.get("tag") or "")


class _Builder:
    def __init__(
        self, recorder: Recorder, questions: RecordQuestions, base_steps: list[StepBase]
    ) -> None:
        self.rec = recorder
        self.questions = questions
        self.base = base_steps
        self.warnings: list[str] = list(recorder.warnings)

    def _drafts(self) -> list[_Draft]:
        drafts: list[_Draft] = []
        known = self.rec.known
        for action in self.rec.actions:
            info = action.info
            if action.kind in ("goto", "expect"):
                drafts.append(_Draft(action, action.kind))
            elif action.kind == "click":
                kind = "download" if action.downloaded else "click"
                submit = bool(info.get("isSubmit")) and not action.downloaded
                drafts.append(_Draft(action, kind, submit=submit))
            elif action.kind == "press":
                drafts.append(_Draft(action, "press", submit=True))
            elif action.kind == "fill":
                placeholder = classify_value(
                    action.value or "",
                    input_type=str(info.get("type") or ""),
                    autocomplete=str(info.get("autocomplete") or ""),
                    known=known,
                )
                if info.get("secret"):
                    placeholder = "mot_de_passe"
                if placeholder is None and not (action.value or "").strip():
                    continue  # a field left empty
                if (
                    drafts
                    and drafts[-1].kind in ("fill", "prompt")
                    and _same_field(drafts[-1].action, action)
                ):
                    drafts.pop()  # typed again in the same field: the last value counts
                kind = "prompt" if placeholder == ONE_TIME_CODE else "fill"
                drafts.append(_Draft(action, kind, placeholder=placeholder))
            elif action.kind in ("check", "uncheck"):
                drafts.append(_Draft(action, action.kind))
            elif action.kind == "choose":
                option = str(info.get("option") or "")
                placeholder = _choice_placeholder(option, known)
                usable = any(c.ok for c in action.choose_checks)
                drafts.append(
                    _Draft(action, "choose" if usable else "check", placeholder=placeholder)
                )
            elif action.kind == "select":
                option = str(info.get("option") or "")
                placeholder = classify_value(option, known=known)
                drafts.append(_Draft(action, "select", placeholder=placeholder))
        return _drop_repeats(drafts)

    def build(
        self, name: str, *, title: str | None, procedure: str | None, notes: str | None
    ) -> RecordedFlow:
        drafts = self._drafts()
        if not drafts:
            raise RecordError("Rien n'a été enregistré : aucune action dans le navigateur.")
        offset = len(self.base)
        # 1. text typed that is not a known detail: fixed, or an input?
        for number, draft in enumerate(drafts, offset + 1):
            if draft.kind == "fill" and draft.placeholder is None:
                label = _element_name(draft.action.info)
                answer = self.questions.free_text(
                    FreeText(number, label, (draft.action.value or "").strip())
                )
                if answer:
                    answer = answer.strip()
                    if not re.fullmatch(r"[a-z][a-z0-9_]*", answer):
                        raise RecordError(
                            f"Nom de donnée refusé : « {answer} » (lettres minuscules, "
                            "chiffres et _)."
                        )
                    draft.placeholder = answer
                else:
                    draft.fixed_value = (draft.action.value or "").strip()
        # 2. which submits cannot be undone?
        submits = [
            SubmitStep(number, self._say(draft))
            for number, draft in enumerate(drafts, offset + 1)
            if draft.submit
        ]
        chosen = set(self.questions.irreversible(submits)) if submits else set()
        for number, draft in enumerate(drafts, offset + 1):
            draft.irreversible = draft.submit and number in chosen
        # 3. the steps
        steps: list[StepBase] = list(self.base)
        checks: dict[int, list[CandidateCheck]] = {}
        last_irreversible: int | None = None
        for draft in drafts:
            step, used = self._step(draft)
            if draft.irreversible and not _recognised(steps):
                steps.append(self._recognise(draft))  # an irreversible act needs its page
            steps.append(step)
            if used:
                checks[len(steps)] = used
            if draft.irreversible:
                last_irreversible = len(steps)
        if last_irreversible is not None:
            at = last_irreversible
            while at < len(steps) and isinstance(steps[at], ExpectStep):
                at += 1
            steps.insert(
                at,
                ScreenshotStep(
                    say="Garder une capture de la page de confirmation",
                    screenshot=ScreenshotSpec(name="confirmation", proof=True),
                ),
            )
            checks = {(n + 1 if n > at else n): c for n, c in checks.items()}
        flow = self._flow(name, steps, title=title, procedure=procedure, notes=notes, checks=checks)
        text = dump_flow(flow)
        self._check_private(text)
        from ens_auto.flow.load import parse_flow

        parse_flow(text, source=f"{name}.yaml")  # what is written must load
        return RecordedFlow(flow, text, checks, self.warnings)

    # -------------------------------------------------------------- one step
    def _say(self, draft: _Draft) -> str:
        action, info = draft.action, draft.action.info
        if draft.kind in ("goto", "expect"):
            return say_for(draft.kind, self._page_title(action) or action.path)
        if draft.kind == "choose" or (draft.kind == "check" and action.kind == "choose"):
            option = str(info.get("option") or "")
            return say_for("choose", placeholder=draft.placeholder, option=option)
        if draft.kind == "select":
            option = None if draft.placeholder else str(info.get("option") or "")
            return say_for("select", _element_name(info), option=option)
        return say_for(draft.kind, _element_name(info), placeholder=draft.placeholder)

    def _recognise(self, draft: _Draft) -> ExpectStep:
        """A check of the page an irreversible step acts on: its address, and its main
        heading when it says nothing personal."""
        doc = draft.action.info.get("doc") or {}
        path = urlsplit(draft.action.doc_path).path or "/"
        heading = str(doc.get("h1") or "").strip()
        if heading and not looks_personal(heading, self.rec.known):
            cond = Condition(url=path, visible=[Candidate(role="heading", name=heading)])
            return ExpectStep(say=say_for("expect", heading), expect=cond)
        title = str(doc.get("title") or "")
        shown = title if title and not looks_personal(title, self.rec.known) else path
        return ExpectStep(say=say_for("expect", shown), expect=Condition(url=path))

    def _page_title(self, action: RecordedAction) -> str:
        """The title of the page an address led to (seen on the next event there)."""
        index = self.rec.actions.index(action)
        path = urlsplit(action.path).path
        for later in self.rec.actions[index + 1 :]:
            doc = later.info.get("doc") or {}
            if doc.get("path") == path and doc.get("title"):
                title = str(doc["title"])
                return "" if looks_personal(title, self.rec.known) else title
            if later.kind in ("goto", "expect"):
                break
        return ""

    def _target(self, draft: _Draft) -> tuple[list[Candidate], list[CandidateCheck]]:
        action = draft.action
        exact_only = draft.irreversible
        chosen: list[CandidateCheck] = []
        by_base: dict[int, list[CandidateCheck]] = {}
        for check in action.checks:
            by_base.setdefault(check.base, []).append(check)
        for variants in by_base.values():
            loose = [c for c in variants if c.candidate.exact is None and c.ok]
            strict = [c for c in variants if c.candidate.exact and c.ok]
            kind = variants[0].candidate.kind
            if kind in ("css", "testid"):
                chosen += loose[:1]
            elif exact_only or not loose:
                chosen += strict[:1]
            else:
                chosen += loose[:1]
        named = [c for c in chosen if c.candidate.kind != "css"][:3]
        css = [c for c in chosen if c.candidate.kind == "css"][:1]
        chosen = named + css
        if chosen:
            return [c.candidate for c in chosen], chosen
        raw = raw_candidates(action.info, self.rec.known)
        what = quoted(_element_name(action.info))
        self.warnings.append(
            f"Aucun repère sûr pour {what} "
            f"({action.error or 'aucun ne désignait cet élément seul'}) : "
            "vérifiez ce parcours avant de l'utiliser."
        )
        if not raw:
            raise RecordError(f"Impossible de retrouver l'élément {what} : aucun repère.")
        return raw[:3], []

    def _step(self, draft: _Draft) -> tuple[StepBase, list[CandidateCheck]]:
        action = draft.action
        say = self._say(draft)
        common: dict[str, Any] = {"say": say}
        if draft.irreversible:
            common["irreversible"] = True
        if draft.kind == "goto":
            return GotoStep(goto=action.path, **common), []
        if draft.kind == "expect":
            return ExpectStep(expect=Condition(url=urlsplit(action.path).path), **common), []
        value = f"{{{{ {draft.placeholder} }}}}" if draft.placeholder else draft.fixed_value
        if draft.kind == "choose":
            option = str(action.info.get("option") or "")
            used = [c for c in action.choose_checks if c.ok]
            spec = ChooseSpec(option=value if draft.placeholder else option)
            return ChooseStep(choose=spec, **common), used
        target, used = self._target(draft)
        if draft.kind == "click":
            return ClickStep(click=target, **common), used
        if draft.kind == "download":
            procedure_word = ["opposition"] if _mentions_opposition(self.rec.actions) else []
            spec = DownloadSpec(target=target, must_contain=procedure_word)
            return DownloadStep(download=spec, **common), used
        if draft.kind == "press":
            return PressStep(press=PressSpec(key="Enter", target=target), **common), used
        if draft.kind == "prompt":
            spec = PromptSpec(name=ONE_TIME_CODE, question=ONE_TIME_QUESTION, target=target)
            return PromptStep(prompt=spec, **common), used
        if draft.kind == "fill":
            return FillStep(fill=TargetValue(target=target, value=value or ""), **common), used
        if draft.kind == "select":
            option = value if draft.placeholder else str(action.info.get("option") or "")
            return SelectStep(select=TargetValue(target=target, value=option), **common), used
        if draft.kind == "check":
            return CheckStep(check=target, **common), used
        if draft.kind == "uncheck":
            return UncheckStep(uncheck=target, **common), used
        raise RecordError(f"Action inconnue : {draft.kind}")

    # -------------------------------------------------------------- the whole flow
    def _flow(
        self,
        name: str,
        steps: list[StepBase],
        *,
        title: str | None,
        procedure: str | None,
        notes: str | None,
        checks: Mapping[int, list[CandidateCheck]],
    ) -> Flow:
        names: set[str] = set()
        asked = {s.prompt.name for s in steps if isinstance(s, PromptStep)}
        for step in steps:
            names |= step.placeholders()
        names -= asked
        order = list(INPUTS)
        inputs = sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))
        if procedure is None:
            procedure = _guess_procedure(self.rec.actions)
        written = sum(len(c) for c in checks.values())
        note = (
            f"Enregistré avec « ens-auto record » sur {self.rec.site} : les {written} repères "
            "écrits désignaient chacun exactement un élément de la page à l'enregistrement."
        )
        return Flow(
            name=name,
            title=title or f"Parcours enregistré « {name} »",
            site=self.rec.site,
            inputs=inputs,
            procedure=procedure,  # type: ignore[arg-type]
            checked=f"{date.today().isoformat()}, enregistré sur {self.rec.site}",
            notes=(notes + "\n" + note) if notes else note,
            steps=steps,
        )

    def _check_private(self, text: str) -> None:
        """Last guard: no value turned into a placeholder may appear in the text."""
        packed = compact(text)
        for action in self.rec.actions:
            value = compact(action.value or "")
            if action.kind != "fill" or len(value) < 6:
                continue
            kind = classify_value(
                action.value or "",
                input_type=str(action.info.get("type") or ""),
                autocomplete=str(action.info.get("autocomplete") or ""),
                known=self.rec.known,
            )
            if kind is not None and value in packed:
                raise RecordError(
                    "Arrêt par sécurité : une donnée personnelle apparaîtrait dans le parcours."
                )


def _recognised(steps: Sequence[StepBase]) -> bool:
    """Whether the page now shown was checked by an ``expect`` since it last changed."""
    for step in reversed(steps):
        if isinstance(step, ExpectStep):
            return True
        if step.changes_page:
            return False
    return False


def _same_field(a: RecordedAction, b: RecordedAction) -> bool:
    return a.info.get("css") == b.info.get("css") and a.doc_path == b.doc_path


def _drop_repeats(drafts: list[_Draft]) -> list[_Draft]:
    """Two expects of the same page in a row, or a goto and its expect, say one thing."""
    kept: list[_Draft] = []
    for draft in drafts:
        if (
            kept
            and draft.kind == "expect"
            and kept[-1].kind in ("expect", "goto")
            and urlsplit(kept[-1].action.path).path == draft.action.path
        ):
            continue
        kept.append(draft)
    return kept


def _choice_placeholder(option: str, known: Mapping[str, Detail]) -> str | None:
    if option in CARD_TYPES.values():
        return "carte_vitale_type"
    for name, detail in known.items():
        spec = INPUTS.get(name)
        if spec is not None and not spec.yes_no and detail.value and detail.value == option:
            return name
    return None


def _texts(actions: Sequence[RecordedAction]) -> str:
    parts: list[str] = []
    for action in actions:
        doc = action.info.get("doc") or {}
        parts += [str(doc.get("title") or ""), str(action.info.get("name") or ""), action.path]
    return " ".join(parts).lower()


def _mentions_opposition(actions: Sequence[RecordedAction]) -> bool:
    return "opposition" in _texts(actions) or "oppose" in _texts(actions)


def _guess_procedure(actions: Sequence[RecordedAction]) -> str:
    text = _texts(actions)
    if "opposition" in text or "m'oppose" in text:
        return "opposition"
    if "clôtur" in text or "clotur" in text:
        return "cloture"
    return "autre"


# ============================================================================ YAML


class _Inline(dict):  # type: ignore[type-arg]
    """A mapping written on one line: ``{role: button, name: Valider}``."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _represent_inline(dumper: yaml.SafeDumper, data: _Inline) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


_Dumper.add_representer(_Inline, _represent_inline)

_CANDIDATE_KEYS = {*CANDIDATE_KINDS, "name", "exact"}


def _inline_candidates(data: Any) -> Any:
    if isinstance(data, dict):
        if data and set(data) <= _CANDIDATE_KEYS and any(k in data for k in CANDIDATE_KINDS):
            return _Inline(data)
        return {k: _inline_candidates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_inline_candidates(v) for v in data]
    return data


def dump_flow(flow: Flow) -> str:
    """The flow as readable YAML (header, then one block per step, candidates inline)."""
    header: dict[str, Any] = {
        "name": flow.name,
        "title": flow.title,
        "procedure": flow.procedure,
        "site": flow.site,
        "inputs": flow.inputs,
        "checked": flow.checked,
    }
    if flow.notes:
        header["notes"] = flow.notes
    steps = [
        _inline_candidates(step.model_dump(mode="json", exclude_defaults=True, exclude_none=True))
        for step in flow.steps
    ]
    head = yaml.dump(
        header, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    ).replace("inputs:\n", "inputs:\n", 1)
    body = yaml.dump(
        {"steps": steps}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    body = re.sub(r"\n(  - say:)", r"\n\n\1", body)
    return f"# {flow.title}\n# Parcours enregistré par ens-auto record.\n{head}{body}"


def placeholders_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))
