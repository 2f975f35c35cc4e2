"""Reading HTML forms into the registry's schemas, and saying what is wrong next to each
field, in the reader's language.

A handler reads the posted values (`FormDep`) into a `FormState`, and inside `submit()`
(a savepoint: a refused write leaves nothing behind) builds a schema with `build()`
(which raises `FormErrors`, one message per field) and calls the library. When the
outcome has a status, it renders the same form again from the state: what was typed
and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from kembar.errors import InvalidInput, KembarError, NotFoundIn, PlaceNotFound, VersionConflict
from kembar.i18n import Translator

Model = TypeVar("Model", bound=BaseModel)

# Repeatable rows of people (signatories, participants): the inputs of one row.
PERSON_PARTS = ("name", "role", "org")


async def read_form(request: Request) -> FormData:
    """The posted form (already parsed and cached when the CSRF check read it)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(read_form)]


@dataclass
class PlaceChoice:
    id: int
    label: str


@dataclass
class FormState:
    """What a form shows: the values (typed, or of the row being edited), a message per
    field, one for the whole form, and, after a version conflict, the row's current
    values beside the typed ones."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    conflict: list[tuple[str, str, str]] = field(default_factory=list)
    choices: dict[str, list[PlaceChoice]] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, list):
            return str(value[-1]) if value else default
        return str(value)

    def getlist(self, name: str) -> list[str]:
        value = self.values.get(name)
        if value is None or value == "":
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def people(self, prefix: str, spare: int = 1) -> list[dict[str, str]]:
        """The rows of a repeatable group of people, with `spare` empty rows to fill."""
        columns = [self.getlist(f"{prefix}_{part}") for part in PERSON_PARTS]
        count = max((len(c) for c in columns), default=0)
        rows = [
            {part: (col[i] if i < len(col) else "") for part, col in zip(PERSON_PARTS, columns, strict=True)}
            for i in range(count)
        ]
        rows = [r for r in rows if any(r.values())]
        return rows + [dict.fromkeys(PERSON_PARTS, "") for _ in range(spare)]

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.problem or self.conflict)


class FormErrors(Exception):
    """The form cannot be sent on: a message per field (and possibly one for the form)."""

    def __init__(self, errors: dict[str, str], problem: str | None = None) -> None:
        super().__init__("; ".join(errors.values()) or problem or "")
        self.errors = errors
        self.problem = problem


def values_of(form: FormData) -> dict[str, Any]:
    """Every posted value as typed (text stripped; a repeated name gives a list); files
    are left out (they are read on their own)."""
    out: dict[str, Any] = {}
    for key in form:
        items = [v.strip() for v in form.getlist(key) if isinstance(v, str)]
        if not items:
            continue
        out[key] = items if len(items) > 1 or key.endswith(("_name", "_role", "_org")) else items[0]
    out.pop("csrf_token", None)
    return out


def text(values: dict[str, Any], name: str) -> str | None:
    value = values.get(name)
    if isinstance(value, list):
        value = value[-1] if value else None
    return value or None


def whole_number(values: dict[str, Any], name: str, t: Translator) -> int | None:
    value = text(values, name)
    if value is None:
        return None
    if not re.fullmatch(r"\d{1,9}", value):
        raise FormErrors({name: t("form.whole_number")})
    return int(value)


def version(values: dict[str, Any]) -> int | None:
    value = text(values, "version")
    return int(value) if value and value.isdigit() else None


def people(values: dict[str, Any], prefix: str, t: Translator) -> list[dict[str, str | None]]:
    """The filled rows of a repeatable group of people; a row without a name is refused."""
    state = FormState(values)
    out: list[dict[str, str | None]] = []
    for number, row in enumerate(state.people(prefix, spare=0), start=1):
        if not row["name"]:
            raise FormErrors({prefix: t("form.person_needs_name", n=number)})
        out.append({"name": row["name"], "role": row["role"] or None, "organisation": row["org"] or None})
    return out


def upload_of(form: FormData, name: str = "file") -> UploadFile | None:
    found = form.get(name)
    if isinstance(found, UploadFile) and found.filename:
        return found
    return None


def build(schema: type[Model], data: dict[str, Any], t: Translator) -> Model:
    """The schema of the form's values, or FormErrors naming each wrong field."""
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise FormErrors(explain(exc, t)) from None


# Messages of the schemas' own validators, recognised to be said in the reader's language.
_BEFORE = re.compile(r"(\w+) \([^)]*\) is before (\w+)")


def explain(exc: ValidationError, t: Translator) -> dict[str, str]:
    """One translated message per field of a Pydantic validation error."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = [str(p) for p in error["loc"]]
        name, message = _message(loc, error, t)
        errors.setdefault(name, message)
    return errors


def _message(loc: list[str], error: Any, t: Translator) -> tuple[str, str]:
    kind, ctx, msg = error["type"], error.get("ctx") or {}, str(error.get("msg", ""))
    name = loc[0] if loc else "form"
    if name in ("signatories", "participants"):
        return name, t("form.person_row", n=int(loc[1]) + 1 if len(loc) > 1 else 1)
    if kind in ("missing", "string_too_short"):
        return name, t("form.required")
    if kind == "string_too_long":
        return name, t("form.too_long", n=ctx.get("max_length", "?"))
    if kind.startswith("int_") or kind == "int_type":
        return name, t("form.whole_number")
    if kind in ("greater_than_equal", "greater_than"):
        return name, t("form.at_least", n=ctx.get("ge", ctx.get("gt", 0)))
    if kind in ("less_than_equal", "less_than"):
        return name, t("form.at_most", n=ctx.get("le", ctx.get("lt", 0)))
    if kind == "string_pattern_mismatch":
        specific = f"form.pattern.{name}"
        return name, t(specific) if t.has(specific) else t("form.invalid")
    before = _BEFORE.search(msg)
    if before:
        return before.group(1), t("form.before", other=t(f"field.{before.group(2)}"))
    if "same place" in msg:
        return "place_b", t("form.same_place")
    if "YYYY" in msg or "not a date of the calendar" in msg:
        return name, t("form.date")
    if "email" in msg:
        return name, t("form.email")
    if msg.startswith("Value error, unknown"):
        return name, _unknown(msg.removeprefix("Value error, unknown "), t)
    return name, msg.removeprefix("Value error, ")


# "unknown field(s) astrology, space; valid: ...", "unknown size 'huge'; valid: ...",
# "unknown country code(s) QQ (ISO 3166-1 alpha-2 expected)": what and the values refused.
_UNKNOWN = re.compile(r"(?P<what>.+?)(?:\(s\))? '?(?P<values>[^';(]+?)'?(?:;| \(|$)")


def _unknown(rest: str, t: Translator) -> str:
    """The refusal of values outside a vocabulary, naming them: a code typed in a text box
    is not "one of the options" the reader was shown."""
    found = _UNKNOWN.match(rest)
    if found is None:
        return t("form.choose")
    values = found["values"]
    if found["what"] == "country code":
        return t("form.unknown_country", values=values)
    return t("form.unknown", values=values)


def library_problem(exc: KembarError, t: Translator, known: tuple[str, ...]) -> FormErrors:
    """A refusal of the library as a form error, in the reader's language: next to its
    field when it names one of the form's fields, else for the whole form."""
    said = t.error(exc)
    if exc.field is not None and exc.field in known:
        return FormErrors({exc.field: said})
    if exc.key is None and isinstance(exc, InvalidInput):
        # A refusal without a message of the pages: "field: reason" goes next to the field.
        head, sep, rest = exc.message.partition(": ")
        if sep and head in known:
            return FormErrors({head: rest})
    return FormErrors({}, said)


@dataclass
class Outcome:
    """How a submission ended: `status` is None when the write was done."""

    status: int | None = None


@contextmanager
def submit(
    session: Session,
    state: FormState,
    t: Translator,
    known: tuple[str, ...] = (),
    shown: dict[str, str | None] | None = None,
) -> Iterator[Outcome]:
    """Run the building of a schema and the write in a savepoint. A refusal of what was
    typed (422) or a write on an older version of the row (409) undoes everything the
    write did, is recorded in `state` for the form to show, and is not raised; the
    request may still read to draw the form again (its transaction commits nothing).
    Refusals of the account (401, 403) are raised, for the error page."""
    outcome = Outcome()
    try:
        with session.begin_nested():
            yield outcome
    except FormErrors as exc:
        _refused(state, exc)
        outcome.status = 422
    except VersionConflict as exc:
        state.conflict = conflict_rows(exc, state.values, shown or {}, t)
        state.problem = t("form.conflict")
        state.values["version"] = str(exc.current.get("version") or "")
        outcome.status = 409
    except (InvalidInput, PlaceNotFound, NotFoundIn) as exc:
        _refused(state, library_problem(exc, t, known))
        outcome.status = 422


def _refused(state: FormState, exc: FormErrors) -> None:
    state.errors.update(exc.errors)
    if exc.problem:
        state.problem = exc.problem


def conflict_rows(
    exc: VersionConflict, typed: dict[str, Any], shown: dict[str, str | None], t: Translator
) -> list[tuple[str, str, str]]:
    """(label, value stored now, value typed) for each field of the form whose stored
    value differs from the typed one, after someone else changed the row meanwhile.
    `shown` maps a column to its vocabulary (for labels) or None."""
    rows = []
    for column, vocabulary in shown.items():
        if column not in exc.current:
            continue
        now = exc.current[column]
        now_text = "" if now is None else str(now)
        mine = text(typed, column) or ""
        if now_text != mine:
            rows.append((t(f"field.{column}"), _shown(now_text, vocabulary, t), _shown(mine, vocabulary, t)))
    return rows


def _shown(value: str, vocabulary: str | None, t: Translator) -> str:
    if not value:
        return "–"
    return t.label(vocabulary, value) if vocabulary else value
