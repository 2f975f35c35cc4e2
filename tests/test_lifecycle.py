"""Partnerships over their life: status from facts, the next step, dashboards and facets,
on partnerships at every stage built through the registry's own write functions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from kembar.db.models import Partnership, Place
from kembar.errors import InvalidInput
from kembar.lifecycle import dashboards, facets, notices
from kembar.lifecycle.procedure import next_step
from kembar.lifecycle.status import (
    Reason,
    explain,
    instrument_status,
    last_day,
    load_facts,
    partnership_status,
)
from lifecycle_world import TODAY, World, add_planned_loi, ago, world_fixture  # noqa: F401  (the `world` fixture)

pytestmark = pytest.mark.backends


def _status(w: World, key: str) -> str:
    with w.db.session() as s:
        pid = w.pairs[key]
        f = load_facts(s, [pid])[pid]
        return partnership_status(f, TODAY, w.settings.quiet_years, w.settings.dormant_years).key


@pytest.mark.parametrize(
    ("pair", "status"),
    [
        ("expiring", "active"),
        ("dormant", "dormant"),
        ("never", "never_implemented"),
        ("quiet", "quiet"),
        ("active", "active"),
        ("unknown", "unknown"),
        ("renewed", "active"),
    ],
)
def test_each_partnership_has_the_status_its_facts_give(world: World, pair: str, status: str) -> None:
    assert _status(world, pair) == status


def test_instruments_expire_renew_and_say_why(world: World) -> None:
    with world.db.session() as s:
        (mou,) = s.get(Partnership, world.pairs["expiring"]).instruments  # type: ignore[union-attr]
        state = instrument_status(mou, [mou], TODAY, 90)
        assert state.key == "expiring" and state.reason.values["days"] == "30"
        assert instrument_status(mou, [mou], TODAY, 10).key == "valid"
        old, renewal = sorted(
            s.get(Partnership, world.pairs["renewed"]).instruments, key=lambda i: i.signed_on
        )  # type: ignore[union-attr]
        assert instrument_status(old, [old, renewal], TODAY, 90).key == "renewed"
        assert instrument_status(old, [old], TODAY, 90).key == "expired"
        (never,) = s.get(Partnership, world.pairs["never"]).instruments  # type: ignore[union-attr]
        signed = date.fromisoformat(ago(years=3))
        assert never.valid_until == signed.replace(year=signed.year + 5).isoformat()  # a term of 5 years


def test_a_planned_instrument_is_neither_valid_expiring_nor_expired(world: World) -> None:
    """Its dates are planned dates: the status, the lists, the dashboards and the
    reminders agree that nothing of it expires, and its partnership stays undated."""
    loi_id = add_planned_loi(world)
    pid = world.pairs["unknown"]
    with world.db.session() as s:
        (loi,) = s.get(Partnership, pid).instruments  # type: ignore[union-attr]
        state = instrument_status(loi, [loi], TODAY, 90)
        assert state.key == "planned" and explain(state.reason, "id").startswith("direncanakan pada ")
        assert explain(state.reason, "en").startswith("planned for ")
        expiring = facets.search(s, world.settings, facets.Filters(status="expiring"), limit=500)
        assert pid not in expiring.ids and dict(expiring.counts["status"]).get("expiring") == 1
        assert dashboards.partnership_life(s, world.settings, pid).instruments == []
        board = dashboards.country_dashboard(s, world.settings, "ID")
        assert loi_id not in [n.instrument_id for _, n in board.expiring_this_year]
        assert loi_id not in [e.instrument_id for e in notices.expiries(s, [pid], TODAY)]
        assert _status(world, "unknown") == "unknown"


def test_reasons_in_both_languages() -> None:
    reason = Reason(
        "last_fact", {"what": "activity", "name": "activity:business_meeting", "date": "2019-03-14"}
    )
    assert explain(reason, "en") == "last activity: business meeting, 14 March 2019"
    assert explain(reason, "id") == "kegiatan terakhir: temu bisnis, 14 Maret 2019"
    assert explain(Reason("no_dates"), "id") == "belum ada fakta bertanggal"


def test_partial_dates_count_as_their_last_day() -> None:
    assert last_day("2019") == date(2019, 12, 31) and last_day("2024-02") == date(2024, 2, 29)


def test_the_next_step_names_its_documents_and_which_are_attached(world: World) -> None:
    with world.db.session() as s:
        active = s.get(Partnership, world.pairs["active"])
        step = next_step(active)  # type: ignore[arg-type]
        assert step is not None and step.stage == "ministry_facilitation"
        assert [(d.purpose, d.attached) for d in step.documents] == [("facilitation_request", False)]
        quiet = next_step(s.get(Partnership, world.pairs["quiet"]))  # type: ignore[arg-type]
        assert quiet is not None and quiet.stage == "plan"
        assert [d.purpose for d in quiet.documents] == ["terms_of_reference", "plan_of_action"]


def test_facets_filter_by_status_with_the_api_contract(world: World) -> None:
    def ids(**filters: Any) -> set[int]:
        with world.db.session() as s:
            return set(facets.search(s, world.settings, facets.Filters(**filters), limit=500).ids)

    assert ids(status="expiring", within_days=90, country="ID") == {world.pairs["expiring"]}
    assert ids(status="expiring", within_days=10, country="ID") == set()
    assert ids(status="dormant") == {world.pairs["dormant"]}
    assert ids(status="expired") == set()  # the old MoU was renewed
    assert ids(country="ID", partner_country="KR") == {
        world.pairs["expiring"],
        world.pairs["dormant"],
        world.pairs["renewed"],
    }
    assert ids(region="ID-JI") == {world.pairs["renewed"]}
    assert ids(decade=2010) == {world.pairs["dormant"]}
    with world.db.session() as s:
        page = facets.search(s, world.settings, facets.Filters(country="ID"), limit=2)
        assert page.total == 7 and len(page.ids) == 2
        counts = dict(page.counts["status"])
        assert counts["dormant"] == 1 and counts["unknown"] == 1 and counts["expiring"] == 1
        assert dict(page.counts["country"])["KR"] == 3  # partners of Indonesian places in Korea


def test_the_partner_countries_are_counted_among_the_chosen_countrys_only(world: World) -> None:
    """With country=ID, the country facet counts the partners of Indonesian places: a
    Korean-Japanese partnership is not among them, whatever partner country is chosen."""
    from kembar.permissions import system_actor
    from kembar.registry import partnerships
    from kembar.registry.schemas import PartnershipCreate

    with world.db.write() as s:
        partnerships.create(
            s,
            system_actor("cli"),
            PartnershipCreate(place_a=world.ids["suwon"], place_b=world.ids["hamamatsu"]),
        )
    with world.db.session() as s:
        for chosen in (facets.Filters(country="ID"), facets.Filters(country="ID", partner_country="JP")):
            counts = dict(facets.search(s, world.settings, chosen, limit=1).counts["country"])
            assert counts["KR"] == 3 and counts["JP"] == 1 and "ID" not in counts


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"status": "sleepy"}, "status: unknown value 'sleepy'"),
        ({"kind": "twins"}, "kind: unknown value 'twins'"),
        ({"country": "XQ"}, "country: 'XQ' is not an ISO 3166-1"),
        ({"within_days": 0}, "within_days: must be between 1 and 3650"),
        ({"decade": 1995}, "decade: 1995 is not a decade"),
        ({"region": "Jawa Barat"}, "region: 'Jawa Barat' is not an ISO 3166-2 code"),
    ],
)
def test_a_bad_filter_is_named(world: World, filters: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message), world.db.session() as s:
        facets.search(s, world.settings, facets.Filters(**filters))


def test_my_partnerships_puts_what_needs_attention_first(world: World) -> None:
    with world.db.session() as s:
        mine = dashboards.my_partnerships(s, world.settings, world.editor)
        order = [r.partnership.id for r in mine.rows]
        assert mine.has_scope and mine.total == 6  # Bandung and Bekasi, in Jawa Barat; not Surabaya's
        assert order[0] == world.pairs["expiring"]
        assert (
            order.index(world.pairs["never"])
            < order.index(world.pairs["dormant"])
            < order.index(world.pairs["quiet"])
        )
        first = mine.rows[0]
        assert [n.status.key for n in first.instruments] == ["expiring"] and first.next is not None


def test_the_country_dashboard_counts_provinces_and_this_year(world: World) -> None:
    with world.db.session() as s:
        board = dashboards.country_dashboard(s, world.settings, "ID")
        provinces = {code: (counts, total) for code, _, counts, total in board.provinces}
        assert provinces["ID-JB"][1] == 6 and provinces["ID-JI"][1] == 1
        assert provinces["ID-JB"][0]["council_approval"] == 1
        assert board.dormant == [world.pairs["dormant"]]
        assert dict(board.partner_countries)["KR"] == 3
        assert [pid for pid, _ in board.signed_this_year] == (
            [world.pairs["renewed"]] if ago(days=10)[:4] == str(TODAY.year) else []
        )
        west_java = s.scalars(select(Place).where(Place.key == "iso:ID-JB")).one()
        assert len(dashboards.region_partnerships(s, west_java)) == 6
