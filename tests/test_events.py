"""Stage 7b, events: the signing with its venue, visits and meetings."""

from __future__ import annotations

from datetime import date

from kembar.extract.mentions import MentionIndex
from kembar.extract.pipeline import extract


def test_the_venue_is_the_signings_place_never_a_party(index: MentionIndex) -> None:
    text = (
        "Pemprov Jawa Tengah menandatangani nota kesepahaman sister province dengan Provinsi "
        "Chungcheongbuk-do di Cheongju, Jumat (17/11/2023)."
    )
    result = extract(text, date(2023, 11, 18), index)
    parties = {name for p in result.partnerships for name in (p.a.name, p.b.name)}
    assert "Cheongju" not in parties
    signing = next(e for e in result.events if e.type == "signing")
    assert (signing.place, signing.date) == ("Cheongju", "2023-11-17")


def test_visits_and_counts(index: MentionIndex) -> None:
    text = (
        "Delegasi Kota Kyoto melakukan kunjungan ke Yogyakarta. Seminar itu dihadiri 120 peserta "
        "dan 5 narasumber."
    )
    result = extract(text, None, index)
    types = {e.type for e in result.events}
    assert "visit" in types
    workshop = [e for e in result.events if e.type == "workshop"]
    assert workshop and (workshop[0].participants_count, workshop[0].speakers) == (120, 5)
