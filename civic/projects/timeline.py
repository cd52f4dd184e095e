"""How the public timeline tells each kind of event, in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _

from civic.accounts.models import former_member
from civic.projects.models import TimelineEntry
from civic.projects.workflow import PHASE_LABELS, STATE_LABELS, Phase, ProjectState, Step


def _label(value: str) -> str:
    for enum_class, labels in ((Phase, PHASE_LABELS), (ProjectState, STATE_LABELS)):
        try:
            return str(labels[enum_class(value)])  # type: ignore[index]
        except ValueError:
            continue
    if value == Step.TO_COMPLETED:
        return str(STATE_LABELS[ProjectState.COMPLETED])
    return value


def shown_value(entry: TimelineEntry, value: str) -> str:
    """A value of the entry as shown: a person who deleted their account is "former member"
    (deletion empties the name and marks the entry)."""
    if not value and entry.details.get("former_member"):
        return former_member()
    return value


def _contact(entry: TimelineEntry) -> str:
    if not shown_value(entry, entry.to_value):
        return _("The contact in the administration was removed")
    department = entry.details.get("department", "")
    if department:
        return _(
            "%(name)s (%(department)s) is the contact in the administration",
            name=shown_value(entry, entry.to_value),
            department=department,
        )
    return _(
        "%(name)s is the contact in the administration", name=shown_value(entry, entry.to_value)
    )


def describe(entry: TimelineEntry) -> str:
    """One sentence without the actor (the page shows who and when beside it)."""
    old, new = _label(entry.from_value), _label(entry.to_value)
    person_from, person_to = (
        shown_value(entry, entry.from_value),
        shown_value(entry, entry.to_value),
    )
    texts = {
        "created": lambda: _("Idea written"),
        "published": lambda: _("Idea published"),
        "member_joined": lambda: _("%(name)s joined the team", name=person_to),
        "member_left": lambda: _("%(name)s left the team", name=person_from),
        "initiator_handed": lambda: _("%(name)s became initiator", name=person_to),
        "need_posted": lambda: _("Need posted: %(title)s", title=entry.to_value),
        "need_met": lambda: _("Need met: %(title)s", title=entry.to_value),
        "need_closed": lambda: _("Need closed: %(title)s", title=entry.to_value),
        "offer_accepted": lambda: _(
            "Offer of help by %(name)s accepted: %(title)s",
            name=entry.details.get("helper") or shown_value(entry, ""),
            title=entry.to_value,
        ),
        "phase_requested": lambda: _("Requested: from %(old)s to %(new)s", old=old, new=new),
        "phase_request_withdrawn": lambda: _("Request for %(new)s withdrawn", new=new),
        "phase_changed": lambda: _("Phase changed from %(old)s to %(new)s", old=old, new=new),
        "phase_declined": lambda: _("Request from %(old)s to %(new)s declined", old=old, new=new),
        "completed": lambda: _("Project completed"),
        "pause": lambda: _("Project paused"),
        "resume": lambda: _("Project resumed"),
        "withdraw": lambda: _("Project withdrawn"),
        "plan_saved": lambda: _("Plan saved as version %(n)s", n=entry.to_value),
        "milestone_done": lambda: _("Milestone done: %(title)s", title=entry.to_value),
        "milestone_reopened": lambda: _("Milestone reopened: %(title)s", title=entry.to_value),
        "contact_assigned": lambda: _contact(entry),
        "event_announced": lambda: _("Event announced: %(title)s", title=entry.to_value),
        "mentor_joined": lambda: _("%(name)s mentors the project", name=person_to),
        "mentor_left": lambda: _("The mentorship of %(name)s ended", name=person_to),
    }
    text = texts.get(entry.kind)
    return text() if text else entry.kind
