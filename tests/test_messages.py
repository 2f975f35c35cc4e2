"""Sentences kept to be said later (kembar.messages): their values stored as JSON and read
back typed, said in each language by the Translator."""

from __future__ import annotations

import pytest

from kembar import messages
from kembar.errors import Label, Message, Phrase, When
from kembar.i18n import Translator


def test_every_kind_of_value_comes_back_as_it_was_stored() -> None:
    params = {
        "pair": "Bandung – Busan",
        "id": 12,
        "stage": Label("stage", "loi"),
        "what": Label("activity", "business_meeting", lower=True),
        "date": When("2024-03"),
        "none": Phrase("summary.no_date", lower=True),
        "summary": Message("summary.partnership.edited", {"pair": "Surabaya – Busan"}),
    }
    assert messages.loads(messages.dumps(params)) == params


@pytest.mark.parametrize("stored", [None, "", "not json", "[1, 2]", '{"stage": {"label": "loi"}}'])
def test_values_that_cannot_be_read_are_none(stored: str | None) -> None:
    assert messages.loads(stored) == {}


def test_an_unknown_shape_is_shown_as_text() -> None:
    assert messages.loads('{"x": {"odd": 1}, "y": [1], "z": true}') == {
        "x": '{"odd": 1}',
        "y": "[1]",
        "z": "True",
    }


def test_a_row_without_a_key_keeps_no_message() -> None:
    assert messages.kept(None, '{"pair": "A – B"}') is None
    assert messages.kept("summary.partnership.edited", None) == Message("summary.partnership.edited", {})


def test_a_summary_is_said_in_each_language() -> None:
    moved = Message("summary.partnership.stage", {"pair": "Bandung – Busan", "stage": Label("stage", "loi")})
    assert messages.english(moved) == "Bandung – Busan: stage Letter of Intent"
    assert Translator("id").say(moved) == "Bandung – Busan: tahap Surat Pernyataan Kehendak (LoI)"
    visit = Message(
        "summary.activity.edited",
        {"what": Label("activity", "visit", lower=True), "date": When("2024-03-05")},
    )
    assert messages.english(visit) == "Edited the visit of 5 March 2024"
    assert Translator("id").say(visit) == "Mengubah kunjungan (5 Maret 2024)"
    undone = Message("summary.revert", {"id": 7, "summary": moved})
    assert Translator("id").say(undone) == (
        "Membatalkan perubahan 7: Bandung – Busan: tahap Surat Pernyataan Kehendak (LoI)"
    )
