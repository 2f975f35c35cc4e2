"""Handing in a news article through the API: its text or its URL, stored as a source
with what it reports filed as proposals for the review queue (kembar.ingest.articles).
Editors, reviewers and admins may; the same article twice changes nothing."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kembar.ingest.articles import ArticleIn, submit
from kembar.schemas import IngestOutcome
from kembar.web.api_common import capped_route, errors, respond
from kembar.web.deps import SessionDep, SignedInDep

# An article may be 5 MB (extract.reader.MAX_BYTES); JSON escapes add to that.
ARTICLE_LIMIT = 6 * 1024 * 1024

router = APIRouter(prefix="/api/v1", tags=["review"], route_class=capped_route(ARTICLE_LIMIT, "body"))


@router.post(
    "/articles",
    response_model=IngestOutcome,
    status_code=201,
    responses={
        **errors(401, 403, 413, 422),
        200: {"model": IngestOutcome, "description": "Handed in before"},
    },
)
def hand_in(request: Request, session: SessionDep, actor: SignedInDep, body: ArticleIn) -> Response:
    """Read an article (`text`, or `url` to fetch it from, or both: the `url` of a `text` is
    kept as its address, not fetched; `published` for dates written without a year) and file
    what it reports for review: 201 with the source and the proposals filed, or 200 when the
    same article was handed in before."""
    outcome = submit(session, request.app.state.settings, actor, body)
    return respond(outcome, 201 if outcome.new else 200)
