"""Names as lists and letterheads write them: administrative words dropped in a row, the
level they name kept, and the qualifier after a comma or in brackets kept apart."""

from __future__ import annotations

from kembar.name_forms import bare_forms, bare_names, names_region, qualifier_forms, split_qualifier


def test_administrative_words_are_dropped_one_after_another() -> None:
    assert bare_forms("pemerintah kota bandung") == [("bandung", "city")]
    assert bare_forms("pemerintah daerah provinsi jawa barat")[-1] == ("jawa barat", "province")
    assert bare_forms("brisbane city council") == [("brisbane city", None), ("brisbane", "city")]
    assert bare_forms("tokyo metropolitan government") == [("tokyo", "city")]
    assert bare_forms("kota administrasi jakarta pusat") == [("jakarta pusat", "city")]
    assert bare_forms("state of penang") == [("penang", "province")]
    assert bare_forms("osaka prefecture") == [("osaka", "province")]
    # China's autonomous regions and Russia's republics as English names them
    assert bare_names("xinjiang uyghur autonomous region") == ["xinjiang uyghur", "xinjiang"]
    assert bare_forms("ningxia hui autonomous region")[-1] == ("ningxia", "province")
    assert bare_forms("republic of tatarstan") == [("tatarstan", "province")]
    assert bare_forms("souss massa region") == [("souss massa", "province")]
    # official and letterhead words of other languages, and "X State" for a state
    assert bare_forms("landeshauptstadt munchen") == [("munchen", "city")]
    assert bare_forms("freie und hansestadt hamburg") == [("hamburg", "city")]
    assert bare_forms("london borough of camden") == [("camden", "city")]
    assert bare_forms("township of edison") == [("edison", "city")]
    assert bare_forms("region of souss massa") == [("souss massa", "province")]
    assert bare_forms("khartoum state") == [("khartoum", "province")]
    assert bare_forms("ankara buyuksehir belediyesi")[0] == ("ankara", None)
    assert bare_forms("sharqia governorate") == [("sharqia", "province")]
    # never down to nothing, and a bare name has no other form
    assert bare_forms("kota") == [] and bare_forms("kota ab") == []
    assert bare_names("bandung") == []


def test_a_qualifier_is_kept_apart() -> None:
    assert split_qualifier("Portland, Oregon") == ("Portland", "Oregon")
    assert split_qualifier("Perth (Western Australia)") == ("Perth", "Western Australia")
    assert split_qualifier("Los Angeles, California, USA") == ("Los Angeles", "California, USA")
    for plain in ("Kota Kinabalu", ", Oregon", "(Saale)", "Halle (Saale) (x)"):
        assert split_qualifier(plain) == (plain, None)


def test_a_qualifier_names_a_region_in_any_of_its_usual_forms() -> None:
    assert names_region("Gyeonggi-do", qualifier_forms("Gyeonggi Province"))
    assert names_region("California", qualifier_forms("California, United States"))
    assert not names_region("Oregon", qualifier_forms("Maine"))
    assert not names_region(None, qualifier_forms("Maine"))


def test_other_written_forms_of_a_name() -> None:
    from kembar.name_forms import written_forms

    assert written_forms("australia barat") == ["west australia", "western australia"]
    assert "south cotabato" in written_forms("cotabato selatan")
    assert written_forms("timur barat laut")[0] == "northwest timur"
    assert written_forms("st martin des champs")[0] == "saint martin des champs"
    assert written_forms("ste foy") == ["sainte foy"]
    # a name that is only the word, or that has none, has no other form
    assert written_forms("barat") == [] and written_forms("bandung") == []


def test_a_us_municipalitys_word_is_dropped() -> None:
    from kembar.name_forms import without_municipal_word

    assert without_municipal_word("Warminster Township", "US") == "Warminster"
    assert without_municipal_word("Clinton Charter Township", "US") == "Clinton"
    assert without_municipal_word("Prairie Village", "US") == "Prairie"
    assert without_municipal_word("Garissa Township", "KE") is None
    assert without_municipal_word("Township", "US") is None
