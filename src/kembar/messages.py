"""Sentences kept to be said later in the reader's language: a change set's summary, a
note Kembar writes itself. What is stored is the key of the interface's sentence and its
values as JSON (`dumps`, `loads`), beside the English text (`english`) that the API, the
CLI and the rows written before keep showing.

A value is stored as itself when it is text or a number, and as a one-key object when the
pages translate it: {"label": [vocabulary, key], "lower": bool}, {"phrase": key, "lower": bool},
{"when": "2024-03"}, {"message": key, "params": {...}}.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from kembar.errors import Label, Message, Param, Phrase, When


def _plain(value: Param) -> Any:
    if isinstance(value, Label):
        return {"label": [value.vocabulary, value.key], "lower": value.lower}
    if isinstance(value, Phrase):
        return {"phrase": value.key, "lower": value.lower}
    if isinstance(value, When):
        return {"when": value.iso}
    if isinstance(value, Message):
        return {"message": value.key, "params": _plain_all(value.params)}
    return value


def _plain_all(params: Mapping[str, Param]) -> dict[str, Any]:
    return {name: _plain(value) for name, value in params.items()}


def dumps(params: Mapping[str, Param]) -> str:
    return json.dumps(_plain_all(params), ensure_ascii=False)


def _param(value: Any) -> Param:
    if isinstance(value, bool) or not isinstance(value, str | int | dict):
        return str(value)
    if not isinstance(value, dict):
        return value
    if "label" in value:
        vocabulary, key = value["label"]
        return Label(str(vocabulary), str(key), bool(value.get("lower")))
    if "phrase" in value:
        return Phrase(str(value["phrase"]), bool(value.get("lower")))
    if "when" in value:
        return When(str(value["when"]))
    if "message" in value:
        return Message(str(value["message"]), _params(value.get("params")))
    return json.dumps(value, ensure_ascii=False)


def _params(values: Any) -> dict[str, Param]:
    if not isinstance(values, dict):
        return {}
    return {str(name): _param(value) for name, value in values.items()}


def loads(text: str | None) -> dict[str, Param]:
    """The values stored by `dumps` (none for a row without them, or unreadable ones)."""
    if not text:
        return {}
    try:
        return _params(json.loads(text))
    except (ValueError, TypeError):
        return {}


def plain(text: str | None) -> dict[str, Any]:
    """The stored values as JSON objects (those of `dumps`), for the API: none for a row
    without them, or unreadable ones."""
    try:
        values = json.loads(text) if text else {}
    except (ValueError, TypeError):
        return {}
    return values if isinstance(values, dict) else {}


def kept(key: str | None, params: str | None) -> Message | None:
    """The message stored as a key and its JSON values (None for a row without a key)."""
    return Message(key, loads(params)) if key else None


def english(message: Message) -> str:
    """The message in English: the text stored beside it, for the API and the CLI."""
    from kembar.i18n import Translator

    return Translator("en").say(message)
