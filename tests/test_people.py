"""Stage 7a, people with their roles and organisations."""

from __future__ import annotations

import re

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


def test_a_title_never_reaches_across_a_conjunction_or_into_a_name(index: MentionIndex) -> None:
    # Two people joined by "dan"/"and": the first title's holder is not named, and the
    # second title belongs to the name that follows it, not to the first title.
    text = (
        "Gubernur Jawa Tengah dan Gubernur Chungcheongbuk-do Kim Young-hwan meneken MoU tersebut. "
        "The agreement was signed by the Governor of Missouri and Bungaran Saragih in Jakarta.\n"
        "Gubernur Jawa Barat Ahmad Heryawan\nGubernur Jawa Timur Soekarwo hadir."
    )
    people = {p.name: p.role for p in extract(text, None, index).people}
    assert people["Kim Young-hwan"] == "Gubernur Chungcheongbuk-do"
    assert people["Ahmad Heryawan"] == "Gubernur Jawa Barat"  # the name stops at the line's end
    assert "Bungaran Saragih" not in people
    for name, role in people.items():
        assert not re.search(r"\b(?:Gubernur|Governor)\b", name), name
        assert not re.search(r"\b(?:dan|and)$", role), role


def test_a_place_inside_a_persons_name_is_no_party(index: MentionIndex) -> None:

    text = "Mayor of Kochi Seiya Okazaki signed a sister city agreement with Surabaya on Monday."
    found = extract(text, None, index)
    assert [(p.a.name, p.b.name) for p in found.partnerships] == [("Surabaya", "Kochi")]
    assert [p.name for p in found.people] == ["Seiya Okazaki"]
