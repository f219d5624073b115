"""The justificatif d'opposition (PDF, fpdf2 core fonts: latin-1 text only)."""

from __future__ import annotations

from fpdf import FPDF

from ens_auto.replica.identities import Person
from ens_auto.replica.state import Record

TITLE = "Justificatif d'opposition à la création de Mon espace santé"


def _latin1(text: str) -> str:
    """Core fonts are latin-1: replace what is outside (never fail on a name)."""
    replacements = {"’": "'", "«": '"', "»": '"', "•": "*", "–": "-", "—": "-", "\u202f": " "}
    for bad, good in replacements.items():
        text = text.replace(bad, good)
    return text.encode("latin-1", "replace").decode("latin-1")


def justificatif_opposition(person: Person, record: Record) -> bytes:
    """The proof of an opposition: reference, date, masked NIR; never the NIR in clear."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(TITLE))
    pdf.set_author("Mon espace santé (réplique locale de test)")
    pdf.set_creator("ens-auto replica")
    pdf.add_page()
    pdf.set_margins(20, 20, 20)
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: int = 11, style: str = "", gap: float = 2) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, size * 0.55, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line("L'Assurance Maladie - Mon espace santé", 10, "B", 6)
    line(TITLE, 16, "B", 6)
    line(
        "Procédure : opposition à la création du profil Mon espace santé "
        "(code de la santé publique, articles R. 1111-26 et suivants)."
    )
    line(f"Date et heure de l'enregistrement : {record.at:%d/%m/%Y à %H:%M}")
    line(f"Numéro de référence : {record.reference}")
    line(f"Bénéficiaire : {person.prenom[:1]}. {person.nom[:1]}.")
    line(f"Numéro de sécurité sociale : {person.nir_masque}")
    if record.via_representant:
        line("Démarche effectuée par le représentant légal du bénéficiaire.")
    line(
        "Votre opposition à la création de Mon espace santé a bien été enregistrée. "
        "Aucun profil Mon espace santé ne sera créé. Vous pourrez changer d'avis à tout "
        "moment en activant votre profil sur monespacesante.fr ou en appelant le 3422.",
        gap=8,
    )
    line(
        "Document produit par la réplique locale de test de ens-auto : "
        "il n'a aucune valeur administrative.",
        8,
        "I",
    )
    return bytes(pdf.output())


def corrupt_pdf() -> bytes:
    """Bytes served by the ``pdf="corrupt"`` fault: not a PDF at all."""
    return b"<html><body>Erreur interne du service de justificatifs</body></html>\n" * 4
