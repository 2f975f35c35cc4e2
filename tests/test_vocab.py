import re

import pytest

from helpers import SHARED
from kembar import vocab
from kembar.errors import InvalidInput


def test_fields_match_the_evaluation_contract() -> None:
    path = SHARED / "eval" / "fields.md"
    if not path.is_file():
        pytest.skip("shared/eval/fields.md is not beside this checkout")
    keys = re.findall(r"^\| ([a-z_]+) \|", path.read_text(encoding="utf-8"), re.M)
    assert [k for k in keys if k != "key"] == list(vocab.FIELDS)


def test_every_term_has_both_languages() -> None:
    for table in (
        vocab.FIELDS,
        vocab.STAGES,
        vocab.PARTNERSHIP_KINDS,
        vocab.INSTRUMENT_TYPES,
        vocab.ACTIVITY_TYPES,
    ):
        for term in table.values():
            assert term.en and term.id and term.label("id") != "" and term.label("en") == term.en


def test_check_lists_the_valid_keys() -> None:
    assert vocab.check(vocab.FIELDS, "energy", "field") == "energy"
    with pytest.raises(InvalidInput, match="economy_trade"):
        vocab.check(vocab.FIELDS, "space_travel", "field")
