"""Stage 7c, amounts with currency, period and change."""

from __future__ import annotations

from datetime import date

from kembar.extract.mentions import MentionIndex
from kembar.extract.pipeline import extract


def test_amounts_and_changes(index: MentionIndex) -> None:
    text = (
        "Tahun lalu, omzet perdagangan Indonesia dan Kazakhstan mencapai US$174,2 juta. "
        "Selama periode Januari-Maret 2022, perdagangan bilateral meningkat 210 persen menjadi US$118 juta. "
        "Potensi transaksi Rp164 M."
    )
    amounts = extract(text, date(2022, 5, 1), index).amounts
    assert [(a.value, a.currency) for a in amounts] == [
        (174_200_000.0, "USD"),
        (118_000_000.0, "USD"),
        (164_000_000_000.0, "IDR"),
    ]
    assert amounts[0].period == "2021" and amounts[0].name == "Bilateral trade"
    assert amounts[1].period == "2022-01/2022-03" and amounts[1].change is not None
    assert amounts[1].change.value == 210.0
    english = extract("Trade between the two cities reached USD 118 million in 2023.", None, index)
    assert english.amounts[0].value == 118_000_000.0
