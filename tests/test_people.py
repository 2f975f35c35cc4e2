"""Stage 7a, people with their roles and organisations."""

from __future__ import annotations

from kembar.extract.mentions import MentionIndex
from kembar.extract.people import organisation_of
from kembar.extract.pipeline import extract


def test_people_roles_and_organisations(index: MentionIndex) -> None:
    text = (
        "Kepala Otorita IKN Bambang Susantono dan Gubernur Astana Zhenis Kassymbek menandatangani MoU. "
        "Turut hadir Kepala Dinas Kominfo Kaltim M Faisal."
    )
    people = {p.name: (p.role, p.organisation) for p in extract(text, None, index).people}
    assert people["Bambang Susantono"] == ("Kepala Otorita IKN", "Otorita IKN")
    assert people["Zhenis Kassymbek"] == ("Gubernur Astana", None)
    assert people["M Faisal"][1] == "Dinas Kominfo Kaltim"
    assert organisation_of(None) is None
