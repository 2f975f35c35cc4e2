"""The extractor's output model: its JSON form for the CLI."""

from __future__ import annotations

import json
import typing

import pytest
from pydantic import BaseModel

from kembar.extract.model import AmountFact, Change, Extraction, Span
from kembar.extract.pipeline import extract


def _slow(x: Extraction) -> str:
    return json.dumps(x.contract(), ensure_ascii=False, indent=2)


def test_contract_json_is_the_indented_json_of_the_contract() -> None:
    text = (
        "Kota Bandung dan Kota Braunschweig menandatangani MoU kota kembar pada 12 Maret 2019 "
        'di Bandung. Nilai kerja sama Rp 1,5 miliar.\n\nWali Kota "Ridwan" hadir.\t'
    )
    x = extract(text, None)
    assert x.partnerships or x.places
    assert x.contract_json() == _slow(x)


@pytest.mark.parametrize(
    "value", [0.0, 1e-5, -3e-7, 0.0001, 12.5, 1e15, 1e16, 2.5e22, float("inf"), float("nan")]
)
def test_contract_json_writes_every_float_as_json_dumps_does(value: float) -> None:
    span = Span(start=0, end=3, quote='é"\\\x01')
    x = Extraction(
        language="en",
        amounts=[
            AmountFact(value=value, currency="IDR", text="x", evidence=span),
            AmountFact(value=1.0, currency="IDR", text="y", evidence=span, change=Change(value=value)),
        ],
    )
    assert x.contract_json() == _slow(x)


def _float_fields(model: type[BaseModel], seen: set[type]) -> set[str]:
    found = set()
    for name, info in model.model_fields.items():
        for t in (info.annotation, *typing.get_args(info.annotation)):
            for u in (t, *typing.get_args(t)):
                if u is float:
                    found.add(f"{model.__name__}.{name}")
                elif isinstance(u, type) and issubclass(u, BaseModel) and u not in seen:
                    seen.add(u)
                    found |= _float_fields(u, seen)
    return found


def test_every_float_of_the_output_is_checked_before_the_fast_json() -> None:
    # Extraction._floats must yield every float: pydantic writes some unlike json.dumps.
    assert _float_fields(Extraction, set()) == {"AmountFact.value", "Change.value"}
