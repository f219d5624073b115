"""How a flow names what is on a page: candidates (ways to find one element), targets
(several candidates raced together) and conditions (what must hold on the page)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ens_auto.flow.texts import Texts

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
ANY_BRACES = re.compile(r"\{\{|\}\}")

#: Candidate kinds, in the order a recorder should prefer them (Playwright's own priority).
CANDIDATE_KINDS = (
    "role",
    "clickable",
    "label",
    "placeholder",
    "text",
    "title",
    "alt",
    "testid",
    "css",
)
#: Kinds whose value is a text matched by meaning (several alternatives, accents free).
TEXT_KINDS = ("name", "clickable", "label", "placeholder", "text", "title", "alt")

#: What a ``clickable`` candidate may be: anything a person clicks, named by its text.
CLICKABLE_ROLES = ("button", "link", "menuitem", "tab")

_ALTERNATIVE = {"type": "string", "description": "texte, ou /expression régulière/"}
TEXTS_SCHEMA: dict[str, Any] = {
    "description": (
        "Texte cherché par le sens : une chaîne, une liste de variantes, ou "
        "{known: [...], guess: [...]} (known : textes connus par SITE.md ; guess : "
        "suppositions). Sans accents ni casse ; « /.../ » : expression régulière."
    ),
    "anyOf": [
        _ALTERNATIVE,
        {"type": "array", "items": _ALTERNATIVE, "minItems": 1},
        {
            "type": "object",
            "properties": {
                "known": {"type": "array", "items": _ALTERNATIVE},
                "guess": {"type": "array", "items": _ALTERNATIVE},
            },
            "additionalProperties": False,
        },
    ],
}


def _parse_texts(value: Any) -> Texts:
    return Texts.parse(value)


TextsField = Annotated[
    Texts,
    PlainValidator(_parse_texts),
    PlainSerializer(lambda t: t.dump()),
    WithJsonSchema(TEXTS_SCHEMA),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


def check_no_value(texts: Texts | None, key: str) -> None:
    """Candidates and conditions never hold a person's value (« {{ nir }} »)."""
    if texts is None:
        return
    for item in texts.alternatives:
        if ANY_BRACES.search(item):
            raise ValueError(f"« {key} » ne contient pas de {{{{ valeur }}}}")


class Candidate(Strict):
    """One way to find an element. Exactly one kind: role (+ name), clickable, label,
    placeholder, text, title, alt, testid or css. Texts (name, clickable, label...) are
    matched by meaning (case and accents free, several alternatives); ``exact: true`` asks
    for the whole text. ``clickable`` finds a button, link, menu item or tab by its
    accessible name."""

    role: str | None = None
    name: TextsField | None = None
    clickable: TextsField | None = None
    label: TextsField | None = None
    placeholder: TextsField | None = None
    text: TextsField | None = None
    title: TextsField | None = None
    alt: TextsField | None = None
    testid: str | None = None
    css: str | None = None
    exact: bool | None = None
    has_text: TextsField | None = Field(
        default=None,
        description="Garder seulement les éléments dont le texte contient l'une des variantes.",
    )
    #: Set by the steps that type (fill, prompt): only a field counts. A label may also
    #: name what wraps the field (a fieldset, a <label> around a <select>...).
    _typable: bool = PrivateAttr(default=False)

    def typable(self) -> None:
        """Restrict this candidate to what can be typed into."""
        self._typable = True

    @model_validator(mode="after")
    def _one_kind(self) -> Candidate:
        kinds = [k for k in CANDIDATE_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(
                "un candidat a exactement une clé parmi "
                + ", ".join(CANDIDATE_KINDS)
                + (f" (trouvé : {', '.join(kinds)})" if kinds else "")
            )
        if self.name is not None and self.role is None:
            raise ValueError("« name » ne s'emploie qu'avec « role »")
        for key in (*TEXT_KINDS, "has_text"):
            check_no_value(getattr(self, key), key)
        for key in ("role", "testid", "css"):
            value = getattr(self, key)
            if value is not None and ANY_BRACES.search(value):
                raise ValueError("un candidat ne contient pas de {{ valeur }}")
            if value is not None and not value.strip():
                raise ValueError(f"« {key} » est vide")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in CANDIDATE_KINDS if getattr(self, k) is not None)

    def describe(self) -> str:
        """Short human form, e.g. ``role=button « Confirmer »``."""
        kind = self.kind
        value = getattr(self, kind)
        if kind == "role":
            text = f"role={self.role}" + (f" {self.name.describe()}" if self.name else "")
        elif isinstance(value, Texts):
            text = f"{kind} {value.describe()}"
        else:
            text = f"{kind} « {value} »"
        if self.has_text is not None:
            text += f" contenant {self.has_text.describe()}"
        return text


def as_list(value: Any) -> Any:
    if isinstance(value, dict):
        return [value]
    return value


Target = Annotated[list[Candidate], Field(min_length=1)]


class Condition(Strict):
    """What must hold on the page. Every key given must hold. ``text`` and
    ``text_absent`` are texts matched by meaning (see :class:`Candidate`)."""

    text: TextsField | None = None
    text_absent: TextsField | None = None
    url: str | None = Field(default=None, description="Sous-chaîne attendue dans l'adresse.")
    visible: Target | None = None
    hidden: Target | None = None
    checked: Target | None = None

    @field_validator("visible", "hidden", "checked", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return as_list(v)

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if all(
            getattr(self, k) is None
            for k in ("text", "text_absent", "url", "visible", "hidden", "checked")
        ):
            raise ValueError(
                "une condition a au moins une clé : text, text_absent, url, visible, hidden, "
                "checked"
            )
        check_no_value(self.text, "text")
        check_no_value(self.text_absent, "text_absent")
        if self.url is not None and ANY_BRACES.search(self.url):
            raise ValueError("une condition ne contient pas de {{ valeur }}")
        return self

    def anchors(self) -> list[list[Candidate]]:
        """What shows on the page when this condition holds (to wait for it)."""
        anchors = [t for t in (self.visible, self.checked) if t]
        if self.text is not None:
            anchors.append([Candidate(text=self.text)])
        return anchors

    def targets(self) -> list[list[Candidate]]:
        return [t for t in (self.visible, self.hidden, self.checked) if t]
