"""The domain errors: the English line of the CLI and the API, and the message key and
values the pages say in the reader's language (Translator.error)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import kembar
from kembar.errors import (
    AlreadyDecided,
    CsrfRejected,
    DatabaseBusy,
    InvalidInput,
    Label,
    NotFoundIn,
    PartnershipNotFound,
    PlaceNotFound,
    TooManyAttempts,
    VersionConflict,
)
from kembar.i18n import MESSAGES, Translator
from kembar.registry.schemas import DatesOutOfOrder

SRC = Path(kembar.__file__).parent
EN, ID = Translator("en"), Translator("id")


def test_the_english_message_stays_the_one_of_the_cli_and_the_api() -> None:
    assert PartnershipNotFound(7).message == "no partnership with id 7"
    assert PlaceNotFound("Bandng", ["Bandung"]).message == "no place named 'Bandng'; did you mean Bandung?"
    assert VersionConflict("the contact", 2, {"version": 3}).message == (
        "the contact was changed by someone else since you read it (your version 2, now 3); "
        "reload it and apply your change again"
    )
    assert DatesOutOfOrder("end_date", "2023", "date", "2024").refusal().message == (
        "end_date (2023) is before date (2024)"
    )


def test_the_pages_say_an_error_in_the_readers_language_with_its_values() -> None:
    missing = PartnershipNotFound(7)
    assert ID.error(missing) == "Tidak ada kemitraan dengan id 7."
    assert EN.error(missing) == "There is no partnership with the id 7."
    guess = PlaceNotFound("Bandng", ["Bandung"])
    assert ID.error(guess) == "Tidak ada tempat bernama Bandng. Mungkin maksud Anda Bandung?"
    conflict = VersionConflict("the contact", 2, {"version": 3})
    assert ID.error(conflict).startswith(
        "Orang lain telah mengubah data ini"
    ) and "versi Anda 2, sekarang 3" in (ID.error(conflict))
    assert ID.error(DatabaseBusy()).startswith("Basis data sedang sibuk")
    assert ID.error(TooManyAttempts(90)) == (
        "Terlalu banyak percobaan masuk yang gagal untuk akun atau alamat ini. Coba lagi dalam 2 menit."
    )
    assert ID.error(CsrfRejected("missing or wrong CSRF token")).startswith("Formulir ini kedaluwarsa")


def test_translated_values_follow_the_language_too() -> None:
    order = DatesOutOfOrder("valid_until", "2020-01", "signed_on", "2021-03-04").refusal()
    assert order.field == "valid_until"
    assert EN.error(order) == 'This date (2020-01) is before "Signed on" (2021-03-04).'
    assert ID.error(order) == 'Tanggal ini (2020-01) lebih awal dari "Tanggal penandatanganan" (2021-03-04).'
    decided = AlreadyDecided(4, "rejected", "rina@example.org", datetime(2026, 5, 1, 9, 30, tzinfo=UTC))
    assert (
        ID.error(decided)
        == "Usulan 4 sudah diputuskan (ditolak oleh rina@example.org pada 2026-05-01 09:30 UTC)."
    )
    assert decided.message == "proposal 4 was already rejected by rina@example.org at 2026-05-01 09:30:00 UTC"
    role = InvalidInput("x", "err.admins_only", {"email": "b@example.org", "role": Label("role", "viewer")})
    assert EN.error(role).endswith("(b@example.org is Viewer).")
    assert ID.error(role) != EN.error(role) and "b@example.org" in ID.error(role)


def test_an_error_without_a_message_of_the_pages_keeps_its_english_line() -> None:
    assert ID.error(InvalidInput("limit must be at least 1")) == "limit must be at least 1"
    assert ID.error(InvalidInput("odd", "err.no_such_key")) == "odd"


def _keys_named_in_the_library() -> set[str]:
    """Every message key a raise of the library names: literal keys ("err.busy",
    "doc.not_pdf") and those NotFoundIn builds from its noun (not the templates' names)."""
    keys: set[str] = set()
    for module in SRC.rglob("*.py"):
        if module.name.startswith("i18n"):
            continue
        text = module.read_text(encoding="utf-8")
        keys |= set(re.findall(r'"(err\.[a-z_.]*[a-z_])"', text))
        # messages of the forms an error reuses: the key after its message, or a class's key
        # (not the keys of a table of words: "stage.none": (...))
        reused = r'(?:,\s*|key = )"((?:form|forms|doc|stage|login|error)\.[a-z_]+)"(?!:)'
        keys |= set(re.findall(reused, text))
        for noun in re.findall(r'NotFoundIn\(\s*"([^"]+)"', text):
            keys.add(NotFoundIn(noun, 1).key or "")
    return {k for k in keys if not k.endswith(".html")}


def test_every_error_key_has_both_languages() -> None:
    keys = _keys_named_in_the_library()
    assert len(keys) > 50 and "err.no.activity" in keys and "doc.not_pdf" in keys and "form.unknown" in keys
    missing = sorted(k for k in keys if k not in MESSAGES)
    assert missing == [], missing
    for key in keys:
        en, id_ = MESSAGES[key]
        assert en.strip() and id_.strip() and en != id_, key
    assert "error.no_page" in MESSAGES  # the router's 404 on the pages


def test_the_keys_of_the_errors_exist_with_the_values_they_are_given() -> None:
    """Each keyed error formats in both languages with exactly the values it carries."""
    errors = [
        PartnershipNotFound(1),
        PlaceNotFound("x"),
        PlaceNotFound("x", ["y"]),
        PlaceNotFound("place_a = 9", field="place_a"),
        AlreadyDecided(1, "accepted", None, None),
        TooManyAttempts(5),
        VersionConflict("the place", 1, {"version": 2}),
        DatabaseBusy(),
        DatesOutOfOrder("end_date", "2020", "date", "2021").refusal(),
    ]
    for exc in errors:
        assert exc.key in MESSAGES, exc.key
        for lang in (EN, ID):
            said = lang.error(exc)
            assert "{" not in said and said != exc.message, (exc.key, said)
