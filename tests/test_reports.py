"""Reports: the .xlsx export of a filtered list (opened with openpyxl), CSV for Excel with
Indonesian regional settings, and the printable PDF of a place, a province or a country
(read back with pypdf)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader

from helpers import web_client
from kembar import export, tokens
from kembar.db.models import Place
from kembar.i18n import Translator
from kembar.registry import activities, contacts, instruments, partnerships
from kembar.registry.schemas import ActivityCreate, ContactCreate, InstrumentCreate, PartnershipCreate
from kembar.reports.pdf import printable
from kembar.reports.worldmap import WORLD, frame, outlines
from lifecycle_world import TODAY, World, ahead, world_fixture  # noqa: F401  (the `world` fixture)

COORDINATES = {  # (lat, lon)
    "bandung": (-6.9175, 107.6191),
    "bekasi": (-6.2349, 106.9896),
    "surabaya": (-7.2575, 112.7521),
    "busan": (35.1796, 129.0756),
    "kuala_lumpur": (3.139, 101.6869),
    "suwon": (37.2636, 127.0286),
    "braunschweig": (52.2689, 10.5268),
    "hamamatsu": (34.7108, 137.7261),
    "petaling_jaya": (3.1073, 101.6067),
}


@pytest.fixture
def reported(world: World) -> World:
    """The world with coordinates, a contact, an activity of this year and one known only
    to its month."""
    with world.db.write() as s:
        for key, (lat, lon) in COORDINATES.items():
            place = s.get(Place, world.ids[key])
            assert place is not None
            place.lat, place.lon = lat, lon
        contacts.add(
            s,
            world.editor,
            ContactCreate(name="Dewi Kartika", role="Kepala Bagian Kerja Sama", email="dewi@bandung.go.id"),
            partnership_id=world.pairs["expiring"],
        )
        activities.add(
            s,
            world.editor,
            world.pairs["active"],
            ActivityCreate(
                type="workshop", title="Lokakarya tata kota", date=TODAY.replace(day=1).isoformat()
            ),
        )
        activities.add(s, world.editor, world.pairs["quiet"], ActivityCreate(type="exchange", date="2019-03"))
    return world


@pytest.fixture
def client(reported: World) -> Iterator[TestClient]:
    yield web_client(reported.settings)


def workbook(client: TestClient, query: str, **headers: str) -> dict[str, Worksheet]:
    r = client.get(f"/api/v1/exports/xlsx?{query}", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert r.headers["content-disposition"].startswith('attachment; filename="kembar-partnerships-')
    book = load_workbook(io.BytesIO(r.content))
    return {ws.title: ws for ws in book.worksheets}


def table(ws: Worksheet) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_workbook_has_a_sheet_per_entity_with_a_frozen_bold_filtered_header(
    reported: World, client: TestClient
) -> None:
    sheets = workbook(client, "country=ID&lang=en")
    # no contacts: anonymous; last, the sources of the data and their licences
    assert list(sheets) == ["Partnerships", "Instruments", "Activities", "Sources"]
    (source,) = table(sheets.pop("Sources"))
    credit = str(source["Data and licences"])
    assert "(CC BY-SA 4.0)" in credit and "GeoNames (CC BY 4.0)" in credit
    for ws in sheets.values():
        assert ws.freeze_panes == "A2"
        assert all(cell.font.b for cell in ws[1])
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert ws.column_dimensions["B"].width >= 8
    partnerships = table(sheets["Partnerships"])
    assert sorted(r["ID"] for r in partnerships) == sorted(reported.pairs.values())  # all in Indonesia
    dormant = next(r for r in partnerships if r["ID"] == reported.pairs["dormant"])
    assert (dormant["Place"], dormant["Country"], dormant["Partner"], dormant["Partner's country"]) == (
        "Bandung",
        "Indonesia",
        "Suwon",
        "South Korea",
    )
    assert dormant["Status"] == "Dormant" and dormant["Stage"] == "Memorandum of Understanding"
    assert dormant["First date"] == datetime(2014, 6, 2)  # a real date cell
    assert str(dormant["Page"]).endswith(f"/partnerships/{reported.pairs['dormant']}")
    active = next(r for r in partnerships if r["ID"] == reported.pairs["active"])
    assert active["Next step"] == "Ministry facilitation"
    assert (
        active["Documents it needs"] == "Request for facilitation to the Ministry of Home Affairs (missing)"
    )


def test_the_rows_match_the_filter_and_dates_are_date_cells(reported: World, client: TestClient) -> None:
    sheets = workbook(client, "status=expiring&within_days=90&country=ID")
    assert [r["ID"] for r in table(sheets["Partnerships"])] == [reported.pairs["expiring"]]
    (mou,) = table(sheets["Instruments"])
    assert mou["Partnership ID"] == reported.pairs["expiring"] and mou["Validity"] == "Expiring"
    assert mou["Valid until"] == datetime.fromisoformat(ahead(30))
    cell = next(c for c in sheets["Instruments"][2] if c.value == mou["Valid until"])
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert [r["Type"] for r in table(sheets["Activities"])] == ["Visit"]
    assert table(workbook(client, "status=expiring&within_days=10&country=ID")["Partnerships"]) == []
    quiet = table(workbook(client, f"place={reported.ids['hamamatsu']}")["Activities"])
    dates = sorted(str(r["Date"]) for r in quiet)
    assert "2019-03" in dates  # a month stays text: no day is made up


def test_labels_in_indonesian_for_lang_id(reported: World, client: TestClient) -> None:
    sheets = workbook(client, "country=ID&lang=id")
    assert list(sheets) == ["Kemitraan", "Dokumen kerja sama", "Kegiatan", "Sumber data"]
    (source,) = table(sheets["Sumber data"])
    assert str(source["Data dan lisensinya"]).startswith("Data: daftar kota kembar Wikipedia (CC BY-SA 4.0)")
    rows = table(sheets["Kemitraan"])
    dormant = next(r for r in rows if r["ID"] == reported.pairs["dormant"])
    assert dormant["Negara mitra"] == "Korea Selatan" and dormant["Status"] == "Tidak aktif"
    assert str(dormant["Alasan"]).startswith("MoU ditandatangani 2 Juni 2014")
    assert {r["Jenis"] for r in table(sheets["Dokumen kerja sama"])} >= {"Nota kesepahaman"}
    date_cell = sheets["Kemitraan"]["L"][1:]
    assert any(c.is_date and c.number_format == "dd/mm/yyyy" for c in date_cell)


def test_contacts_only_for_a_signed_in_reader(reported: World, client: TestClient) -> None:
    with reported.db.write() as s:
        secret = tokens.create_token(s, reported.editor, "bandung@example.org", "export").secret
    sheets = workbook(client, "country=ID", Authorization=f"Bearer {secret}")
    assert list(sheets) == ["Partnerships", "Instruments", "Activities", "Contacts", "Sources"]
    (dewi,) = table(sheets["Contacts"])
    assert dewi["Email"] == "dewi@bandung.go.id" and dewi["Partnership ID"] == reported.pairs["expiring"]
    assert dewi["Contact of"] == "Bandung – Busan"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=sleepy", "status: unknown value 'sleepy'"),
        ("kind=twins", "kind: unknown value 'twins'"),
        ("country=XQ", "country: 'XQ' is not an ISO 3166-1"),
        ("decade=1995", "decade: 1995 is not a decade"),
    ],
)
def test_a_bad_filter_is_a_422_naming_it(client: TestClient, query: str, message: str) -> None:
    for path in ("xlsx", "csv"):
        r = client.get(f"/api/v1/exports/{path}?{query}")
        assert r.status_code == 422 and message in r.json()["detail"]


def test_csv_for_excel_with_indonesian_settings(reported: World, client: TestClient) -> None:
    r = client.get("/api/v1/exports/csv?country=ID&partner_country=KR&excel=id")
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    text = r.content.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[-1] == "" and len(lines) - 2 == 3  # header, three partnerships with Korea, final CRLF
    rows = list(csv.reader(lines[:-1], delimiter=";"))
    # the workbook's partnerships sheet in Indonesian: its columns, its labels
    sheet = table(workbook(client, "country=ID&partner_country=KR&lang=id")["Kemitraan"])
    assert rows[0] == list(sheet[0]) and "Negara mitra" in rows[0] and "a_lat" not in rows[0]
    by_id = {int(row[0]): dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_id) == {reported.pairs["expiring"], reported.pairs["dormant"], reported.pairs["renewed"]}
    for cells in sheet:
        said = by_id[int(str(cells["ID"]))]
        for label, value in cells.items():
            shown = value.strftime("%d/%m/%Y") if isinstance(value, datetime) else str(value or "")
            assert said[label] == shown, label
    dormant = by_id[reported.pairs["dormant"]]
    assert dormant["Negara mitra"] == "Korea Selatan" and dormant["Status"] == "Tidak aktif"
    assert dormant["Tanggal pertama"] == "02/06/2014"  # a date as the workbook shows it
    english = client.get("/api/v1/exports/csv?country=ID&partner_country=KR&excel=en").content
    header = english.decode("utf-8-sig").split("\r\n")[0].split(",")
    assert english.startswith(b"\xef\xbb\xbf") and header[:3] == ["ID", "Place", "Country"]
    assert b",2014-06-02," in english and b"Dormant" in english
    # without excel=: plain UTF-8 and commas, in the language asked
    plain = client.get("/api/v1/exports/csv?country=ID&lang=id")
    assert not plain.content.startswith(b"\xef\xbb\xbf") and plain.text.startswith("ID,Tempat,Negara,")


def test_the_csv_export_without_parameters_is_unchanged(reported: World, client: TestClient) -> None:
    r = client.get("/api/v1/exports/csv")
    with reported.db.session() as s:
        assert r.text == export.export(s, "csv")
    assert not r.content.startswith(b"\xef\xbb\xbf") and r.text.count("\n") == len(reported.pairs) + 1
    assert client.get("/api/v1/exports/csv?excel=xx").status_code == 422
    assert client.get("/api/v1/exports/geojson").status_code == 200  # the other formats stay


def pdf_text(client: TestClient, path: str) -> str:
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(r.content))
    # pypdf keeps the lines as drawn; spaces between words are what a reader sees
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_place_report_has_stages_expiring_dormant_activities_and_a_map(
    reported: World, client: TestClient
) -> None:
    text = pdf_text(client, f"/reports/places/{reported.ids['bandung']}.pdf?lang=en")
    # dated the day it is made (the world's day, or the next when the run crossed midnight)
    dated = {"Report of " + Translator("en").when(d.isoformat()) for d in (TODAY, date.today())}
    assert "Bandung" in text and any(d in text for d in dated)
    assert "Partnerships by stage" in text and "Memorandum of Understanding" in text
    assert "Instruments expiring within 90 days" in text
    assert "Bandung – Busan (South Korea)" in text and "30" in text
    assert "Dormant partnerships" in text and "Bandung – Suwon (South Korea)" in text
    assert f"Activities of {TODAY.year}" in text and "Lokakarya tata kota" in text
    assert "Map of the partnerships" in text
    assert "Bekasi – Braunschweig" not in text  # Bekasi's own partnership is not Bandung's
    # the sources of the data and their licences close the report
    assert "Wikipedia lists of twin towns and sister cities (CC BY-SA 4.0)" in " ".join(text.split())


def test_a_stage_not_recorded_is_written_as_the_stages_beside_it(reported: World, client: TestClient) -> None:
    """The stage tables printed "Evaluasi" above "tidak tercatat"."""
    with reported.db.write() as s:
        partnerships.create(
            s,
            reported.editor,
            PartnershipCreate(place_a=reported.ids["bekasi"], place_b=reported.ids["suwon"], stage=None),
        )
    text = pdf_text(client, f"/reports/places/{reported.ids['bekasi']}.pdf?lang=id")
    assert "Tidak tercatat" in text and "tidak tercatat" not in text


def test_the_province_report_counts_its_cities(reported: World, client: TestClient) -> None:
    text = pdf_text(client, f"/reports/places/{reported.ids['west_java']}.pdf?lang=en")
    assert "Province of Indonesia, with its regencies and cities" in text
    assert "Partnerships by place" in text
    assert "Bekasi – Braunschweig (Germany)" in text and "Bandung – Busan (South Korea)" in text
    assert "Surabaya" not in text  # Jawa Timur


def test_the_country_report_in_indonesian(reported: World, client: TestClient) -> None:
    text = pdf_text(client, "/reports/countries/id.pdf?lang=id")
    assert "Indonesia" in text and "Kemitraan menurut provinsi" in text and "ID-JB" in text
    assert "Kemitraan tidak aktif" in text and "Bandung – Suwon (Korea Selatan)" in text
    assert "Dokumen yang berakhir dalam 90 hari" in text


def test_a_report_of_nothing_says_so(reported: World, client: TestClient) -> None:
    text = pdf_text(client, f"/reports/places/{reported.ids['unplaced']}.pdf?lang=en")
    assert "No partnership is recorded for Desa Tanpa Wilayah." in text
    text = pdf_text(client, "/reports/countries/FR.pdf?lang=id")
    assert "Belum ada kemitraan yang tercatat untuk Perancis." in text
    assert client.get("/reports/places/999999.pdf").status_code == 404
    assert client.get("/reports/countries/XQ.pdf").status_code == 404
    # a malformed code in the address: no report there either (the pages' 404, uifix25)
    malformed = client.get("/reports/countries/X1.pdf?lang=en")
    assert malformed.status_code == 404 and "There is no page at this address." in malformed.text


def test_names_print_as_written(reported: World, client: TestClient) -> None:
    with reported.db.write() as s:
        place = s.get(Place, reported.ids["braunschweig"])
        assert place is not None
        place.name = "Łódź Hải Phòng"
    text = pdf_text(client, f"/reports/places/{reported.ids['bekasi']}.pdf")
    assert "Bekasi – Łódź Hải Phòng (Germany)" in text
    assert printable("Kraków 東京") == "Kraków ??"  # what the font lacks is said so, not dropped


def test_map_frames_its_points() -> None:
    view = frame([(107.6, -6.9), (129.1, 35.2)], aspect=2.0)
    assert view.west < 107.6 and view.east > 129.1 and view.south < -6.9 and view.north > 35.2
    assert abs(view.width / view.height - 2.0) < 1e-9
    assert frame([(-120, 40), (150, -35)], aspect=2.0) == WORLD  # wider than the world: all of it
    rings = outlines()
    assert len(rings) > 250 and all(
        -180 <= lon <= 180 and -90 <= lat <= 90 for ring in rings for lon, lat in ring
    )


def test_place_and_country_pages_link_their_reports(reported: World, client: TestClient) -> None:
    place = client.get(f"/places/{reported.ids['bandung']}").text
    assert f'href="/reports/places/{reported.ids["bandung"]}.pdf"' in place
    assert 'href="/reports/countries/ID.pdf"' in client.get("/countries/ID").text
    assert '<link rel="stylesheet" href="/static/print.css" media="print">' in place
    css = client.get("/static/print.css").text
    assert "@media print" in css and ".leaflet-control-container" in css and "form.search" in css


def test_an_export_lists_the_parties_as_recorded_unless_one_is_the_filters() -> None:
    from kembar.db.models import Partnership
    from kembar.lifecycle.facets import Filters
    from kembar.reports.tables import _ours_first

    bandung = Place(id=3, name="Bandung", country_code="ID", admin_code="ID-JB")
    busan = Place(id=9, name="Busan", country_code="KR", admin_code="KR-26")
    recorded = Partnership(id=1, place_a=bandung, place_b=busan, b_first=True)  # Busan named first
    assert [p.name for p in _ours_first(recorded, Filters())] == ["Busan", "Bandung"]
    assert [p.name for p in _ours_first(recorded, Filters(country="ID"))] == ["Bandung", "Busan"]


def test_the_first_date_and_stage_follow_the_instruments_signed(reported: World, client: TestClient) -> None:
    """Bandung – Suwon's first date was "–" though its MoU was signed on 20 December 2021:
    here Bekasi – Petaling Jaya, with no date recorded, gets an MoU signed that day."""
    with reported.db.write() as s:
        instruments.add(
            s,
            reported.editor,
            reported.pairs["unknown"],
            InstrumentCreate(type="mou", signed_on="2021-12-20", valid_until="2031-12-20"),
        )
    text = " ".join(pdf_text(client, f"/reports/places/{reported.ids['bekasi']}.pdf?lang=en").split())
    listed = text.split("The partnerships", 1)[1]
    assert "Petaling Jaya" in listed and "20 December 2021" in listed
    assert "not recorded" not in listed.lower()  # exploration recorded, the MoU signed: the MoU stage
    rows = table(workbook(client, f"place={reported.ids['petaling_jaya']}&lang=en")["Partnerships"])
    assert rows[0]["First date"] == datetime(2021, 12, 20)
    assert rows[0]["Stage"] == (
        "Memorandum of Understanding (from the Memorandum of Understanding signed on 20 December 2021;"
        " stage recorded: Exploration)"
    )
    assert rows[0]["Next step"] == "Implementation agreement"


def test_held_or_planned_is_labelled_in_both_languages(reported: World, client: TestClient) -> None:
    english = table(workbook(client, f"place={reported.ids['hamamatsu']}&lang=en")["Activities"])
    assert {r["Held or planned"] for r in english} == {"Held"}
    indonesian = table(workbook(client, f"place={reported.ids['hamamatsu']}&lang=id")["Kegiatan"])
    assert {r["Terlaksana atau direncanakan"] for r in indonesian} == {"Terlaksana"}


def test_the_exports_give_the_stage_and_first_date_the_pages_show(
    reported: World, client: TestClient
) -> None:
    # "unknown" has no first date and the stage "exploration" recorded; an MoU signed in
    # 2020 makes its stage "mou" and its first date the signing, as its page says
    with reported.db.write() as s:
        instruments.add(
            s,
            reported.editor,
            reported.pairs["unknown"],
            InstrumentCreate(type="mou", signed_on="2020-03-04", status="signed"),
        )
    with reported.db.session() as s:
        by_id = {r["id"]: r for r in export.rows(s)}
    assert (by_id[reported.pairs["unknown"]]["stage"], by_id[reported.pairs["unknown"]]["first_date"]) == (
        "mou",
        "2020-03-04",
    )
    assert by_id[reported.pairs["expiring"]]["stage"] == "mou"  # "exploration" recorded, an MoU signed
    line = next(
        x
        for x in client.get("/api/v1/exports/csv").text.splitlines()
        if x.startswith(f"{reported.pairs['unknown']},")
    )
    assert ",mou,2020-03-04," in line
    page = client.get(f"/partnerships/{reported.pairs['unknown']}", params={"lang": "en"}).text
    assert "4 March 2020" in page


def test_a_reports_title_is_the_name_a_reader_sees(reported: World, client: TestClient) -> None:
    """The title a PDF viewer shows in its window and tab: a country's name, not its code."""

    def title(path: str) -> str | None:
        meta = PdfReader(io.BytesIO(client.get(path).content)).metadata
        return meta.title if meta else None

    assert title("/reports/countries/KR.pdf?lang=id") == "Korea Selatan"
    assert title("/reports/countries/kr.pdf?lang=en") == "South Korea"
    assert title(f"/reports/places/{reported.ids['bandung']}.pdf?lang=en") == "Bandung"
