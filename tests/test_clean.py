"""Stage 1, cleaning: page furniture, the headline and the dateline."""

from __future__ import annotations

from kembar.extract.clean import find_dateline, is_furniture, layout

PAGE = """Baca berita tanpa iklan. Gabung Kompas.com+

Kerja Sama Kota Kembar Bandung dan Braunschweig Diperpanjang

Kompas.com - 05/10/2022, 19:42 WIB
Tim Redaksi

BANDUNG, KOMPAS.com - Pemerintah Kota Bandung memperpanjang kerja sama kota kembar dengan Braunschweig.

Baca juga: Banjir di Bandung Surut
Tags: Bandung | Braunschweig | sister city
"""


def test_furniture_lines_are_marked_and_sentences_are_not() -> None:
    assert is_furniture("Baca juga: Banjir di Bandung Surut")
    assert is_furniture("Tags: Bandung | Braunschweig | sister city")
    assert is_furniture("Share: Facebook | Twitter | WhatsApp")
    assert is_furniture("Tim Redaksi")
    assert not is_furniture("Pemerintah Kota Bandung memperpanjang kerja sama kota kembar.")
    assert not is_furniture("Note: The formal ceremony took place on 7th November 2013 in Haikou.")


def test_headline_is_the_title_line_above_the_first_paragraph() -> None:
    page = layout(PAGE)
    assert page.headline is not None
    assert PAGE[page.headline[0] : page.headline[1]].startswith("Kerja Sama Kota Kembar Bandung")
    furniture = [PAGE[a:b] for a, b in page.furniture]
    assert any(line.startswith("Baca juga") for line in furniture)
    assert not any("memperpanjang" in line for line in furniture)


def test_a_photo_caption_written_twice_under_the_headline_is_not_the_headline() -> None:
    """A caption and its alternative text repeat one line below the headline."""
    page_text = (
        "Kerja Sama Jabar dengan Provinsi Mancanegara Ditingkatkan\n\n"
        "Republika/Edi Yusuf\nGubernur Jawa Barat Ahmad Heryawan\nGubernur Jawa Barat Ahmad Heryawan\n\n"
        "BANDUNG -- Hasil nyata menjadi target Pemerintah Provinsi Jawa Barat dari kerja samanya.\n"
    )
    page = layout(page_text)
    assert page.headline is not None
    assert (
        page_text[page.headline[0] : page.headline[1]]
        == "Kerja Sama Jabar dengan Provinsi Mancanegara Ditingkatkan"
    )


def test_the_dateline_names_the_filing_place_and_its_date() -> None:
    page = layout(PAGE)
    assert page.dateline is not None and page.dateline.place == "BANDUNG"
    assert page.in_furniture(PAGE.index("Baca juga"))
    cases = {
        "KUNMING, China: Four memorandums were signed": ("KUNMING", None),
        "KOTA KINABALU (Malaysia), March 16 (Bernama)-- With Vladivostok": ("KOTA KINABALU", "March 16"),
        "Medan, 25/5 (Antara) - Wakil Wali Kota Medan": ("Medan", "25/5"),
        "TEMPO Interaktif, Yogyakarta: Kerja sama persahabatan": ("Yogyakarta", None),
    }
    for line, (place, when) in cases.items():
        found = find_dateline(line, 0, len(line))
        assert found is not None and (found.place, found.date_text) == (place, when), line


def test_a_sentence_starting_with_a_word_and_a_colon_is_no_dateline() -> None:
    for line in ("Photos: Members of the delegation pose", "Note: The ceremony was held in Haikou"):
        assert find_dateline(line, 0, len(line)) is None
