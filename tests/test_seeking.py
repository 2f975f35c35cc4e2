"""Places seeking partners: the profile (library, API, form), the filtered list and page in
both languages, and mutual matches explained."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from helpers import EDITOR, sign_in_as
from kembar import seeking, tokens, users
from kembar.db import Database
from kembar.db.models import Place
from kembar.errors import InvalidInput, PermissionDenied
from kembar.i18n import Translator
from kembar.permissions import actor_for, system_actor
from kembar.registry import partnerships, profiles
from kembar.registry.schemas import PartnershipCreate, ProfileUpdate
from kembar.seeking import SeekingFilter


def _profile(db: Database, place_id: int, population: int | None = None, **values: Any) -> None:
    with db.write() as s:
        profiles.update(s, system_actor("cli"), place_id, ProfileUpdate(**values), None)
        if population is not None:
            s.get(Place, place_id).population = population  # type: ignore[union-attr]


def _seekers(db: Database, world: dict[str, int]) -> None:
    """Bandung seeks a port in South Korea working on education; Busan seeks a university
    city in Asia and offers education; Surabaya seeks only European partners; Jawa Barat,
    a province, seeks what Busan is, but is not of its level."""
    _profile(
        db,
        world["bandung"],
        population=2_500_000,
        seeking="A partner for creative industries",
        priorities=["education"],
        seeking_countries=["kr"],
        seeking_functions=["port"],
        functions=["university"],
        seeking_contact="Bagian Kerja Sama, kerjasama@bandung.go.id",
    )
    _profile(
        db,
        world["busan"],
        population=3_400_000,
        seeking_regions=["AS"],
        seeking_size="large",
        seeking_functions=["university"],
        functions=["port"],
        offers=["education", "transport"],
    )
    _profile(db, world["surabaya"], seeking_regions=["EU"], functions=["port"])
    _profile(db, world["west_java"], seeking_countries=["KR"], functions=["university"])


def test_two_places_that_seek_each_others_kind_match_with_the_reasons(
    db: Database, world: dict[str, int]
) -> None:
    _seekers(db, world)
    with db.session() as s:
        found = seeking.mutual_matches(s)
        bandung = s.get(Place, world["bandung"])
        assert bandung is not None
        assert [m.b.place.name for m in seeking.matches_for(s, bandung)] == ["Busan"]
        # Surabaya is a port, but Busan is its partner already, and it seeks Europe
        assert found[world["surabaya"]] == [] and found[world["west_java"]] == []
        m = found[world["busan"]][0]
        said = seeking.explain(found[world["bandung"]][0], Translator("en"))
        back = seeking.explain(m, Translator("id"))
    assert "Bandung seeks partners in South Korea (GeoNames)" in said
    assert "Bandung seeks the characteristic “port”, which Busan has (declared)" in said
    assert "Bandung seeks education, which Busan offers (declared)" in said
    assert (
        "Busan seeks partners in Asia (GeoNames)" in said
        and "Busan seeks a large (over 1 million) place (GeoNames)" in said
    )
    assert back.startswith("sama-sama mencari mitra") and "Busan mencari mitra di Asia" in back


@pytest.mark.parametrize(
    ("resolution", "evidence", "indonesian"),
    [
        ("geonames", "(GeoNames)", "(GeoNames)"),
        ("iso3166", "(ISO 3166)", "(ISO 3166)"),
        ("register", "(national register)", "(register nasional)"),
        ("unresolved", "(the partnership lists)", "(daftar kemitraan)"),
    ],
)
def test_the_country_of_a_match_names_where_it_comes_from(
    resolution: str, evidence: str, indonesian: str
) -> None:
    """A province found in ISO 3166 (Gyeonggi-do) is not "in South Korea" by GeoNames' word."""
    west_java = Place(name="Jawa Barat", kind="province", country_code="ID", resolution="iso3166")
    gyeonggi = Place(name="Gyeonggi-do", kind="province", country_code="KR", resolution=resolution)
    seeker = seeking.Seeker(west_java, [], ["KR"], [], None, [], [], seeking.Traits(None))
    other = seeking.Seeker(gyeonggi, [], [], ["AS"], None, [], [], seeking.Traits(None))
    (country,) = seeking.fits(seeker, other) or []
    (region,) = seeking.fits(other, seeker) or []
    assert seeking.say(country, Translator("en")) == f"Jawa Barat seeks partners in South Korea {evidence}"
    assert seeking.say(country, Translator("id")) == f"Jawa Barat mencari mitra di Korea Selatan {indonesian}"
    assert seeking.say(region, Translator("en")) == "Gyeonggi-do seeks partners in Asia (ISO 3166)"


def test_partners_already_are_no_mutual_match_whichever_comes_first(
    db: Database, world: dict[str, int]
) -> None:
    """Once Bandung and Busan are partners, neither is the other's match, in whichever
    order the seeking places are read (a walk-through saw partners offered as matches)."""
    _seekers(db, world)
    with db.write() as s:
        partnerships.create(
            s, system_actor("cli"), PartnershipCreate(place_a=world["bandung"], place_b=world["busan"])
        )
    with db.session() as s:
        seekers = seeking.seeking_places(s)
        for order in (seekers, seekers[::-1]):
            found = seeking.mutual_matches(s, order)
            assert found[world["bandung"]] == [] and found[world["busan"]] == []


def test_a_requirement_missed_breaks_the_match(db: Database, world: dict[str, int]) -> None:
    _seekers(db, world)
    _profile(db, world["busan"], seeking_size="small")  # Bandung is large
    with db.session() as s:
        assert seeking.mutual_matches(s)[world["bandung"]] == []


def test_a_city_that_is_a_province_matches_and_is_listed_at_both_levels(
    db: Database, world: dict[str, int]
) -> None:
    """Kuala Lumpur is a city and a federal territory (rules/city_regions.csv): a peer of
    Jawa Barat as of Bandung, as the recommender's rules have it."""
    _seekers(db, world)
    with db.write() as s:
        kl = s.get(Place, world["kuala_lumpur"])
        assert kl is not None
        kl.geonameid = 1735161
    _profile(db, world["kuala_lumpur"], seeking_countries=["ID"])
    _profile(db, world["west_java"], seeking_countries=["MY"])  # it sought Korea
    with db.session() as s:
        found = seeking.mutual_matches(s)
        assert [m.b.place.name for m in found[world["west_java"]]] == ["Kuala Lumpur"]
        for level in ("regional", "local"):
            listed = seeking.listing(s, SeekingFilter(level=level, country="MY"), "en", False)
            assert [x.place.name for x in listed] == ["Kuala Lumpur"]


def test_the_province_row_of_a_city_region_is_no_match_for_a_partner_of_the_city(
    db: Database, world: dict[str, int]
) -> None:
    """The province row of Seoul (KR-11) is the government of the city: once the city
    partners Jawa Barat, neither the city nor its row is a match for Jawa Barat."""
    _seekers(db, world)
    with db.write() as s:
        seoul = Place(key="gn:1835848", name="Seoul", kind="city", country_code="KR", admin_code="KR-11")
        seoul.geonameid, seoul.resolution = 1835848, "geonames"
        row = Place(key="iso:KR-11", name="Seoul", kind="province", country_code="KR", admin_code="KR-11")
        row.resolution = "iso3166"
        s.add_all([seoul, row])
        s.flush()
        ids = {"seoul": seoul.id, "row": row.id}
    _profile(db, ids["row"], seeking_countries=["ID"], functions=["university"])
    with db.session() as s:
        assert [m.b.place.name for m in seeking.mutual_matches(s)[world["west_java"]]] == ["Seoul"]
    with db.write() as s:
        partnerships.create(
            s, system_actor("cli"), PartnershipCreate(place_a=ids["seoul"], place_b=world["west_java"])
        )
    _profile(db, ids["seoul"], seeking_countries=["ID"], functions=["university"])
    with db.session() as s:
        found = seeking.mutual_matches(s)
        assert found[ids["seoul"]] == [] and found[ids["row"]] == [] and found[world["west_java"]] == []


def test_the_list_filters_and_hides_contacts_from_anonymous_readers(
    db: Database, world: dict[str, int]
) -> None:
    _seekers(db, world)
    with db.session() as s:
        everyone = seeking.listing(s, SeekingFilter(), "en", signed_in=False)
        assert [x.place.name for x in everyone] == ["Bandung", "Busan", "Jawa Barat", "Surabaya"]
        assert all(x.contact is None for x in everyone)
        mine = seeking.listing(s, SeekingFilter(country="KR"), "en", signed_in=True)
        assert [x.place.name for x in mine] == ["Busan"] and mine[0].offers == ["education", "transport"]
        bandung = seeking.listing(
            s, SeekingFilter(field="education", level="local", country="ID"), "en", True
        )
        assert [x.place.name for x in bandung] == ["Bandung"] and "kerjasama@" in (bandung[0].contact or "")
        assert [x.place.name for x in seeking.listing(s, SeekingFilter(level="regional"), "en", False)] == [
            "Jawa Barat"
        ]
        # who would take a partner in Germany: Surabaya (Europe); Busan seeks Asia only
        assert [x.place.name for x in seeking.listing(s, SeekingFilter(seeks="DE"), "en", False)] == [
            "Surabaya"
        ]
        for bad, word in (
            (SeekingFilter(region="XX"), "world region"),
            (SeekingFilter(field="space"), "field"),
        ):
            with pytest.raises(InvalidInput, match=word):
                seeking.listing(s, bad, "en", False)


def test_profile_values_outside_the_vocabulary_are_named() -> None:
    with pytest.raises(ValidationError, match="astrology"):
        ProfileUpdate(offers=["education", "astrology"])
    with pytest.raises(ValidationError, match="QQ"):
        ProfileUpdate(seeking_countries=["JP", "QQ"])
    with pytest.raises(ValidationError, match="harbour"):
        ProfileUpdate(seeking_functions=["harbour"])
    with pytest.raises(ValidationError, match="huge"):
        ProfileUpdate(seeking_size="huge")


def test_only_editors_in_scope_edit_a_seeking_profile(db: Database, world: dict[str, int]) -> None:
    from kembar import users
    from kembar.permissions import actor_for

    with db.write() as s:
        editor = actor_for(users.get_user(s, EDITOR), "api")
        with pytest.raises(PermissionDenied):
            profiles.update(s, editor, world["surabaya"], ProfileUpdate(seeking_regions=["EU"]), None)
        profiles.update(s, editor, world["bandung"], ProfileUpdate(seeking_regions=["EU"]), None)
    with db.session() as s:
        assert s.get(Place, world["surabaya"]).seeking_regions is None  # type: ignore[union-attr]
        assert s.get(Place, world["bandung"]).seeking_regions == "EU"  # type: ignore[union-attr]


def test_the_api_writes_and_lists_profiles(web: Any, db: Database, world: dict[str, int]) -> None:
    with db.write() as s:
        secret = tokens.create_token(s, system_actor("cli"), EDITOR, "tests").secret
    auth = {"Authorization": f"Bearer {secret}"}
    url = f"/api/v1/places/{world['bandung']}"
    tag = web.get(url).headers["ETag"]
    bad = web.patch(url, json={"offers": ["astrology", "culture"]}, headers={**auth, "If-Match": tag})
    assert bad.status_code == 422
    # one line naming the field and the value, as the README says (no "Value error, ")
    reason = bad.json()["fields"][0]
    assert reason["field"] == "body.offers" and reason["reason"].startswith("unknown field(s) astrology;")
    assert bad.json()["detail"].startswith("body.offers: unknown field(s) astrology;")
    body = {
        "seeking_countries": ["KR"],
        "functions": ["university"],
        "seeking_contact": "kerjasama@bandung.go.id",
    }
    ok = web.patch(url, json=body, headers={**auth, "If-Match": tag})
    assert ok.status_code == 200, ok.text
    assert ok.json()["seeking_countries"] == ["KR"] and ok.json()["seeking_contact"]
    assert web.get(url).json()["seeking_contact"] is None  # anonymous readers see no contact
    theirs = f"/api/v1/places/{world['surabaya']}"
    out = web.patch(theirs, json=body, headers={**auth, "If-Match": web.get(theirs).headers["ETag"]})
    assert out.status_code == 403
    listed = web.get("/api/v1/seeking", params={"country": "ID"}).json()["items"]
    assert [x["place"]["name"] for x in listed] == ["Bandung"]
    assert web.get("/api/v1/seeking", params={"field": "space"}).status_code == 422


def test_the_seeking_page_in_both_languages_and_the_form(
    web: Any, db: Database, world: dict[str, int]
) -> None:
    _seekers(db, world)
    with db.write() as s:
        surabaya = s.get(Place, world["surabaya"])
        assert surabaya is not None
        surabaya.lat, surabaya.lon = -7.25, 112.75  # on the coast: "Coastal" by the coastline
    page = web.get("/seeking?lang=en").text
    assert "Places seeking partners" in page and 'id="seeking-' + str(world["busan"]) + '"' in page
    assert "Bandung seeks the characteristic “port”, which Busan has (declared)" in page
    # each point of a match is an item of its own, as the API lists them
    assert "<li>Bandung seeks the characteristic “port”, which Busan has (declared)</li>" in page
    listed = web.get("/api/v1/seeking").json()["items"]
    match = next(m for x in listed if x["place"]["id"] == world["bandung"] for m in x["matches"])
    assert "Bandung seeks education, which Busan offers (declared)" in match["points"]
    assert match["explanation"] == "both seek partners, each what the other seeks: " + "; ".join(
        match["points"]
    )
    assert "kerjasama@bandung.go.id" not in page  # contacts for signed-in readers
    # a characteristic the data gives, not the place, says where it comes from
    assert '<span class="chip">Port</span>' in page
    assert '<span class="chip">Coastal<small class="muted"> (Natural Earth coastline)</small></span>' in page
    # the two country boxes take two-letter codes (maxlength 2): their labels say so
    assert "Country of the place (ISO code)" in page and 'placeholder="KR"' in page
    assert "Seeks partners in (country, ISO code)" in page
    page_id = web.get("/seeking?lang=id").text
    assert "Negara daerah (kode ISO)" in page_id and "Mencari mitra di (negara, kode ISO)" in page_id
    assert "Daerah yang mencari mitra" in page_id and "Pasangan yang saling cocok" in page_id
    filtered = web.get("/seeking?country=KR&lang=en").text
    assert f'id="seeking-{world["busan"]}"' in filtered and f'id="seeking-{world["bandung"]}"' not in filtered
    assert '<p class="muted" id="seeking-count">1 place</p>' in filtered
    assert '<p class="muted" id="seeking-count">4 places</p>' in page
    assert '<p class="muted" id="seeking-count">1 daerah</p>' in web.get("/seeking?country=KR&lang=id").text
    assert web.get("/seeking?region=XX").status_code == 422
    refused = web.get("/seeking?country=QQ&level=federal&lang=id")
    assert refused.status_code == 422
    assert "Nilai saringan tidak dikenal: Negara daerah (kode ISO): QQ; Tingkat" in refused.text
    token = sign_in_as(web, EDITOR)
    with db.session() as s:
        version = s.get(Place, world["bandung"]).version  # type: ignore[union-attr]
    form = {
        "version": str(version),
        "csrf_token": token,
        "seeking": "Ports of East Asia",
        "seeking_countries": "JP, KR",
        "seeking_regions_sent": "1",
        "seeking_regions": ["AS"],
        "offers_sent": "1",
        "offers": ["culture"],
        "seeking_size": "large",
    }
    answer = web.post(f"/places/{world['bandung']}/profile", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    with db.session() as s:
        place = s.get(Place, world["bandung"])
        assert place is not None
        assert (place.seeking_countries, place.seeking_regions, place.offers) == ("JP,KR", "AS", "culture")
        assert place.seeking_functions == "port"  # its boxes were not on the form: kept
    bad = {**form, "version": str(version + 1), "seeking_countries": "JP, QQ"}
    refused = web.post(f"/places/{world['bandung']}/profile?lang=en", data=bad)
    assert refused.status_code == 422
    # next to the box, the code typed is named (not "choose one of the options": it was typed)
    said = re.search(r'id="err-seeking_countries"[^>]*>([^<]*)<', refused.text)
    assert said and said[1] == "Unknown country code: QQ. Use two-letter ISO codes, such as JP, KR."
    crafted = {**form, "version": str(version + 1), "offers": ["culture", "astrology"]}
    refused = web.post(f"/places/{world['bandung']}/profile?lang=id", data=crafted)
    said = re.search(r'id="err-offers"[^>]*>([^<]*)<', refused.text)
    assert refused.status_code == 422
    assert said and said[1] == "Pilih salah satu pilihan. Tidak dikenal: astrology."
    with db.session() as s:
        assert s.get(Place, world["bandung"]).offers == "culture"  # type: ignore[union-attr]
    assert "kerjasama@bandung.go.id" in web.get("/seeking").text
    # a field the form did not send is kept, the statement like every other
    partial = {"version": str(version + 1), "csrf_token": token, "seeking_size": "medium"}
    answer = web.post(f"/places/{world['bandung']}/profile", data=partial, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    with db.session() as s:
        place = s.get(Place, world["bandung"])
        assert place is not None and (place.seeking, place.seeking_size) == ("Ports of East Asia", "medium")


def test_a_mutual_match_comes_first_in_recommendations(db: Database, world: dict[str, int]) -> None:
    from kembar.recommend.graph import Features, Graph
    from kembar.recommend.service import Recommender, recommend

    _seekers(db, world)
    with db.session() as s:
        graph = Graph.load(s)
        rec = Recommender(graph, Features(graph), None)  # too few pairs to learn: Adamic-Adar
        bandung = s.get(Place, world["bandung"])
        bekasi = s.get(Place, world["bekasi"])
        assert bandung is not None and bekasi is not None
        found = recommend(s, rec, bandung, k=2)
        assert found[0].name == "Busan" and found[0].mutual is True
        assert found[0].score > found[1].score > 0  # the ranker's score it reached, not a 0 placeholder
        # the match's points are reasons of their own, after the one that says they match
        assert found[0].reasons[0] == "both seek partners, each what the other seeks"
        assert "Bandung seeks education, which Busan offers (declared)" in found[0].reasons[1:]
        # said once: not again as "Busan offers education, which Bandung seeks"
        assert len([r for r in found[0].reasons if "offers" in r]) == 1, found[0].reasons
        assert not [c for c in recommend(s, rec, bekasi, k=2) if c.mutual]  # Bekasi seeks nothing
        assert recommend(s, rec, bandung, k=2, in_country="MY") == []


def test_a_city_region_and_its_province_row_share_their_matches_and_only_the_city_is_proposed(
    db: Database, world: dict[str, int]
) -> None:
    """The province row of Seoul (KR-11) states the profile; Jawa Barat seeks South Korea. The
    row and the city are one government: both get Jawa Barat as a match, and Jawa Barat is
    offered the city, never the row (rules/city_regions.csv)."""
    from kembar.recommend.graph import Features, Graph
    from kembar.recommend.service import Recommender, recommend

    _seekers(db, world)
    with db.write() as s:
        seoul = Place(key="gn:1835848", name="Seoul", kind="city", country_code="KR", admin_code="KR-11")
        seoul.geonameid = 1835848
        row = Place(key="iso:KR-11", name="Seoul", kind="province", country_code="KR", admin_code="KR-11")
        s.add_all([seoul, row])
        s.flush()
        ids = {"seoul": seoul.id, "row": row.id}
    _profile(db, ids["row"], seeking_countries=["ID"])
    with db.session() as s:
        graph = Graph.load(s)
        rec = Recommender(graph, Features(graph), None)
        assert ids["row"] in rec.feats.index
        for asked in (ids["row"], ids["seoul"]):
            first = recommend(s, rec, s.get(Place, asked), k=3)[0]  # type: ignore[arg-type]
            assert (first.name, first.mutual) == ("Jawa Barat", True)
        west_java = recommend(s, rec, s.get(Place, world["west_java"]), k=10)  # type: ignore[arg-type]
        assert west_java[0].id == ids["seoul"] and west_java[0].mutual is True
        assert ids["row"] not in [c.id for c in west_java]


def test_a_mutual_match_keeps_the_rules(db: Database, world: dict[str, int]) -> None:
    from kembar.recommend.graph import Features, Graph
    from kembar.recommend.policy import RuleOptions
    from kembar.recommend.service import Recommender, recommend

    _seekers(db, world)
    with db.write() as s:
        busan = s.get(Place, world["busan"])
        assert busan is not None
        busan.lat = busan.lon = None  # a place without coordinates is never offered to one with them
        bandung = s.get(Place, world["bandung"])
        assert bandung is not None
        bandung.lat, bandung.lon = -6.91, 107.61
    with db.session() as s:
        graph = Graph.load(s)
        rec = Recommender(graph, Features(graph), None)
        bandung = s.get(Place, world["bandung"])
        assert bandung is not None
        assert "Busan" not in [c.name for c in recommend(s, rec, bandung, k=10)]
        lifted = recommend(s, rec, bandung, k=10, options=RuleOptions(unlocated=True))
        assert lifted[0].name == "Busan" and lifted[0].mutual is True


def test_an_empty_list_says_how_a_place_gets_listed(web: Any, db: Database, world: dict[str, int]) -> None:
    """With no place seeking and no filter, the page said "No place seeking partners matches
    these filters" to an officer who had set none, and nothing of where to say it."""
    page = web.get("/seeking?lang=id").text
    assert "Belum ada daerah yang menyatakan mencari mitra" in page and "cocok dengan saringan" not in page
    assert "cocok dengan saringan ini" in web.get("/seeking?lang=id&field=culture").text
    sign_in_as(web, EDITOR)
    with db.session() as s:
        editor = actor_for(users.get_user(s, EDITOR), "web")
        own = seeking.profiles_to_fill(s, editor)
    assert own, "the editor's scope names a place"
    yours = web.get("/seeking?lang=en").text
    assert "Say what partner your place seeks" in yours and f'href="/places/{own[0].id}#profile"' in yours
    _profile(db, own[0].id, seeking="A partner for education")
    with db.session() as s:
        assert own[0].id not in [p.id for p in seeking.profiles_to_fill(s, editor)]
