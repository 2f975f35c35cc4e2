"""Mentions in context: a place name that is part of a person's name is no place."""

from __future__ import annotations

from kembar.extract.mentions import MentionIndex


def _found(index: MentionIndex, text: str) -> list[tuple[str, str]]:
    return [(m.core, m.place.country) for m in index.find(text)]


def test_a_person_name_after_a_title_and_its_place_is_no_place(index: MentionIndex) -> None:
    # "Bima" is a city in Indonesia; here it is the first name of Bogor's mayor.
    found = index.find("Wali Kota Bogor Bima Arya menerima tamu dari Jepang.")
    assert "Bogor" in {m.place.name for m in found} and all("Bima" not in m.text for m in found)


def test_a_small_place_between_a_given_name_and_a_surname_is_no_place(index: MentionIndex) -> None:
    found = _found(index, "Premier Colin Barnet and the governor met in Perth, Western Australia.")
    assert all(core != "Barnet" for core, _ in found)
    assert ("Western Australia", "AU") in found


def test_common_words_and_short_acronyms_are_no_places(index: MentionIndex) -> None:
    text = "Tak ada kerja sama baru. Kepala Biro KDH dan KLN DKI Jakarta hadir. Jadi, tak ada MoU."
    found = [core for core, _ in _found(index, text)]
    assert "Tak" not in found and "KDH" not in found and "KLN" not in found and "Jadi" not in found
    assert "DKI Jakarta" in found  # a curated alias in capitals stays a place


def test_a_surname_after_a_name_particle_is_no_place(index: MentionIndex) -> None:
    text = "Rencana itu dirintis oleh Drs Said Hussein Al Haj, Wali Kota Banda Aceh terdahulu."
    assert [c for c, _ in _found(index, text)] == ["Kota Banda Aceh"]
    assert ("Al Ain", "AE") in _found(index, "Kerja sama dengan Al Ain diteken.")  # a place holding "Al"


def test_the_place_of_an_office_before_its_holder_is_a_place(index: MentionIndex) -> None:
    # "Bupati Klaten" is Klaten's regent; the name that follows is the regent's.
    found = _found(index, "Kunjungan itu disambut Bupati Klaten Hamenang Wajar Ismoyo di pendapa.")
    assert ("Klaten", "ID") in found
