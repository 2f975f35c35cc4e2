"""The domain errors: one small hierarchy, translated once at each edge (CLI, API)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Label:
    """A value of a vocabulary named in a message (a stage, a role): the pages show its
    label in the reader's language (i18n.VOCABULARIES names the vocabularies), in lower
    case inside a sentence when `lower`."""

    vocabulary: str
    key: str
    lower: bool = False


@dataclass(frozen=True)
class Phrase:
    """A message of the interface named inside another one (a field's name: "field.end_date"),
    in lower case inside a sentence when `lower`."""

    key: str
    lower: bool = False


@dataclass(frozen=True)
class When:
    """A date kept with partial precision (YYYY, YYYY-MM or YYYY-MM-DD) named in a message:
    the pages write it in the reader's language (Translator.when)."""

    iso: str


@dataclass(frozen=True)
class Message:
    """A sentence of the interface with its values, kept to be said later in the reader's
    language (a change set's summary; kembar.messages stores it)."""

    key: str
    params: Mapping[str, Param] = field(default_factory=dict)


# A value of a message: text typed by someone (a name) or a number, shown as is (and
# escaped) by the pages, or a Label, Phrase, When or Message they translate.
Param = str | int | Label | Phrase | When | Message


class KembarError(Exception):
    """Base of every error Kembar reports to a person: `exit_code` for the CLI,
    `http_status` for the web.

    `message` is the English line the CLI and the API show. An error a reader of the pages
    can meet also names the interface's message `key` (i18n_errors.py) and its `params`;
    the pages say that in the reader's language (Translator.error). `field` is the form's
    input it is about, when it is about one."""

    exit_code = 2
    # The HTTP status the API and the pages answer with (translated once, in web/app.py).
    http_status = 422
    # The key of every error of the class, when their message takes no value.
    key: str | None = None

    def __init__(
        self,
        message: str,
        key: str | None = None,
        params: Mapping[str, Param] | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if key is not None:
            self.key = key
        self.params: dict[str, Param] = dict(params or {})
        self.field = field

    def payload(self) -> dict[str, Any]:
        """The JSON body of the API's answer: {"detail": message}, with the input it is
        about when it refuses one (as a refused parameter is, web/app.py), plus what a
        subclass adds."""
        if self.field is not None and self.http_status == 422:
            return {"detail": self.message, "fields": [{"field": self.field, "reason": self.message}]}
        return {"detail": self.message}


class ConfigError(KembarError):
    """A setting (KEMBAR_*) holds a value that cannot be used."""


class InvalidInput(KembarError):
    """A parameter or a file is not of the expected form."""


class DatabaseBusy(KembarError):
    """Another process held the database for longer than the busy timeout."""

    exit_code = 3
    http_status = 503

    def __init__(self) -> None:
        super().__init__("the database is busy (another process is writing to it); try again", "err.busy")


class ReadOnlyDatabase(KembarError):
    """A write was asked of a database this process may only read."""

    http_status = 503


class DatasetError(KembarError):
    """The bundled or given dataset cannot be read."""


class NotFound(KembarError):
    exit_code = 1
    http_status = 404


class PlaceNotFound(NotFound):
    """No place by that name; or, with `field`, no place with the id a form's field holds."""

    def __init__(self, query: str, suggestions: list[str] | None = None, field: str | None = None) -> None:
        self.query = query
        self.suggestions = suggestions or []
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        key, params = "err.no_place_named", {"name": query}
        if self.suggestions:
            key, params = "err.no_place_named_hint", {"name": query, "hint": ", ".join(self.suggestions)}
        if field is not None:
            key, params = "form.place_unknown", {}
        super().__init__(f"no place named {query!r}{hint}", key, params, field)


class AmbiguousPlace(KembarError):
    exit_code = 1

    def __init__(self, query: str, candidates: list[str], country_given: bool = False) -> None:
        self.query = query
        self.candidates = candidates
        hint = " (name one by its id)" if country_given else " (add --country XX, or name one by its id)"
        super().__init__(
            f"{query!r} names {len(candidates)} places: {'; '.join(candidates)}{hint}",
            "err.ambiguous_place",
            {"name": query, "n": len(candidates), "places": "; ".join(candidates)},
        )


class PartnershipNotFound(NotFound):
    def __init__(self, partnership_id: int) -> None:
        super().__init__(
            f"no partnership with id {partnership_id}", "err.no_partnership", {"id": partnership_id}
        )


class ProposalNotFound(NotFound):
    def __init__(self, proposal_id: int) -> None:
        super().__init__(f"no proposal with id {proposal_id}", "err.no_proposal", {"id": proposal_id})


class AlreadyDecided(KembarError):
    """The proposal was decided before (possibly a moment ago, by another process)."""

    exit_code = 1
    http_status = 409

    def __init__(self, proposal_id: int, status: str, by: str | None, at: datetime | None) -> None:
        when = at.strftime("%Y-%m-%d %H:%M:%S UTC") if at else "an unknown time"
        params: dict[str, Param] = {
            "id": proposal_id,
            "status": Phrase(f"review.{status}", lower=True),
            "who": by or "?",
        }
        params["when"] = at.strftime("%Y-%m-%d %H:%M UTC") if at else "?"
        super().__init__(
            f"proposal {proposal_id} was already {status} by {by or 'someone'} at {when}",
            "err.already_decided",
            params,
        )


class NotAuthenticated(KembarError):
    """No one (or no valid token or session) is signed in where an account is needed."""

    exit_code = 2
    http_status = 401


class PermissionDenied(KembarError):
    """The signed-in account's role or scope does not allow the action."""

    exit_code = 1
    http_status = 403


class CsrfRejected(PermissionDenied):
    """An unsafe request without the form's or the session's CSRF token."""

    key = "error.csrf"


class TooManyAttempts(KembarError):
    """Sign-ins are throttled for an account or a client address."""

    exit_code = 1
    http_status = 429

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, retry_after)
        minutes = -(-self.retry_after // 60)
        when = "in a minute" if minutes == 1 else f"in {minutes} minutes"
        super().__init__(
            f"too many failed sign-ins for this account or address; try again {when}",
            "login.throttled",
            {"minutes": minutes},
        )


class UserNotFound(NotFound):
    def __init__(self, email: str) -> None:
        self.email = email
        super().__init__(f"no user with the email {email!r}", "err.no_user", {"email": email})


class DuplicateUser(KembarError):
    http_status = 409

    def __init__(self, email: str) -> None:
        super().__init__(f"a user with the email {email!r} already exists")


class TokenNotFound(NotFound):
    def __init__(self, token_id: int) -> None:
        super().__init__(f"no API token with id {token_id}", "err.no_token", {"id": token_id})


class VersionConflict(KembarError):
    """Someone changed the row since the version the writer read (a lost update refused)."""

    exit_code = 1
    http_status = 409

    def __init__(self, what: str, expected: int, current: dict[str, Any]) -> None:
        self.expected = expected
        self.current = current
        now = current.get("version")
        super().__init__(
            f"{what} was changed by someone else since you read it (your version {expected}, "
            f"now {now}); reload it and apply your change again",
            "err.version_conflict",
            {"expected": expected, "now": str(now)},
        )

    def payload(self) -> dict[str, Any]:
        return {"detail": self.message, "current": self.current}


class NotFoundIn(NotFound):
    """A row of some kind with that id does not exist."""

    def __init__(self, what: str, row_id: int) -> None:
        # One message per kind of row ("err.no.activity"), for the noun's own grammar.
        key = "err.no." + what.replace(" ", "_")
        super().__init__(f"no {what} with id {row_id}", key, {"id": row_id})


class DeliveryFailed(KembarError):
    """A mail server refused a message or did not answer (the reminder is retried next run)."""

    exit_code = 1
    http_status = 502


class RunInProgress(KembarError):
    """The same job is already running in another process."""

    exit_code = 1
    http_status = 409


class FetchError(InvalidInput):
    """A URL that cannot or may not be fetched; the one line names the URL and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"cannot fetch {url}: {reason}", field="url")


class TooLarge(InvalidInput):
    """A request or an uploaded file is larger than allowed."""

    http_status = 413


class PreconditionRequired(KembarError):
    """A write that must say which version of the row it was made on did not."""

    http_status = 428


class PreconditionFailed(KembarError):
    """The version a write names is not one of the row it writes (If-Match of another row,
    or not an ETag at all)."""

    http_status = 412
