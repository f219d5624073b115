"""Getting the file a download control gives, however the site delivers it:
- a download (attachment, a link with ``download``, a blob or data URL clicked by script);
- a PDF shown in a new tab from the site (inline): its response is kept;
- a PDF opened in a new tab from a ``blob:`` or ``data:`` address made by script: its
  bytes are read in that tab.
The site saying it failed (a new error message) ends the wait at once."""

from __future__ import annotations

import base64
import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes, urlsplit

from ens_auto.flow.js import script
from ens_auto.flow.model import DownloadStep
from ens_auto.flow.results import ProofSink, RunOptions, RunResult, StepFailed

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from ens_auto.flow.locate import Resolution
    from ens_auto.flow.watch import PageWatch

#: Without a download event, a PDF seen in a response is taken after this long.
INLINE_GRACE_S = 0.8
#: A page of the site answering with an error (4xx, 5xx) in place of the file: the run
#: says so after this long, if no file came meanwhile (not after the step's whole time).
ERROR_PAGE_GRACE_S = 0.5
#: Right after the click, the download is waited for as an event (it most often comes
#: within this time; the other ways of delivering the file are then looked for in turn).
FIRST_WAIT_MS = 300


class DownloadMixin:
    """The ``download`` step of :class:`~ens_auto.flow.run.FlowRunner`."""

    options: RunOptions
    result: RunResult
    sink: ProofSink | None
    page: Page | None
    context: BrowserContext | None
    watch: PageWatch

    def _download(self, step: DownloadStep, res: Resolution, timeout: float) -> str:
        assert self.page is not None and self.context is not None
        page, context = self.page, self.context
        downloads: list[Any] = []
        pdf_responses: list[Any] = []
        popups: list[Any] = []
        error_pages: list[Any] = []
        arrived: dict[str, float] = {}  # when the first PDF response, error page came

        def on_response(response: Any) -> None:
            ctype = (response.headers.get("content-type") or "").lower()
            if "application/pdf" in ctype:
                pdf_responses.append(response)
                arrived.setdefault("pdf", time.monotonic())
            elif response.status >= 400 and _is_page(response):
                error_pages.append(response)  # e.g. « Justificatif indisponible » in a tab
                arrived.setdefault("error", time.monotonic())

        def on_download(download: Any) -> None:
            downloads.append(download)

        def on_page(new_page: Any) -> None:
            popups.append(new_page)
            new_page.on("download", on_download)

        page.on("download", on_download)
        context.on("response", on_response)  # a popup's PDF arrives before its "page" event
        context.on("page", on_page)  # the errors already there: read with the element
        try:
            res.act(lambda el: el.click(timeout=timeout))
            data, name = self._await_file(
                downloads, pdf_responses, popups, timeout, error_pages=error_pages, arrived=arrived
            )
        finally:
            page.remove_listener("download", on_download)
            context.remove_listener("response", on_response)
            context.remove_listener("page", on_page)
        for extra in context.pages:
            if extra is not page:
                with contextlib.suppress(Exception):
                    extra.close()
        if self.sink is not None:
            path = self.sink.downloaded(step, data, name)
        else:
            path = self.options.run_dir / "telechargement.bin"
            path.write_bytes(data)
        self.result.files.append(path)
        return res.candidate.describe()

    def _await_file(
        self,
        downloads: list[Any],
        pdf_responses: list[Any],
        popups: list[Any],
        timeout: float,
        *,
        error_pages: list[Any],
        arrived: dict[str, float],
    ) -> tuple[bytes, str]:
        from playwright.sync_api import Error as PlaywrightError

        assert self.page is not None
        deadline = time.monotonic() + timeout / 1000
        next_check = time.monotonic() + 0.5
        if not (downloads or pdf_responses or popups or error_pages):
            # Most often a download: taken the moment it comes, rather than at the next turn.
            with contextlib.suppress(PlaywrightError):  # not a download: looked for below
                self.page.wait_for_event("download", timeout=min(FIRST_WAIT_MS, timeout))
        while time.monotonic() < deadline:
            if downloads:
                dl = downloads[0]
                failure = dl.failure()
                if failure:
                    raise StepFailed(f"Le téléchargement a échoué ({failure}).")
                return Path(dl.path()).read_bytes(), dl.suggested_filename or "justificatif.pdf"
            now = time.monotonic()
            if pdf_responses and now - arrived["pdf"] > INLINE_GRACE_S:  # no download: inline
                return self._pdf_from_response(pdf_responses[0], popups)
            for popup in popups:
                got = _from_script_address(popup)
                if got is not None:
                    return got
            if error_pages and not pdf_responses and now - arrived["error"] > ERROR_PAGE_GRACE_S:
                raise StepFailed(_error_page_says(error_pages[0], [*popups, self.page]))
            if time.monotonic() >= next_check:  # the site said it failed: no wait
                next_check = time.monotonic() + 0.5
                self.watch.check(target_shown=True)  # an outcome page, the guard, a 5xx
                refused = self.watch.refused(self.page)
                if refused:
                    raise StepFailed(f"Le site n'a pas pu fournir le fichier : « {refused} ».")
            self.page.wait_for_timeout(15)  # lets Playwright deliver the events
        raise StepFailed("Aucun fichier n'a été reçu après le clic (le site n'a rien envoyé).")

    def _pdf_from_response(self, response: Any, popups: list[Any]) -> tuple[bytes, str]:
        """A PDF the site showed (in a tab) rather than sent as a file: its bytes as
        received, else fetched again by the tab that shows it (or by the run's page),
        through the browser, as the person's browser would."""
        assert self.page is not None
        name = Path(urlsplit(response.url).path).name or "justificatif.pdf"
        with contextlib.suppress(Exception):
            body = response.body()
            if body.lstrip()[:4] == b"%PDF":  # Chromium's PDF viewer may give its own page
                return body, name
        showing = next((p for p in popups if p.url == response.url), None)
        try:
            if showing is not None:
                got = showing.evaluate(script("fetch_blob"))
            else:
                got = self.page.evaluate(script("fetch_blob"), response.url)
        except Exception as exc:
            raise StepFailed(
                "Le justificatif affiché par le site n'a pas pu être enregistré."
            ) from exc
        return base64.b64decode(got["data"]), name


def _is_page(response: Any) -> bool:
    """A page's own document (of the run's tab or of a tab it opened), not a frame's or a
    resource's."""
    try:
        if not response.request.is_navigation_request():
            return False
    except Exception:
        return False
    try:
        return bool(response.frame.parent_frame is None)
    except Exception:  # a tab being opened: Playwright does not know its frame yet
        return True


def _error_page_says(response: Any, pages: list[Any]) -> str:
    """What the site answered instead of the file: its error code and the page's heading."""
    heading = ""
    for page in pages:
        with contextlib.suppress(Exception):
            if page.url == response.url:
                text = page.locator("h1").first.inner_text(timeout=500)
                heading = " ".join(text.split())[:120]
                break
    said = f" : la page affiche « {heading} »" if heading else ""
    return f"Le site n'a pas pu fournir le fichier{said} (erreur {response.status})."


def _from_script_address(popup: Any) -> tuple[bytes, str] | None:
    """The file a tab shows from a ``blob:`` or ``data:`` address, if it does."""
    try:
        url = popup.url
    except Exception:
        return None
    if url.startswith("data:"):
        header, _, payload = url.partition(",")
        data = base64.b64decode(payload) if ";base64" in header else unquote_to_bytes(payload)
        return data, "justificatif.pdf"
    if url.startswith("blob:"):
        try:
            got = popup.evaluate(script("fetch_blob"))
        except Exception:
            return None  # still loading: asked again on the next turn
        return base64.b64decode(got["data"]), "justificatif.pdf"
    return None
