"""Reading forms (web/forms.py): a refusal of the library becomes a form error in the
reader's language, next to its field when the form has that field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from helpers import EDITOR, sign_in_as
from kembar.errors import InvalidInput, PartnershipNotFound
from kembar.i18n import Translator
from kembar.registry.schemas import DatesOutOfOrder, InstrumentCreate
from kembar.web.forms import explain, library_problem

ID, EN = Translator("id"), Translator("en")


def test_a_refusal_naming_a_field_of_the_form_goes_next_to_it() -> None:
    order = DatesOutOfOrder("end_date", "2023-02", "date", "2023-05-01").refusal()
    shown = library_problem(order, ID, known=("date", "end_date"))
    assert shown.errors == {"end_date": 'Tanggal ini (2023-02) lebih awal dari "Tanggal" (2023-05-01).'}
    assert shown.problem is None
    # a form without that field says it for the whole form
    whole = library_problem(order, EN, known=("title",))
    assert whole.errors == {} and whole.problem == 'This date (2023-02) is before "Date" (2023-05-01).'


def test_an_end_before_its_start_quotes_the_label_of_the_start_in_both_languages() -> None:
    with pytest.raises(ValidationError) as refused:
        InstrumentCreate(type="mou", valid_from="2024-05", valid_until="2023-01")
    assert explain(refused.value, EN) == {"valid_until": "This date is before “Valid from”."}
    assert explain(refused.value, ID) == {"valid_until": "Tanggal ini lebih awal dari “Berlaku sejak”."}


def test_a_refusal_of_no_field_is_said_for_the_whole_form() -> None:
    shown = library_problem(PartnershipNotFound(5), ID, known=("note",))
    assert shown.errors == {} and shown.problem == "Tidak ada kemitraan dengan id 5."
    nothing = InvalidInput("nothing to change: send at least one of kind, note", "form.nothing_changed")
    assert library_problem(nothing, ID, known=("kind",)).problem == "Tidak ada yang diubah."


def test_a_refusal_without_a_message_of_the_pages_keeps_its_field_and_its_english() -> None:
    shown = library_problem(InvalidInput("note: too odd"), ID, known=("note",))
    assert shown.errors == {"note": "too odd"}


def test_a_country_as_a_party_is_refused_next_to_its_field_in_indonesian(
    web: Any, world: dict[str, int]
) -> None:
    token = sign_in_as(web, EDITOR)
    data = {
        "place_a": world["indonesia"],
        "place_b": world["bandung"],
        "kind": "sister_city",
        "csrf_token": token,
    }
    answer = web.post("/partnerships/new?lang=id", data=data)
    assert answer.status_code == 422
    said = "Negara tidak dapat menjadi pihak: kemitraan menghubungkan dua pemerintah daerah."
    assert re.search(r'id="err-place_a"[^>]*>' + re.escape(said), answer.text)
    english = web.post("/partnerships/new?lang=en", data=data).text
    assert "A country cannot be a party" in english and said not in english
