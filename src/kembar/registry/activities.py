"""Activities of a partnership: visits, delegations, business meetings, workshops,
exchanges, with the people who took part and their roles."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kembar.db.models import Activity, ActivityField, Participation
from kembar.errors import InvalidInput, NotFoundIn, Param
from kembar.permissions import Actor, require_edit_places, require_review
from kembar.registry import common, partnerships
from kembar.registry.schemas import ActivityCreate, ActivityUpdate, DatesOutOfOrder, PersonIn, not_before


def get(session: Session, activity_id: int) -> Activity:
    found = session.get(Activity, activity_id)
    if found is None:
        raise NotFoundIn("activity", activity_id)
    return found


def editable(session: Session, actor: Actor | None, activity_id: int) -> Activity:
    """An activity of a partnership is the partnership's editors'; one of cooperation in
    general (no partnership) is the reviewers'."""
    activity = get(session, activity_id)
    if activity.partnership is None:
        require_review(actor)
    else:
        p = activity.partnership
        require_edit_places(session, actor, [p.place_a, p.place_b])
    return activity


def _set_participants(session: Session, activity: Activity, people: list[PersonIn]) -> None:
    activity.participations.clear()
    for who in people:
        org = common.organisation(session, who.organisation)
        activity.participations.append(
            Participation(
                person_id=common.person(session, who.name).id,
                role=who.role,
                organisation_id=org.id if org else None,
            )
        )


def _set_fields(activity: Activity, keys: list[str]) -> None:
    have = {f.field_key: f for f in activity.fields}
    for key, row in have.items():
        if key not in keys:
            activity.fields.remove(row)
    for key in keys:
        if key not in have:
            activity.fields.append(ActivityField(field_key=key))


def _label(activity: Activity) -> dict[str, Param]:
    """The values that name an activity in a change set's summary."""
    return common.activity_named(activity.type, activity.date)


def add(session: Session, actor: Actor | None, partnership_id: int, data: ActivityCreate) -> Activity:
    partnership = partnerships.editable(session, actor, partnership_id)
    assert actor is not None
    if data.place_id is not None:
        common.get_place(session, data.place_id, "place_id")
    activity = Activity(partnership_id=partnership.id, **data.model_dump(exclude={"participants", "fields"}))
    named = {**_label(activity), "pair": common.pair(partnership)}
    common.start(session, actor, "summary.activity.recorded", named)
    session.add(activity)
    session.flush()
    _set_participants(session, activity, data.participants)
    _set_fields(activity, data.fields)
    session.flush()
    return activity


def update(
    session: Session, actor: Actor | None, activity_id: int, data: ActivityUpdate, expected: int | None
) -> Activity:
    activity = editable(session, actor, activity_id)
    assert actor is not None
    common.check_version(activity, expected, "the activity")
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        raise InvalidInput(
            "nothing to change: send at least one of " + ", ".join(ActivityUpdate.model_fields),
            "form.nothing_changed",
        )
    if data.place_id is not None:
        common.get_place(session, data.place_id, "place_id")
    common.start(session, actor, "summary.activity.edited", _label(activity))
    common.apply(activity, changes, skip=("participants", "fields"))
    common.touch(activity, "type")
    try:
        not_before(activity.end_date, activity.date, "end_date", "date")
    except DatesOutOfOrder as exc:
        raise exc.refusal() from None
    if data.participants is not None:
        _set_participants(session, activity, data.participants)
    if data.fields is not None:
        _set_fields(activity, data.fields)
    common.flush(session, activity, "the activity", expected)
    return activity


def remove(session: Session, actor: Actor | None, activity_id: int, reason: str) -> None:
    activity = editable(session, actor, activity_id)
    assert actor is not None
    if not reason or len(reason.strip()) < 3:
        raise InvalidInput("reason: say why the activity is removed", "err.reason_needed", field="reason")
    common.start(session, actor, "summary.activity.removed", _label(activity), reason)
    session.delete(activity)
    session.flush()
