"""Partnerships over their life: status from facts, the next step, dashboards and facets,
on partnerships at every stage built through the registry's own write functions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from kembar.db.models import Instrument, Partnership, Place
from kembar.errors import InvalidInput
from kembar.lifecycle import dashboards, facets, notices
from kembar.lifecycle.procedure import next_step, reached, reached_note, reached_words
from kembar.lifecycle.status import (
    Facts,
    Reason,
    explain,
    first_known,
    instrument_status,
    last_day,
    load_facts,
    partnership_status,
)
from kembar.permissions import system_actor
from kembar.registry import activities, instruments, partnerships
from kembar.registry.schemas import ActivityCreate, InstrumentCreate, PartnershipCreate
from kembar.reports import summary
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
        assert pid not in expiring.ids and dict(expiring.counts["validity"]).get("expiring") == 1
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


def test_a_stage_inside_a_reason_keeps_its_acronym() -> None:
    """ "tahap prosedur terakhir: nota kesepahaman (mou)" lowered the MoU with the words."""
    reason = Reason("last_fact", {"what": "step", "name": "stage:mou", "date": "2015-03-10"})
    assert explain(reason, "id") == "tahap prosedur terakhir: nota kesepahaman (MoU), 10 Maret 2015"
    approval = Reason("last_fact", {"what": "step", "name": "stage:council_approval", "date": "2015"})
    assert explain(approval, "id") == "tahap prosedur terakhir: persetujuan DPRD, 2015"


DAY = date(2026, 12, 8)


def _mou(signed_on: str, valid_until: str | None) -> Instrument:
    return Instrument(id=1, type="mou", status="signed", signed_on=signed_on, valid_until=valid_until)


def test_a_dormant_partnership_whose_mou_still_binds_says_both() -> None:
    """Bandung – Suwon said "dormant: last activity: visit, 2 May 2017" beside an MoU valid
    until 2030: the status stays (nothing was held for years), the reason leads with the
    validity so that nobody reads the partnership as expired."""
    mou = _mou("2015-03-10", "2030-03-09")
    visited = Facts("mou", activities=[("2017-05-02", "visit", None)], instruments=[mou])
    status = partnership_status(visited, DAY, 2, 4)
    assert (status.key, status.since) == ("dormant", "2017-05-02")
    assert explain(status.reason, "en") == (
        "Memorandum of Understanding valid until 9 March 2030, but no activity held for 9 years "
        "(last: visit, 2 May 2017)"
    )
    assert explain(status.reason, "id") == (
        "Nota kesepahaman berlaku sampai 9 Maret 2030, tetapi tidak ada kegiatan selama 9 tahun "
        "(terakhir: kunjungan, 2 Mei 2017)"
    )
    idle = partnership_status(Facts("mou", instruments=[mou]), DAY, 2, 4)
    assert idle.key == "dormant" and explain(idle.reason, "en") == (
        "Memorandum of Understanding valid until 9 March 2030, but no dated activity held since it "
        "was signed on 10 March 2015 (11 years)"
    )
    quiet = partnership_status(Facts("mou", [("2023", "visit", None)], [mou]), DAY, 2, 4)
    assert quiet.key == "quiet" and "berlaku sampai 9 Maret 2030" in explain(quiet.reason, "id")


def test_an_expired_or_open_ended_mou_keeps_the_plain_reason() -> None:
    for valid_until in ("2020-03-09", None):
        mou = _mou("2015-03-10", valid_until)
        f = Facts("mou", activities=[("2017-05-02", "visit", None)], instruments=[mou])
        status = partnership_status(f, DAY, 2, 4)
        assert status.key == "dormant" and explain(status.reason, "en") == "last activity: visit, 2 May 2017"


def test_an_mou_never_implemented_and_still_valid_says_until_when() -> None:
    f = Facts("mou", instruments=[_mou("2023-06-01", "2028-05-31")], undated=1)
    status = partnership_status(f, DAY, 2, 4)
    assert status.key == "never_implemented" and explain(status.reason, "en") == (
        "MoU signed on 1 June 2023, valid until 31 May 2028: no dated activity held since "
        "(1 recorded without a date)"
    )


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
    # the first date is the recorded one or the first signing: the renewed pair's MoU of 2015
    assert ids(decade=2010) == {world.pairs["dormant"], world.pairs["renewed"]}
    with world.db.session() as s:
        page = facets.search(s, world.settings, facets.Filters(country="ID"), limit=2)
        assert page.total == 7 and len(page.ids) == 2
        counts = dict(page.counts["status"])
        assert counts["dormant"] == 1 and counts["unknown"] == 1 and "expiring" not in counts
        assert sum(counts.values()) == page.total  # one status each
        assert dict(page.counts["validity"]) == {"expiring": 1}
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


# --- the stage reached, from the instruments signed (walk-through of December 2026) -----

MOU_2021 = ("mou", "2021-12-20", "signed")


@pytest.mark.parametrize(
    ("recorded", "steps", "signed", "key", "derived"),
    [
        (None, [], [MOU_2021], "mou", True),  # an MoU signed, no stage recorded
        ("exploration", [], [MOU_2021], "mou", True),  # recorded behind the MoU
        ("implementation_agreement", [], [MOU_2021], "implementation_agreement", False),
        ("loi", [], [("mou", "2027-01-01", "planned")], "loi", False),  # not signed yet
        (None, [], [("mou", None, "signed")], "mou", True),  # signed, date unknown
        ("ended", [], [MOU_2021], "ended", False),
        (None, [], [], None, False),
        # after the MoU the procedure repeats: the later fact tells
        (
            "implementation_agreement",
            [("2024-01-10", "implementation_agreement")],
            [("renewal", "2025-02", "signed")],
            "renewal",
            True,
        ),
        (
            "implementation_agreement",
            [("2024-01-10", "implementation_agreement")],
            [("renewal", "2023", "signed")],
            "implementation_agreement",
            False,
        ),
        (
            "renewal",
            [("2022-05-01", "renewal")],
            [("agreement", "2024-03-01", "signed")],
            "implementation_agreement",
            True,
        ),
    ],
)
def test_the_stage_reached_is_the_recorded_one_or_a_later_one_an_instrument_shows(
    recorded: str | None,
    steps: list[tuple[str | None, str]],
    signed: list[tuple[str, str | None, str]],
    key: str | None,
    derived: bool,
) -> None:
    stage = reached(recorded, steps, signed)
    assert (stage.key, stage.derived, stage.recorded) == (key, derived, recorded)


def test_a_derived_stage_says_where_it_comes_from_in_both_languages() -> None:
    stage = reached(None, [], [MOU_2021])
    assert reached_note(stage, "en") == (
        "from the Memorandum of Understanding signed on 20 December 2021; no stage recorded"
    )
    assert reached_note(stage, "id") == (
        "menurut Nota kesepahaman yang ditandatangani 20 Desember 2021; tahap belum dicatat"
    )
    behind = reached("exploration", [], [("mou", None, "signed")])
    assert reached_note(behind, "en") == (
        "from the signed Memorandum of Understanding; stage recorded: Exploration"
    )
    assert reached_note(reached("mou", [], [MOU_2021]), "en") is None
    assert reached_words(reached(None, [], []), "id") == "Tidak tercatat"


def test_a_signed_mou_moves_the_next_step_lists_and_dashboards(world: World) -> None:
    """Bandung – Busan is recorded at exploration with an MoU signed four years ago: the
    next step, the stage facet, the dashboards and the report follow the MoU."""
    pid = world.pairs["expiring"]
    with world.db.session() as s:
        life = dashboards.partnership_life(s, world.settings, pid)
        assert (life.stage.key, life.stage.recorded, life.stage.instrument) == ("mou", "exploration", "mou")
        assert life.next is not None and life.next.stage == "implementation_agreement"
        at_mou = facets.search(s, world.settings, facets.Filters(stage="mou"), limit=500)
        assert pid in at_mou.ids and dict(at_mou.counts["stage"])["mou"] == len(at_mou.ids)
        assert pid not in facets.search(s, world.settings, facets.Filters(stage="exploration")).ids
        board = dashboards.country_dashboard(s, world.settings, "ID")
        west_java = {code: counts for code, _, counts, _ in board.provinces}["ID-JB"]
        assert west_java["mou"] == 3 and west_java["exploration"] == 1  # Bekasi – Petaling Jaya only
        bandung = s.get(Place, world.ids["bandung"])
        assert bandung is not None
        lines = {line.id: line for line in summary.place_report(s, world.settings, bandung).lines}
        assert lines[pid].stage == "mou"


def test_the_first_date_is_the_recorded_one_or_the_first_signing() -> None:
    assert first_known(None, [("2021-12-20", "signed")]) == "2021-12-20"
    assert first_known("2019", [("2021-12-20", "signed")]) == "2019"
    assert first_known("2022-01", [("2021", "existing"), ("2020-01-01", "planned")]) == "2021"
    assert first_known(None, [(None, "signed")]) is None


def test_status_counts_add_up_and_validity_is_a_facet_of_its_own(world: World) -> None:
    """My partnerships of Bandung's editor said "unknown 8, dormant 1, expiring 1" for 9
    partnerships: one status each, the validity of instruments counted apart."""
    with world.db.session() as s:
        scope = facets.Filters(places=facets.scope_places(s, world.editor.scope))
        found = facets.search(s, world.settings, scope, limit=500)
        assert sum(n for _, n in found.counts["status"]) == found.total == 6
        assert dict(found.counts["validity"])["expiring"] == 1
        old = facets.Filters(status="expiring").check()  # the older spelling still works
        assert (old.status, old.validity) == (None, "expiring")
        both = facets.search(s, world.settings, facets.Filters(status="active", validity="expiring"))
        assert both.ids == [world.pairs["expiring"]]


def test_an_mou_never_implemented_counts_the_activities_without_a_date(world: World) -> None:
    """Astana – Nusantara said "no activity recorded since" beside a visit and a business
    meeting recorded without dates."""
    pid = world.pairs["never"]
    with world.db.write() as s:
        activities.add(s, world.editor, pid, ActivityCreate(type="visit"))
        activities.add(s, world.editor, pid, ActivityCreate(type="business_meeting"))
    with world.db.session() as s:
        f = load_facts(s, [pid])[pid]
        status = partnership_status(f, TODAY, world.settings.quiet_years, world.settings.dormant_years)
    assert status.key == "never_implemented" and f.undated == 2
    assert explain(status.reason, "en").endswith("no dated activity held since (2 recorded without a date)")
    assert "2 kegiatan tercatat tanpa tanggal" in explain(status.reason, "id")


def test_the_country_dashboard_lists_what_expires_within_the_window_across_the_year(world: World) -> None:
    """On 7 December an MoU valid until 5 January expires in 29 days: the dashboard lists
    it as the reminders and the report do, though its validity ends next year."""
    year = TODAY.year
    with world.db.write() as s:
        mou = instruments.add(
            s,
            world.editor,
            world.pairs["unknown"],
            InstrumentCreate(type="mou", signed_on="2021-12-20", valid_until=f"{year + 1}-01-05"),
        )
        mou_id = mou.id
    with world.db.session() as s:
        board = dashboards.country_dashboard(s, world.settings, "ID", today=date(year, 12, 7))
    soon = {n.instrument_id: n for _, n in board.expiring_soon}
    assert board.expiring_days == 90 and soon[mou_id].status.reason.values["days"] == "29"
    assert mou_id not in [n.instrument_id for _, n in board.expiring_this_year]


def test_the_province_of_no_record_comes_last(world: World) -> None:
    with world.db.write() as s:
        for other in ("suwon", "hamamatsu"):
            partnerships.create(
                s,
                system_actor("cli"),
                PartnershipCreate(place_a=world.ids["unplaced"], place_b=world.ids[other]),
            )
    with world.db.session() as s:
        board = dashboards.country_dashboard(s, world.settings, "ID")
    codes = [(code, total) for code, _, _, total in board.provinces]
    assert codes == [("ID-JB", 6), ("ID-JI", 1), ("", 2)]  # though it has more than Jawa Timur


def test_facet_values_of_equal_count_come_in_one_order(world: World) -> None:
    """Values counted alike were listed in the order of a set, which changes from one
    process to the next: a list page's facets moved between two loads."""
    with world.db.session() as s:
        found = facets.search(s, world.settings, facets.Filters(), limit=500)
    tied = [f for f, values in found.counts.items() if len({n for _, n in values}) < len(values)]
    assert "country" in tied  # the countries are counted from a set of each row's two
    for values in found.counts.values():
        assert values == sorted(values, key=lambda kv: (-kv[1], kv[0])), values
