"""Who may do what with the fund. Each predicate guards its view, its operation and the
button in the page. ``user`` may be the anonymous user of Flask-Login.

Fund officers check, review, decide and pay; admins set up the funds and see everything, but
do not decide (separation of duties). The team of a project applies and reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from civic.accounts.models import Role
from civic.core.permissions import has_role, is_admin
from civic.fund.models import Application, Fund
from civic.fund.workflow import EDITABLE, FUNDED, OPEN, Status
from civic.projects.models import Project
from civic.projects.permissions import is_team_member
from civic.projects.workflow import Phase, ProjectState


def is_officer(user: Any) -> bool:
    return has_role(user, Role.FUND_OFFICER)


def can_manage_funds(user: Any) -> bool:
    return is_admin(user)


def can_work_queue(user: Any) -> bool:
    return is_officer(user) or is_admin(user)


def call_is_open(fund: Fund, today: date) -> bool:
    return fund.call_opens_on <= today <= fund.call_closes_on


def project_may_apply(project: Project) -> bool:
    """Projects in development or implementation that are active apply for money."""
    return project.state is ProjectState.ACTIVE and project.phase in (
        Phase.DEVELOPMENT,
        Phase.IMPLEMENTATION,
    )


def can_apply(user: Any, project: Project, fund: Fund, today: date) -> bool:
    return (
        is_team_member(user, project) and project_may_apply(project) and call_is_open(fund, today)
    )


def is_team(user: Any, application: Application) -> bool:
    return is_team_member(user, application.project)


def can_view_application(user: Any, application: Application) -> bool:
    return is_team(user, application) or can_work_queue(user)


def can_edit_application(user: Any, application: Application) -> bool:
    return (
        is_team(user, application)
        and application.status in EDITABLE
        and application.project.state is ProjectState.ACTIVE
    )


def can_submit_application(user: Any, application: Application, today: date) -> bool:
    return can_edit_application(user, application) and call_is_open(application.fund, today)


def can_withdraw_application(user: Any, application: Application) -> bool:
    return is_team(user, application) and application.status in OPEN


def officer_for(user: Any, application: Application) -> bool:
    """A fund officer who is not on the applying team: nobody judges their own project."""
    return is_officer(user) and not is_team(user, application)


def can_check(user: Any, application: Application) -> bool:
    """The formal check: start it, send back, or pass the application on to the review."""
    return officer_for(user, application) and application.status in (
        Status.SUBMITTED,
        Status.FORMAL_CHECK,
    )


def can_review(user: Any, application: Application) -> bool:
    return officer_for(user, application) and application.status is Status.IN_REVIEW


def can_decide(user: Any, application: Application) -> bool:
    return officer_for(user, application) and application.status is Status.IN_REVIEW


def can_confirm(user: Any, application: Application) -> bool:
    """The four-eyes principle: a second, different officer confirms (nobody confirms their
    own decision)."""
    return (
        officer_for(user, application)
        and application.status is Status.AWAITING_CONFIRMATION
        and application.proposed_by_id != user.id
    )


def can_view_reviews(user: Any) -> bool:
    """Assessments are internal to the fund management."""
    return can_work_queue(user)


def can_record_payment(user: Any, application: Application) -> bool:
    return (
        officer_for(user, application)
        and application.status in FUNDED
        and application.paid_cents < application.approved_cents
    )


def can_submit_proof(user: Any, application: Application) -> bool:
    return is_team(user, application) and application.status in (
        Status.APPROVED,
        Status.PARTIALLY_APPROVED,
    )


def can_upload_receipt(user: Any, application: Application) -> bool:
    return can_submit_proof(user, application)


def can_view_receipts(user: Any, application: Application) -> bool:
    return can_view_application(user, application)


def can_judge_proof(user: Any, application: Application) -> bool:
    """Accept the proof of use (and close) or ask for more."""
    return officer_for(user, application) and application.status is Status.PROOF_SUBMITTED


def can_view_notice(user: Any, application: Application) -> bool:
    """The printable approval notice."""
    return can_view_application(user, application) and (
        application.status in FUNDED or application.status is Status.CLOSED
    )
