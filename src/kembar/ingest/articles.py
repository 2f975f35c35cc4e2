"""An article handed in through the web or the API (its text, an uploaded file or a URL),
stored as a source with its facts filed as proposals for the review queue, as `kembar
ingest` does for files. Editors, reviewers and admins may hand one in; reviewers decide
what it reports."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pydantic import Field

from kembar.errors import InvalidInput
from kembar.ingest import queue
from kembar.ingest.fetch import fetch_url
from kembar.ingest.inputs import outcome_of
from kembar.permissions import require_contribute
from kembar.registry.documents import Upload
from kembar.registry.schemas import Strict
from kembar.schemas import IngestOutcome

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kembar.config import Settings
    from kembar.permissions import Actor

# A pasted text is bounded as a file is (extract.reader.MAX_BYTES: 5 MB).
MAX_TEXT_CHARS = 5 * 1024 * 1024


class ArticleIn(Strict):
    """One article by its text or by the address to fetch it from, and when it was
    published (for dates written without a year)."""

    text: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    url: str | None = Field(default=None, max_length=2000)
    published: date | None = None


def submit(
    session: Session,
    settings: Settings,
    actor: Actor | None,
    article: ArticleIn,
    upload: Upload | None = None,
) -> IngestOutcome:
    """Store the article (its text, its URL or `upload`: exactly one) and file its
    proposals in the caller's transaction; an article stored before changes nothing."""
    who = require_contribute(actor)
    given = [x for x in (article.text, article.url, upload) if x]
    if len(given) != 1:
        raise InvalidInput("give one of the article's text, its URL or a file", "err.article_one")
    if upload is not None:
        raw, what, url = upload.data, upload.filename, None
    elif article.url:
        url = article.url
        raw, what = fetch_url(url, settings.fetch_timeout, settings.fetch_allow_loopback), url
    else:
        raw, what, url = (article.text or "").encode("utf-8"), "text handed in on the web", None
    return outcome_of(queue.ingest(session, raw, what, url, article.published, who), what)
