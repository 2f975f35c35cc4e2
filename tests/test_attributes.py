"""Stage 6, attributes: status, kind, instrument, date, validity, number and fields."""

from __future__ import annotations

from datetime import date

from kembar.extract.mentions import MentionIndex
from kembar.extract.model import PartnershipFact
from kembar.extract.pipeline import extract


def _one(index: MentionIndex, text: str, published: date | None = None) -> PartnershipFact:
    found = extract(text, published, index).partnerships
    assert len(found) == 1, [(p.a.name, p.b.name) for p in found]
    return found[0]


def test_plans_negations_and_renewals(index: MentionIndex) -> None:
    planned = _one(index, "Kota Bandung akan menandatangani MoU sister city dengan Kota Braunschweig.")
    assert (planned.status, planned.instrument) == ("planned", "mou")
    explored = _one(index, "Pemkot Ambon menjajaki kerja sama kota kembar dengan Kota Kyoto, Jepang.")
    assert explored.status == "planned"
    negated = extract(
        "The city of Perth and Kobe met, but no new sister city agreement was signed.", None, index
    )
    assert all(p.status != "signed" for p in negated.partnerships)
    renewed = _one(
        index,
        "Pemerintah Kota Surabaya memperpanjang kerja sama kota kembar dengan Kota Busan, Korea Selatan.",
    )
    assert (renewed.status, renewed.kind) == ("renewed", "sister_city")
    reaffirmed = _one(
        index, "East Java and Western Australia reaffirmed their sister state relationship in Perth."
    )
    assert reaffirmed.status == "renewed"


def test_an_existing_tie_with_hopes_stays_existing(index: MentionIndex) -> None:
    text = (
        "Padang dan Hildesheim sudah bekerja sama sebagai kota kembar sejak 20 Juni 1988. "
        "Hubungan kedua kota akan diperkuat ke depan, kata wali kota."
    )
    tie = _one(index, text, date(2021, 3, 25))
    assert (tie.status, tie.date) == ("existing", "1988-06-20")


def test_friendship_only_where_the_text_says_so(index: MentionIndex) -> None:
    friendship = _one(index, "Petaling Jaya and Kuala Terengganu signed a Friendship City MoU on Monday.")
    assert friendship.kind == "friendship_city"
    plain = _one(index, "Pemprov Jawa Tengah dan Provinsi Fujian menandatangani kerja sama ekonomi.")
    assert plain.kind == "cooperation"


def test_the_signing_date_not_the_validity_end_nor_a_plan(index: MentionIndex) -> None:
    text = (
        "Pemkot Malang dan Kota Kurashiki menandatangani nota kesepahaman pada 14 Mei 2025. "
        "Nota kesepahaman itu berlaku hingga 14 Mei 2030."
    )
    signed = _one(index, text, date(2025, 5, 15))
    assert (signed.date, signed.valid_until) == ("2025-05-14", "2030-05-14")
    planned = _one(
        index, "Kupang dan Darwin akan menandatangani MoU sister city pada 3 Juni 2023.", date(2023, 3, 16)
    )
    assert planned.date is None


def test_weekdays_and_relative_days_need_the_articles_day(index: MentionIndex) -> None:
    text = (
        "KOTA KINABALU, March 16 (Bernama) -- Kota Kinabalu and Vladivostok signed a sister city "
        "agreement on Monday."
    )
    assert _one(index, text).date is None  # no year: the date stays unknown
    assert _one(index, text, date(2010, 3, 16)).date == "2010-03-15"
    yesterday = "KUNMING: Sarawak and Yunnan signed a friendship MoU yesterday."
    assert _one(index, yesterday, date(2017, 3, 22)).date == "2017-03-21"


def test_an_undated_signing_takes_the_day_the_news_happened(index: MentionIndex) -> None:
    text = (
        "Pemerintah Kota Yogyakarta meneken kerja sama kota kembar dengan Kota Baalbek, Libanon. "
        "Acara itu dihadiri banyak tamu. Ada tari dan musik. Warga menonton dari jalan. "
        '"Kedua kota itu mirip," kata Wali Kota Yogyakarta, Sabtu (25/10).'
    )
    assert _one(index, text, date(2008, 10, 26)).date == "2008-10-25"
    assert _one(index, text).date is None  # no publication, no year for the day


def test_an_existing_tie_keeps_the_day_its_own_sentence_gives(index: MentionIndex) -> None:
    text = (
        "Pada 16 disember 1986 pula, Seremban dan Bukit Tinggi telah diistiharkan sebagai bandar berkembar."
    )
    tie = _one(index, text)
    assert (tie.status, tie.date) == ("existing", "1986-12-16")


def test_the_headline_speaks_of_its_own_pair_not_of_examples(index: MentionIndex) -> None:
    text = (
        "Sister City dengan Lyon Disiapkan Pontianak\n\n"
        "Pemerintah Kota Pontianak menyiapkan sister city dengan Kota Lyon di Prancis. "
        "Beberapa kota sudah menjalankan sister city, seperti kota Semarang dengan Brisbane di Australia."
    )
    status = {frozenset((p.a.name, p.b.name)): p.status for p in extract(text, None, index).partnerships}
    assert status == {
        frozenset({"Pontianak", "Lyon"}): "planned",
        frozenset({"Semarang", "Brisbane"}): "existing",
    }


def test_an_old_signing_is_background(index: MentionIndex) -> None:
    text = "Back in April, Kuala Lumpur and Hangzhou signed a Letter of Intent on twin cities."
    tie = _one(index, text, date(2024, 9, 10))
    assert (tie.status, tie.instrument, tie.date) == ("existing", "loi", "2024-04")


def test_validity_term_and_number(index: MentionIndex) -> None:
    text = (
        "Petaling Jaya and Kuala Terengganu signed a friendship city MoU No. 12/MBPJ/2022. "
        "The MoU runs for five years."
    )
    tie = _one(index, text, date(2022, 11, 24))
    assert (tie.term_years, tie.number) == (5, "12/MBPJ/2022")


def test_fields_are_read_where_the_cooperation_is_described(index: MentionIndex) -> None:
    text = (
        "Kota Bandung dan Kota Braunschweig menandatangani kerja sama kota kembar. "
        "Kerja sama tersebut meliputi bidang pendidikan, kesehatan, dan pariwisata. "
        "Kepala Dinas Pariwisata dan Kebudayaan hadir."
    )
    assert _one(index, text).fields == ["tourism", "education", "health"]


def test_a_list_of_fields_before_and_other_fields(index: MentionIndex) -> None:
    text = (
        "Ipoh and Fuzhou signed a sister city agreement. The two cities will promote exchanges in trade, "
        "scientific research, sport and other fields."
    )
    assert sorted(_one(index, text).fields) == ["economy_trade", "technology_innovation", "youth_sports"]
    indonesian = (
        "Kota Malang dan Kota Chuncheon meneken kerja sama kota kembar. Keduanya akan bertukar pengalaman "
        "soal pertanian, olahraga, dan bidang lainnya."
    )
    assert sorted(_one(index, indonesian).fields) == ["agriculture_food", "youth_sports"]


def test_a_signing_on_an_unknown_weekday_takes_no_other_agreements_date(index: MentionIndex) -> None:
    text = (
        "The sister city agreement between Kota Bogor and Kisarazu was signed on Tuesday. Behind it lies a "
        "framework agreement signed by the two countries' ministries on 4 March 2015."
    )
    assert _one(index, text).date is None  # no publication date: Tuesday is unknown
    assert _one(index, text, date(2024, 5, 9)).date == "2024-05-07"


def test_a_tie_said_since_a_year_elsewhere_does_not_date_a_signing(index: MentionIndex) -> None:
    text = (
        "The Ipoh City Council and the Fuzhou municipal government have signed a memorandum of "
        "understanding. The memorandum follows talks held since 2016 between the provinces."
    )
    found = _one(index, text)
    assert (found.status, found.date) == ("signed", None)
    # In the pair's own sentence, "since" dates the tie itself.
    own = _one(index, "Ipoh and Fuzhou have been sister cities since 1990, and signed a new memorandum.")
    assert own.date == "1990"


def test_a_list_of_fields_before_the_word_fields(index: MentionIndex) -> None:
    english = (
        "Kota Kinabalu and Rizhao signed a sister city agreement. Tourism, education and trade are the "
        "fields the agreement names."
    )
    assert sorted(_one(index, english).fields) == ["economy_trade", "education", "tourism"]
    indonesian = (
        "Kota Malang dan Kota Chuncheon meneken kerja sama kota kembar. Pendidikan, pariwisata dan "
        "perdagangan menjadi bidang yang disepakati kedua wali kota."
    )
    assert sorted(_one(index, indonesian).fields) == ["economy_trade", "education", "tourism"]
    malay = (
        "Majlis Bandaraya Melaka dan Bandar Nanjing menandatangani perjanjian bandar kembar. Pelancongan "
        "dan pendidikan merupakan bidang utama kerjasama itu."
    )
    assert sorted(_one(index, malay).fields) == ["education", "tourism"]


def test_fields_after_cooperation_on(index: MentionIndex) -> None:
    indonesian = (
        "Kota Malang dan Kota Chuncheon meneken kerja sama kota kembar. Kedua kota akan bekerja sama "
        "soal pendidikan dan pariwisata."
    )
    assert sorted(_one(index, indonesian).fields) == ["education", "tourism"]
    malay = (
        "Majlis Bandaraya Melaka dan Bandar Nanjing menandatangani perjanjian bandar kembar. Kedua-dua "
        "bandar akan bekerjasama mengenai pendidikan dan pelancongan."
    )
    assert sorted(_one(index, malay).fields) == ["education", "tourism"]


def test_waste_water_is_sanitation_not_water_supply(index: MentionIndex) -> None:
    english = (
        "Ipoh and Fuzhou signed a sister city agreement. The two cities will cooperate in waste water "
        "management and tourism."
    )
    assert sorted(_one(index, english).fields) == ["tourism", "waste"]
    indonesian = (
        "Kota Malang dan Kota Chuncheon meneken kerja sama kota kembar. Kerja sama itu meliputi bidang "
        "pengelolaan air limbah dan pariwisata."
    )
    assert sorted(_one(index, indonesian).fields) == ["tourism", "waste"]
    malay = (
        "Majlis Bandaraya Melaka dan Bandar Nanjing menandatangani perjanjian bandar kembar. Kerjasama itu "
        "merangkumi bidang pengurusan air sisa dan pelancongan."
    )
    assert sorted(_one(index, malay).fields) == ["tourism", "waste"]


def test_a_tie_made_into_another_is_the_existing_one(index: MentionIndex) -> None:
    # "upgrade tie A into tie B": the cue of strengthening an existing tie is A's; B is hoped
    for text in (
        "Gubernur berharap meningkatkan kerja sama kota kembar Bandung-Braunschweig menjadi provinsi "
        "kembar, yaitu Jawa Barat dengan Lower Saxony.",
        "The governor hopes to strengthen the Bandung-Braunschweig sister city tie into a sister "
        "province partnership between West Java and Lower Saxony.",
    ):
        found = {frozenset((p.a.key, p.b.key)): p.status for p in extract(text, None, index).partnerships}
        assert found[frozenset({"iso:ID-JB", "iso:DE-NI"})] == "planned", text
    # a tie that is itself the subject of "menjadi" stays existing
    assert (
        _one(index, "Kota Padang telah menjadi kota kembar Kota Hildesheim sejak 1988.").status == "existing"
    )


def test_malay_twinning_verbs_and_a_joint_statement(index: MentionIndex) -> None:
    twinned = _one(index, "Majlis Bandaraya Melaka berkembar dengan Bandar Nanjing sejak tahun 2001.")
    assert (twinned.kind, twinned.status) == ("sister_city", "existing")
    joint = _one(
        index, "Kerajaan Negeri Johor dan Wilayah Guangdong menandatangani kenyataan bersama semalam."
    )
    assert (joint.instrument, joint.status) == ("agreement", "signed")
