"""The page where an editor, reviewer or admin hands in a news article (its address, a
file or its text): Kembar reads it and files what it reports for the review queue, and
the page says what was filed (kembar.ingest.articles)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from kembar.db.models import Proposal
from kembar.extract.reader import MAX_BYTES
from kembar.i18n import Translator
from kembar.ingest.articles import ArticleIn, submit
from kembar.ingest.queue import MAX_PROPOSALS
from kembar.permissions import EDIT_ANYTHING, require_contribute
from kembar.registry.documents import Upload
from kembar.schemas import IngestOutcome
from kembar.web.deps import SessionDep, SignedInDep
from kembar.web.forms import FormDep, FormErrors, FormState, build, upload_of, values_of
from kembar.web.forms import submit as guarded
from kembar.web.pages_review import summary
from kembar.web.render import render, translator

router = APIRouter(include_in_schema=False)
FIELDS = ("url", "file", "text", "published")


@router.get("/articles/new", response_class=HTMLResponse)
def article_form(request: Request, actor: SignedInDep) -> Response:
    require_contribute(actor)
    return render(request, "article.html", {"f": FormState()})


@router.post("/articles/new", response_class=HTMLResponse)
def hand_in(request: Request, session: SessionDep, actor: SignedInDep, form: FormDep) -> Response:
    """Store the article and show what it filed; a refusal draws the form again with what
    was typed and what is wrong. The same article handed in twice changes nothing, so the
    answer is a page, not a redirect."""
    require_contribute(actor)
    t = translator(request)
    state = FormState(values_of(form))
    outcome: IngestOutcome | None = None
    with guarded(session, state, t, known=FIELDS) as done:
        article, upload = _read(form, state, t)
        outcome = submit(session, request.app.state.settings, actor, article, upload)
    if done.status or outcome is None:
        return render(request, "article.html", {"f": state}, done.status or 422)
    context = {"f": FormState(), "outcome": outcome, "max_proposals": MAX_PROPOSALS}
    context["can_review"] = actor.role in EDIT_ANYTHING
    return render(request, "article.html", context | _filed(session, t, outcome))


def _read(form: FormData, state: FormState, t: Translator) -> tuple[ArticleIn, Upload | None]:
    """The article of the form: an uploaded file, or the address or the text typed."""
    typed = {k: v for k in ("url", "text", "published") if (v := state.values.get(k))}
    article = build(ArticleIn, typed, t)
    file = upload_of(form, "file")
    if file is None:
        return article, None
    data = file.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FormErrors({"file": t("doc.too_big", mb=MAX_BYTES // (1024 * 1024))})
    return article, Upload(file.filename or "upload", data)


def _filed(session: Session, t: Translator, outcome: IngestOutcome) -> dict[str, Any]:
    """The proposals the article filed, in the reader's words."""
    rows = session.scalars(select(Proposal).where(Proposal.id.in_(outcome.proposals)).order_by(Proposal.id))
    return {"filed": [(p.id, t(f"review.k.{p.kind}"), summary(p, t)) for p in rows]}
