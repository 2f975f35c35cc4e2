"""Fields of cooperation: lists after their cue or before the words that end them, and
fields said as the kind of a tie."""

from __future__ import annotations

from kembar.extract.mentions import MentionIndex
from kembar.extract.pipeline import extract

_SIGNED = "Ipoh and Fuzhou signed a sister city agreement. "


def _fields(index: MentionIndex, text: str) -> list[str]:
    found = extract(text, None, index).partnerships
    assert len(found) == 1, [(p.a.name, p.b.name) for p in found]
    return sorted(found[0].fields)


def test_fields_said_as_the_kind_of_a_tie(index: MentionIndex) -> None:
    said = _SIGNED + "The mayors praised the cultural exchanges their residents already enjoy."
    assert _fields(index, said) == ["culture"]
    joined = _SIGNED + "Both mayors hope for economic and cultural ties that last."
    assert _fields(index, joined) == ["culture", "economy_trade"]
    # a word that is no field's before the noun names none ("closer ties")
    assert _fields(index, _SIGNED + "Both mayors hope for closer ties that last.") == []


def test_a_tie_between_other_bodies_gives_the_pair_no_field(index: MentionIndex) -> None:
    text = _SIGNED + "The visit also brought health cooperation between a city hospital and a college."
    assert _fields(index, text) == []
    ours = _SIGNED + "The visit also brought health cooperation between the two cities."
    assert _fields(index, ours) == ["health"]


def test_a_term_inside_a_longer_term_of_another_field(index: MentionIndex) -> None:
    text = _SIGNED + "The two cities will focus on sustainable development."
    assert _fields(index, text) == ["urban_planning"]


def test_a_list_before_on_the_list_and_after_an_emphasis(index: MentionIndex) -> None:
    before = _SIGNED + "Fisheries and tourism are also on the list of the agreement."
    assert _fields(index, before) == ["agriculture_food", "tourism"]
    after = _SIGNED + "The agreement puts an emphasis on farm produce."
    assert _fields(index, after) == ["agriculture_food"]


def test_fields_right_after_the_tie_in_indonesian_and_malay(index: MentionIndex) -> None:
    indonesian = (
        "Kota Malang dan Kota Chuncheon meneken kerja sama kota kembar. Kedua wali kota sepakat memperluas "
        "kerja sama perdagangan, investasi, dan pariwisata."
    )
    assert _fields(index, indonesian) == ["economy_trade", "investment", "tourism"]
    malay = (
        "Majlis Bandaraya Melaka dan Bandar Nanjing menandatangani perjanjian bandar kembar. Kedua-dua "
        "bandar akan meluaskan kerjasama pelancongan dan pendidikan."
    )
    assert _fields(index, malay) == ["education", "tourism"]
    # a student exchange is what the tie does, not a field the article names for it
    exchange = "Kota Malang dan Kota Chuncheon meneken kerja sama kota kembar. Ada pertukaran pelajar."
    assert _fields(index, exchange) == []


def test_fields_after_sharing_expertise_and_after_an_aim(index: MentionIndex) -> None:
    english = (
        _SIGNED + "Under the agreement, the cities will share expertise in urban planning and flood control."
    )
    assert _fields(index, english) == ["disaster_water", "urban_planning"]
    indonesian = (
        "Kota Malang dan Kota Chuncheon meneken kerja sama kota kembar. Kerja sama itu diharapkan "
        "mendorong investasi dan perdagangan kedua daerah."
    )
    assert _fields(index, indonesian) == ["economy_trade", "investment"]
    # "kepakaran" (expertise) is what is shared, no field
    malay = (
        "Majlis Bandaraya Melaka dan Bandar Nanjing menandatangani perjanjian bandar kembar. Kedua-dua "
        "bandar akan berkongsi kepakaran dalam pengurusan sisa pepejal dan pengangkutan awam."
    )
    assert _fields(index, malay) == ["transport", "waste"]
