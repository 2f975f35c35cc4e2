"""Handing in a news article through the library, the web page and the API: stored once
with its proposals for review, refused to viewers, refused clearly when there is nothing
(or too much) to read."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from helpers import EDITOR, VIEWER, sign_in_as
from kembar import tokens, users
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Proposal, Source
from kembar.errors import InvalidInput, PermissionDenied
from kembar.ingest.articles import ArticleIn, submit
from kembar.permissions import actor_for, system_actor
from kembar.registry.documents import Upload

ARTICLE = (
    "Bandung - Pemerintah Kota Bandung dan Pemerintah Kota Suwon, Korea Selatan, menandatangani "
    "nota kesepahaman (MoU) kerja sama sister city di bidang pendidikan dan kebudayaan pada "
    "Senin (11/8/2025) di Balai Kota Bandung."
)


def _counts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return s.scalar(select(func.count(Source.id))) or 0, s.scalar(select(func.count(Proposal.id))) or 0


def test_an_editor_hands_in_an_article_once(db: Database, settings: Settings, world: dict[str, int]) -> None:
    before = _counts(db)
    with db.write() as s:
        editor = actor_for(users.get_user(s, EDITOR), "web")
        first = submit(s, settings, editor, ArticleIn(text=ARTICLE))
    assert first.status == "stored" and first.new and first.proposals
    with db.session() as s:
        kinds = {p.kind for p in s.scalars(select(Proposal).where(Proposal.id.in_(first.proposals)))}
    assert "partnership" in kinds
    with db.write() as s:
        again = submit(s, settings, actor_for(users.get_user(s, EDITOR), "web"), ArticleIn(text=ARTICLE))
    assert again.status == "known" and again.source_id == first.source_id and not again.proposals
    assert _counts(db) == (before[0] + 1, before[1] + len(first.proposals))


@pytest.mark.parametrize(
    ("article", "upload", "message"),
    [(ArticleIn(), None, "give one of the article's text, its URL or a file"),
     (ArticleIn(text=ARTICLE), Upload("a.txt", ARTICLE.encode()), "text or a file, not both")],
)  # fmt: skip
def test_one_article_at_a_time(
    db: Database,
    settings: Settings,
    world: dict[str, int],
    article: ArticleIn,
    upload: Upload | None,
    message: str,
) -> None:
    before = _counts(db)
    with db.write() as s, pytest.raises(InvalidInput, match=message):
        submit(s, settings, system_actor("web"), article, upload)
    assert _counts(db) == before


def test_a_text_keeps_the_address_it_came_from(
    db: Database, settings: Settings, world: dict[str, int]
) -> None:
    """An officer pasted the text and its address and was told to "give one of" them: the
    address is now the source's, and is not fetched (example.org would not answer)."""
    url = "https://example.org/berita/bandung-suwon"
    with db.write() as s:
        outcome = submit(s, settings, system_actor("web"), ArticleIn(text=ARTICLE, url=url))
    assert outcome.new and outcome.proposals
    with db.session() as s:
        source = s.get(Source, outcome.source_id)
        assert source is not None and (source.url, source.attribution) == (url, url)


def test_a_viewer_may_not_hand_in_an_article(db: Database, settings: Settings, world: dict[str, int]) -> None:
    before = _counts(db)
    with db.write() as s, pytest.raises(PermissionDenied, match="viewer and may not hand in articles"):
        submit(s, settings, actor_for(users.get_user(s, VIEWER), "web"), ArticleIn(text=ARTICLE))
    assert _counts(db) == before


def test_the_page_files_the_article_and_says_what_it_filed(web: Any, db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    form = web.get("/articles/new?lang=id")
    assert form.status_code == 200 and "Kirim artikel berita" in form.text and 'id="nav-article"' in form.text
    done = web.post("/articles/new?lang=id", data={"text": ARTICLE, "csrf_token": token})
    assert done.status_code == 200, done.text
    assert "usulan dicatat untuk ditinjau" in done.text and "Bandung (ID) – Suwon (KR)" in done.text
    again = web.post("/articles/new?lang=en", data={"text": ARTICLE, "csrf_token": token})
    assert "This article was handed in before" in again.text


def test_the_page_refuses_clearly_and_keeps_what_was_typed(web: Any, db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    before = _counts(db)
    empty = web.post("/articles/new?lang=id", data={"published": "2025-08-12", "csrf_token": token})
    assert empty.status_code == 422 and "Isi salah satu: alamat artikel, berkas, atau teksnya." in empty.text
    assert 'value="2025-08-12"' in empty.text
    binary = web.post(
        "/articles/new?lang=en",
        data={"csrf_token": token},
        files={"file": ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "text/plain")},
    )
    assert binary.status_code == 422 and "photo.txt" in binary.text
    forged = web.post("/articles/new", data={"text": ARTICLE, "csrf_token": "forged"})
    assert forged.status_code == 403
    assert _counts(db) == before


def test_an_uploaded_html_article_is_read(web: Any, db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    html = f"<html><head><title>Bandung dan Suwon</title></head><body><p>{ARTICLE}</p></body></html>"
    done = web.post(
        "/articles/new?lang=en",
        data={"csrf_token": token},
        files={"file": ("article.html", html.encode(), "text/html")},
    )
    assert done.status_code == 200, done.text
    assert "proposals filed for review" in done.text and "Bandung dan Suwon" in done.text


def test_viewers_get_no_form(web: Any) -> None:
    sign_in_as(web, VIEWER)
    assert web.get("/articles/new").status_code == 403
    assert 'id="nav-article"' not in web.get("/").text


def test_the_api_hands_in_an_article(web: Any, db: Database) -> None:
    with db.write() as s:
        editor = tokens.create_token(s, system_actor("cli"), EDITOR, "tests").secret
        viewer = tokens.create_token(s, system_actor("cli"), VIEWER, "tests").secret
    auth = {"Authorization": f"Bearer {editor}"}
    first = web.post("/api/v1/articles", json={"text": ARTICLE, "published": "2025-08-12"}, headers=auth)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["status"] == "stored" and body["proposals"]
    assert web.post("/api/v1/articles", json={"text": ARTICLE}, headers=auth).status_code == 200
    refused = web.post(
        "/api/v1/articles", json={"text": ARTICLE}, headers={"Authorization": f"Bearer {viewer}"}
    )
    assert refused.status_code == 403
    assert web.post("/api/v1/articles", json={}, headers=auth).status_code == 422
    assert web.post("/api/v1/articles", json={"text": ARTICLE, "extra": 1}, headers=auth).status_code == 422
