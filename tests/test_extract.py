"""Reading articles: dates, amounts, statuses, places, and the scores on the seeds and on
the development set (bench/extract_dev)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import SHARED
from kembar.cli import app
from kembar.errors import InvalidInput
from kembar.extract.core import Reader, extract
from kembar.extract.dates import find_dates
from kembar.extract.mentions import MentionIndex
from kembar.extract.reader import read_article

DEV = Path(__file__).resolve().parents[1] / "bench" / "extract_dev"


@pytest.fixture(scope="session")
def index() -> MentionIndex:
    return MentionIndex.build()


def _pairs(result: dict) -> set[tuple[str, str]]:
    return {tuple(sorted((p["a"]["name"], p["b"]["name"]))) for p in result["partnerships"]}  # type: ignore[misc]


def test_dates_in_the_forms_news_uses() -> None:
    text = "Senin (3/7/2023) ... pada 31 Januari 2023 ... Senin (11/8) ... pada Oktober 2024 ... July 3, 2023"
    values = [d.value for d in find_dates(text, date(2025, 8, 12))]
    assert values == ["2023-07-03", "2023-01-31", "2025-08-11", "2024-10", "2023-07-03"]
    # Without a publication date a day without its year stays unknown.
    assert "2025-08-11" not in [d.value for d in find_dates(text)]
    # A day-month after the publication date belongs to the year before.
    assert find_dates("Rabu (30/12)", date(2025, 1, 5))[0].value == "2024-12-30"


def test_amounts_and_changes(index: MentionIndex) -> None:
    text = (
        "Tahun lalu, omzet perdagangan Indonesia dan Kazakhstan mencapai US$174,2 juta. "
        "Selama periode Januari-Maret 2022, perdagangan bilateral meningkat 210 persen menjadi US$118 juta. "
        "Potensi transaksi Rp164 M."
    )
    amounts = extract(text, date(2022, 5, 1), index)["amounts"]
    values = [(a["value"], a["currency"]) for a in amounts]
    assert values == [(174_200_000.0, "USD"), (118_000_000.0, "USD"), (164_000_000_000.0, "IDR")]
    assert amounts[0]["period"] == "2021"
    assert amounts[1]["period"] == "2022-01/2022-03" and amounts[1]["change"]["value"] == 210.0
    english = extract("Trade between the two cities reached USD 118 million in 2023.", None, index)
    assert english["amounts"][0]["value"] == 118_000_000.0


def test_national_relations_are_not_partnerships(index: MentionIndex) -> None:
    text = (
        "Indonesia dan Jepang menandatangani nota kesepahaman kerja sama perdagangan kedua negara. "
        "Kerja sama dengan Jepang mencakup bidang energi."
    )
    assert extract(text, None, index)["partnerships"] == []


def test_plans_negations_and_renewals(index: MentionIndex) -> None:
    planned = extract(
        "Kota Bandung akan menandatangani MoU sister city dengan Kota Braunschweig.", None, index
    )
    assert [(p["status"], p["instrument"]) for p in planned["partnerships"]] == [("planned", "mou")]
    negated = "The city of Perth and Kobe met, but no new sister city agreement was signed."
    assert all(p["status"] != "signed" for p in extract(negated, None, index)["partnerships"])
    renewed = extract(
        "Pemerintah Kota Surabaya memperpanjang kerja sama kota kembar dengan Kota Busan, Korea Selatan.",
        None,
        index,
    )
    assert [(p["status"], p["kind"]) for p in renewed["partnerships"]] == [("renewed", "sister_city")]


def test_places_through_exonyms_and_abbreviations(index: MentionIndex) -> None:
    r = Reader(
        "Pemprov DKI menjalin kerja sama dengan Kota Moskow, Rusia, dan Kaltim bersama IKN.", None, index
    )
    keys = {m.place.name for s in r.sentences for m in s.mentions}
    assert {"Jakarta", "Moscow", "Kalimantan Timur", "Nusantara"} <= keys


def test_an_article_without_partnership(index: MentionIndex) -> None:
    text = "Banjir kilat melanda beberapa kawasan di Shah Alam petang semalam. Tiada kemalangan jiwa."
    result = extract(text, None, index)
    assert result["partnerships"] == [] and result["language"] == "ms"


def _score(gold_file: Path, root: Path) -> dict:
    sys.path.insert(0, str(SHARED / "eval"))
    import score_extract

    cases = score_extract.load_cases(str(gold_file), str(root))
    tp = fp = fn = 0
    for case in cases:
        published = date.fromisoformat(case["published"]) if case.get("published") else None
        preds = extract(case["text"], published)["partnerships"]
        golds = [g for g in case["gold"]["partnerships"] if not g.get("optional")]
        matched = sum(any(score_extract.pair_matches(p, g) for p in preds) for g in golds)
        optional = [g for g in case["gold"]["partnerships"] if g.get("optional")]
        extra = [p for p in preds if not any(score_extract.pair_matches(p, g) for g in golds + optional)]
        tp, fn, fp = tp + matched, fn + len(golds) - matched, fp + len(extra)
    return {"tp": tp, "fp": fp, "fn": fn}


@pytest.mark.slow
@pytest.mark.skipif(
    not (SHARED / "eval" / "seeds_gold.json").exists(), reason="shared/ is not beside this checkout"
)
def test_seed_articles_are_read_completely(index: MentionIndex) -> None:
    counts = _score(SHARED / "eval" / "seeds_gold.json", SHARED)
    assert counts == {"tp": 5, "fp": 0, "fn": 0}


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "eval").exists(), reason="shared/ is not beside this checkout")
def test_development_set_scores(index: MentionIndex) -> None:
    counts = _score(DEV / "gold.json", DEV)
    precision = counts["tp"] / (counts["tp"] + counts["fp"])
    recall = counts["tp"] / (counts["tp"] + counts["fn"])
    assert precision >= 0.9 and recall >= 0.9, counts


def test_reader_refuses_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        read_article(b"  \n ", "a.txt")
    with pytest.raises(InvalidInput, match="binary"):
        read_article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.png")
    with pytest.raises(InvalidInput, match="5 MB"):
        read_article(b"a" * (5 * 1024 * 1024 + 1), "big.txt")
    latin = "Kerja sama Bandung–Braunschweig: Straße und Café".encode("cp1252", errors="replace")
    assert "Café" in read_article(latin, "latin.txt").text
    html = (
        b"<html><head><title>Kota kembar</title><script>alert('x')</script></head><body><article>"
        + b"<p>Pemerintah Kota Bandung menandatangani MoU sister city dengan Kota Braunschweig, Jerman. " * 3
        + b"</p></article></body></html>"
    )
    article = read_article(html, "page.html")
    assert article.was_html and "alert" not in article.text and "Braunschweig" in article.text


runner = CliRunner()


def test_cli_extract_json_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path / "home"))
    article = tmp_path / "a.txt"
    article.write_text(
        "Pemerintah Kota Makassar menandatangani perjanjian kerja sama kota kembar dengan Kota Davao, "
        "Filipina, Selasa (4/6/2024).",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(article), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(p["status"], p["date"]) for p in data["partnerships"]] == [("signed", "2024-06-04")]
    evidence = data["partnerships"][0]["evidence"][0]
    assert article.read_text()[evidence["start"] : evidence["end"]] == evidence["quote"]
    text = runner.invoke(app, ["extract", str(article)])
    assert "Makassar" in text.output and "signed" in text.output
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    bad = runner.invoke(app, ["extract", str(empty)])
    assert bad.exit_code == 2 and "empty" in bad.output and "Traceback" not in bad.output
    assert runner.invoke(app, ["extract", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["extract", str(tmp_path / "missing.txt")]).exit_code == 2
    assert runner.invoke(app, ["extract", str(article), "--published", "3 July"]).exit_code == 2


def test_people_roles_and_organisations(index: MentionIndex) -> None:
    from kembar.extract.core import organisation_of

    text = (
        "Kepala Otorita IKN Bambang Susantono dan Gubernur Astana Zhenis Kassymbek menandatangani MoU. "
        "Turut hadir Kepala Dinas Kominfo Kaltim M Faisal."
    )
    people = {p["name"]: (p["role"], p["organisation"]) for p in extract(text, None, index)["people"]}
    assert people["Bambang Susantono"] == ("Kepala Otorita IKN", "Otorita IKN")
    assert people["Zhenis Kassymbek"] == ("Gubernur Astana", None)
    assert people["M Faisal"][1] == "Dinas Kominfo Kaltim"
    assert organisation_of(None) is None
