"""Dates as news writes them."""

from __future__ import annotations

from datetime import date

from kembar.extract.dates import dateline_day, find_dates, names_unread_day


def test_dates_in_the_forms_news_uses() -> None:
    text = "Senin (3/7/2023) ... pada 31 Januari 2023 ... Senin (11/8) ... pada Oktober 2024 ... July 3, 2023"
    values = [d.value for d in find_dates(text, date(2025, 8, 12))]
    assert values == ["2023-07-03", "2023-01-31", "2025-08-11", "2024-10", "2023-07-03"]
    # Without a publication date a day without its year stays unknown.
    assert "2025-08-11" not in [d.value for d in find_dates(text)]
    # A day-month after the publication date belongs to the year before.
    assert find_dates("Rabu (30/12)", date(2025, 1, 5))[0].value == "2024-12-30"


def test_relative_days_count_from_the_articles_day() -> None:
    hits = find_dates("signed yesterday; met on Monday", date(2010, 3, 17), day=date(2010, 3, 16))
    assert [(h.value, h.relative) for h in hits] == [("2010-03-15", True), ("2010-03-15", True)]
    assert find_dates("ditandatangani kemarin") == []
    assert dateline_day("March 16", date(2010, 3, 17)) == date(2010, 3, 16)
    assert dateline_day("25/5", None) is None


def test_a_month_alone_takes_the_publication_year() -> None:
    assert [d.value for d in find_dates("signed in April", date(2024, 9, 10))] == ["2024-04"]
    assert [d.value for d in find_dates("signed in October", date(2024, 9, 10))] == ["2023-10"]


def test_days_only_the_articles_date_can_place() -> None:
    for text in ("signed on Tuesday", "diteken kemarin", "Rabu (12/6) lalu", "on 3 March", "Julai 14 lalu"):
        assert names_unread_day(text), text
    for text in ("signed on 3 March 2021", "pada 2019", "diteken (12/6/2024)"):
        assert not names_unread_day(text), text


def test_dates_after_a_month_name_are_those_a_full_scan_finds() -> None:
    from kembar.extract import dates
    from kembar.extract.lexicon import lowered

    p = dates._patterns()
    texts = [
        "Signed on July 3, 2023 and March 2024; in Sept 12 the mayor came. JULY 4, 2023, july 2023",
        "Dec. 1, 2022 Mayday mayor maret 2021 Agustus 17 okt 2020 December 31 2021",
        "A letter that case-insensitive matching takes for an ASCII one: ſeptember 3, 2023",
        "A letter that lower-casing lengthens: İstanbul, May 5, 2023",
    ]
    for text in texts:
        starts = dates._month_starts(lowered(text))
        for pattern in (p.month_day_year, p.month_day, p.month_year):
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in dates._matches(pattern, text, starts)] == expected
    assert dates._month_starts(lowered(texts[2])) is None and dates._month_starts(lowered(texts[3])) is None
