"""An article handed in through the web or the API (its text, an uploaded file or a URL),
stored as a source with its facts filed as proposals for the review queue, as `kembar
ingest` does for files. Editors, reviewers and admins may hand one in; reviewers decide
what it reports."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pydantic import Field

from kembar.errors import InvalidInput
from kembar.i18n_articles import HANDED_IN
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
    """Store the article (its text, its URL or `upload`: one of them) and file its
    proposals in the caller's transaction; an article stored before changes nothing. A URL
    given with a text or a file is the address the article came from: kept as its source,
    not fetched (an officer pastes the text of a page Kembar could not fetch, or would fetch
    again)."""
    who = require_contribute(actor)
    if article.text and upload is not None:
        raise InvalidInput("give the article's text or a file, not both", "err.article_text_or_file")
    if not (article.text or article.url or upload):
        raise InvalidInput("give one of the article's text, its URL or a file", "err.article_one")
    url = article.url
    if upload is not None:
        raw, what = upload.data, upload.filename
    elif article.text:
        raw, what = article.text.encode("utf-8"), url or HANDED_IN
    else:
        assert url is not None
        raw, what = fetch_url(url, settings.fetch_timeout, settings.fetch_allow_loopback), url
    return outcome_of(queue.ingest(session, raw, what, url, article.published, who), what)
