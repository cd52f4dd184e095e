"""The states of mentoring (DESIGN.md §4): mentorships, hurdles, political questions and
mediation requests, with the transitions each allows. Operations consult these tables."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext


class MentorshipStatus(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    ENDED = "ended"


class Origin(enum.StrEnum):
    """Who asked: the team asks a council member, or a council member offers to mentor."""

    TEAM = "team"
    MENTOR = "mentor"


class IntroductionKind(enum.StrEnum):
    GROUP = "group"
    COMPANY = "company"
    SPONSOR = "sponsor"
    DEPARTMENT = "department"
    OTHER = "other"


class HurdleStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    SOLVED = "solved"


class QuestionStatus(enum.StrEnum):
    OPEN = "open"
    BROUGHT = "brought"
    ANSWERED = "answered"


class MediationStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


# A hurdle can move freely between its states (a solved hurdle can come back).
HURDLE_CHANGES: dict[HurdleStatus, set[HurdleStatus]] = {
    HurdleStatus.OPEN: {HurdleStatus.IN_PROGRESS, HurdleStatus.SOLVED},
    HurdleStatus.IN_PROGRESS: {HurdleStatus.OPEN, HurdleStatus.SOLVED},
    HurdleStatus.SOLVED: {HurdleStatus.OPEN, HurdleStatus.IN_PROGRESS},
}

# A question is brought into the council and answered; an answer is final.
QUESTION_CHANGES: dict[QuestionStatus, set[QuestionStatus]] = {
    QuestionStatus.OPEN: {QuestionStatus.BROUGHT, QuestionStatus.ANSWERED},
    QuestionStatus.BROUGHT: {QuestionStatus.ANSWERED},
    QuestionStatus.ANSWERED: set(),
}

MENTORSHIP_STATUS_LABELS = {
    MentorshipStatus.PENDING: _l("Waiting for an answer"),
    MentorshipStatus.ACTIVE: _l("Active"),
    MentorshipStatus.DECLINED: _l("Declined"),
    MentorshipStatus.WITHDRAWN: lazy_pgettext("request", "Withdrawn"),
    MentorshipStatus.ENDED: _l("Ended"),
}

INTRODUCTION_KIND_LABELS = {
    IntroductionKind.GROUP: _l("Group or association"),
    IntroductionKind.COMPANY: _l("Company"),
    IntroductionKind.SPONSOR: _l("Sponsor"),
    IntroductionKind.DEPARTMENT: _l("Department of the administration"),
    IntroductionKind.OTHER: _l("Other"),
}

HURDLE_STATUS_LABELS = {
    HurdleStatus.OPEN: _l("Open"),
    HurdleStatus.IN_PROGRESS: _l("In progress"),
    HurdleStatus.SOLVED: _l("Solved"),
}

QUESTION_STATUS_LABELS = {
    QuestionStatus.OPEN: _l("Open"),
    QuestionStatus.BROUGHT: _l("Brought into the council"),
    QuestionStatus.ANSWERED: _l("Answered"),
}

MEDIATION_STATUS_LABELS = {
    MediationStatus.OPEN: _l("Open"),
    MediationStatus.CLOSED: _l("Closed"),
}
