"""Exit codes and the error types that carry a French message for the person."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1  # the site or the flow failed
EXIT_USAGE = 2  # bad input or usage
EXIT_ALREADY_DONE = 3  # the site says it was done before (already opposed, already closed)
EXIT_NOT_POSSIBLE = 4  # not possible this way (profile activated: close it instead...)
EXIT_REFUSED = 5  # the site refused the details (unknown code, identity mismatch)
EXIT_UNAVAILABLE = 6  # maintenance or a server error: try later, or the 3422
EXIT_SESSION_EXPIRED = 7  # the site closed the session: start again
EXIT_CANCELLED = 130

PHONE_ROUTE = (
    "Vous pouvez aussi faire la démarche par téléphone au 3422 "
    "(service gratuit + prix d'un appel, du lundi au vendredi de 8 h 30 à 17 h 30) : "
    "munissez-vous de votre code provisoire, de votre numéro de sécurité sociale "
    "et du numéro de série de votre carte Vitale, et demandez le justificatif."
)


class EnsAutoError(Exception):
    """An error whose message is French, safe to print (no personal data) and final."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(EnsAutoError):
    """The person's input or the command line is wrong: exit 2, before any browser."""

    exit_code = EXIT_USAGE


class Cancelled(EnsAutoError):
    """The person stopped the run (refusal at a confirmation, Ctrl-C)."""

    exit_code = EXIT_CANCELLED
