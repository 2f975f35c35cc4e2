"""A place's page: its profile (declared priorities, "seeking partners") edited by the
editors whose scope holds it, its contacts for signed-in users, and the link to record
a partnership of it."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from helpers import EDITOR, REVIEWER, VIEWER, sign_in_as
from kembar.db import Database
from kembar.db.models import Place, PlacePriority, PlaceTag
from kembar.db.registry import Contact
from kembar.permissions import system_actor
from kembar.registry import profiles
from kembar.registry.schemas import ProfileUpdate

SCRIPT = "<script>alert(1)</script>"


def priorities(db: Database, place_id: int) -> list[str]:
    with db.session() as s:
        return sorted(s.scalars(select(PlacePriority.field_key).where(PlacePriority.place_id == place_id)))


def test_the_profile_of_a_place_in_scope(web: Any, world: dict[str, int], db: Database) -> None:
    bandung = world["bandung"]
    anonymous = web.get(f"/places/{bandung}").text
    assert 'id="profile-form"' not in anonymous and "none declared" in anonymous
    token = sign_in_as(web, EDITOR)
    page = web.get(f"/places/{bandung}").text
    assert 'id="profile-form"' in page and f'action="/places/{bandung}/profile"' in page
    data = {
        "version": "1",
        "priorities": ["education", "technology_innovation"],
        "priorities_sent": "1",
        "seeking": f"A partner for creative industries {SCRIPT}",
        "csrf_token": token,
    }
    answer = web.post(f"/places/{bandung}/profile", data=data, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/places/{bandung}#profile"
    assert priorities(db, bandung) == ["education", "technology_innovation"]
    page = web.get(f"/places/{bandung}?lang=id").text
    assert (
        "Teknologi dan inovasi" in page and "A partner for creative industries" in page and SCRIPT not in page
    )
    # A stale form: the statement stored now is shown beside the typed one, nothing written.
    with db.session() as s:
        version = s.get(Place, bandung).version  # type: ignore[union-attr]
    with db.write() as s:
        profiles.update(s, system_actor("cli"), bandung, ProfileUpdate(seeking="Changed meanwhile"), version)
    answer = web.post(
        f"/places/{bandung}/profile?lang=en", data={**data, "version": str(version), "seeking": "Mine"}
    )
    assert answer.status_code == 409 and "Changed meanwhile" in answer.text and "Mine" in answer.text
    with db.session() as s:
        assert s.get(Place, bandung).seeking == "Changed meanwhile"  # type: ignore[union-attr]
    # A field outside the vocabulary.
    with db.session() as s:
        version = s.get(Place, bandung).version  # type: ignore[union-attr]
    bad = {**data, "version": str(version), "priorities": ["astrology"]}
    assert web.post(f"/places/{bandung}/profile", data=bad).status_code == 422
    assert priorities(db, bandung) == ["education", "technology_innovation"]


def test_a_place_out_of_scope_shows_no_form_and_refuses_writes(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    surabaya = world["surabaya"]
    page = web.get(f"/places/{surabaya}").text
    assert 'id="profile-form"' not in page and 'id="record-partnership"' not in page
    assert 'id="contact-form"' not in page and 'id="contacts"' in page  # signed in: contacts shown
    data = {"version": "1", "seeking": "taken over", "priorities_sent": "1", "csrf_token": token}
    assert web.post(f"/places/{surabaya}/profile", data=data).status_code == 403
    assert (
        web.post(f"/places/{surabaya}/contacts", data={"name": "X", "csrf_token": token}).status_code == 403
    )
    with db.session() as s:
        assert s.get(Place, surabaya).seeking is None  # type: ignore[union-attr]
    # A province in scope covers its cities; a reviewer edits anything.
    web.post("/logout", data={"csrf_token": token})
    sign_in_as(web, REVIEWER)
    assert 'id="profile-form"' in web.get(f"/places/{surabaya}").text


def test_contacts_of_a_place(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    bandung = world["bandung"]
    data = {
        "name": "Ibu Sari",
        "office": "Bagian Kerja Sama",
        "email": "sari@bandung.go.id",
        "csrf_token": token,
    }
    answer = web.post(f"/places/{bandung}/contacts", data=data, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/places/{bandung}#contacts"
    with db.session() as s:
        cid = s.scalars(select(Contact.id).where(Contact.place_id == bandung)).one()
    page = web.get(f"/places/{bandung}").text
    assert "Ibu Sari" in page and f'href="/contacts/{cid}/edit"' in page
    web.post("/logout", data={"csrf_token": token})
    assert "Ibu Sari" not in web.get(f"/places/{bandung}").text
    sign_in_as(web, VIEWER)
    page = web.get(f"/places/{bandung}").text
    assert "sari@bandung.go.id" in page and f'href="/contacts/{cid}/edit"' not in page
    assert not re.search(r'method="post"[^>]*id="contact-form"|id="contact-form"', page)


def test_a_profile_form_without_the_boxes_keeps_the_priorities(
    web: Any, world: dict[str, int], db: Database
) -> None:
    with db.write() as s:
        profiles.update(s, system_actor("cli"), world["bandung"], ProfileUpdate(priorities=["culture"]), None)
        version = s.get(Place, world["bandung"]).version  # type: ignore[union-attr]
    token = sign_in_as(web, EDITOR)
    data = {"version": str(version), "seeking": "Creative cities", "csrf_token": token}
    assert (
        web.post(f"/places/{world['bandung']}/profile", data=data, follow_redirects=False).status_code == 303
    )
    assert priorities(db, world["bandung"]) == ["culture"]
    # With the boxes on the form, none ticked clears them.
    with db.session() as s:
        version = s.get(Place, world["bandung"]).version  # type: ignore[union-attr]
    data = {**data, "version": str(version), "priorities_sent": "1"}
    assert (
        web.post(f"/places/{world['bandung']}/profile", data=data, follow_redirects=False).status_code == 303
    )
    assert priorities(db, world["bandung"]) == []


def test_the_tags_of_a_place_are_words_in_both_languages(
    web: Any, world: dict[str, int], db: Database
) -> None:
    with db.write() as s:
        s.add_all(
            [
                PlaceTag(place_id=world["bandung"], tag="capital"),
                PlaceTag(place_id=world["bandung"], tag="new_capital"),
            ]
        )
    english = web.get(f"/places/{world['bandung']}?lang=en").text
    indonesian = web.get(f"/places/{world['bandung']}?lang=id").text
    for label in ("National capital", "Planned capital"):
        assert f'<span class="chip">{label}</span>' in english
    for label in ("Ibu kota negara", "Ibu kota baru"):
        assert f'<span class="chip">{label}</span>' in indonesian
    assert '<span class="chip">new_capital</span>' not in english + indonesian


def _switch(page: str) -> str:
    found = re.search(r'id="lang-switch" href="([^"]+)"', page)
    assert found, "no language link on the page"
    return found.group(1).replace("&amp;", "&")


def test_the_language_link_of_a_refused_form_leads_to_the_forms_page(web: Any, world: dict[str, int]) -> None:
    bandung = world["bandung"]
    token = sign_in_as(web, EDITOR)
    bad = {"version": "1", "priorities": ["astrology"], "priorities_sent": "1", "csrf_token": token}
    path = f"/places/{bandung}/profile?lang=id"
    # from the place's page (the browser says where the form was: same-origin Referer)
    referer = {"Referer": f"http://testserver/places/{bandung}?lang=id&tab=profile"}
    refused = web.post(path, data=bad, headers=referer)
    assert refused.status_code == 422
    assert _switch(refused.text) == f"/places/{bandung}?tab=profile&lang=en"
    # without a Referer, or another site's, or sent again from the refused page: the page above
    for headers in (
        {},
        {"Referer": "https://elsewhere.example/places/1"},
        {"Referer": f"http://testserver{path}"},
    ):
        refused = web.post(path, data=bad, headers=headers)
        assert refused.status_code == 422 and _switch(refused.text) == f"/places/{bandung}?lang=en", headers
    assert web.get(_switch(refused.text)).status_code == 200


def test_the_sources_section_says_when_none_is_recorded(
    web: Any, world: dict[str, int], db: Database
) -> None:
    from kembar.db.models import Evidence, Source

    # Bandung has no partnership, so no evidence: the heading is not left above nothing
    for lang, said in (("id", "Belum ada sumber yang tercatat."), ("en", "No source recorded.")):
        page = web.get(f"/places/{world['bandung']}", params={"lang": lang}).text
        assert f'<p class="muted" id="no-sources">{said}</p>' in page and 'class="sources"' not in page
    with db.write() as s:
        source = Source(url="https://example.org/busan", title="Surabaya and Busan", content_hash="x" * 64)
        s.add(source)
        s.flush()
        s.add(Evidence(source_id=source.id, subject_type="partnership", subject_id=world["surabaya_busan"]))
    page = web.get(f"/places/{world['surabaya']}", params={"lang": "en"}).text
    assert 'class="sources"' in page and "Surabaya and Busan" in page and 'id="no-sources"' not in page
