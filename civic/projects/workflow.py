"""The project lifecycle of DESIGN.md §3: phases, states, the allowed transitions and the gate
criteria that a project must meet before its team may ask for the next step.

Operations consult these tables; nothing else decides whether a transition is allowed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

if TYPE_CHECKING:
    from civic.projects.models import PlanVersion, Project


class Phase(enum.StrEnum):
    INITIATION = "initiation"
    DEVELOPMENT = "development"
    IMPLEMENTATION = "implementation"


class ProjectState(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class Step(enum.StrEnum):
    """What a team asks the coordination office for."""

    TO_DEVELOPMENT = "development"
    TO_IMPLEMENTATION = "implementation"
    TO_COMPLETED = "completed"


class MemberRole(enum.StrEnum):
    INITIATOR = "initiator"
    MEMBER = "member"


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class NeedKind(enum.StrEnum):
    PLANNING = "planning"
    EXPERTISE = "expertise"
    PUBLICITY = "publicity"
    FINANCING = "financing"
    ROOMS = "rooms"
    MATERIAL = "material"
    OTHER = "other"


class NeedStatus(enum.StrEnum):
    OPEN = "open"
    MET = "met"
    CLOSED = "closed"


PHASE_LABELS = {
    Phase.INITIATION: _l("Initiation"),
    Phase.DEVELOPMENT: _l("Development"),
    Phase.IMPLEMENTATION: _l("Implementation"),
}

STATE_LABELS = {
    ProjectState.DRAFT: _l("Draft"),
    ProjectState.ACTIVE: _l("Active"),
    ProjectState.PAUSED: _l("Paused"),
    ProjectState.COMPLETED: _l("Completed"),
    ProjectState.WITHDRAWN: _l("Withdrawn"),
}

STEP_LABELS = {
    Step.TO_DEVELOPMENT: _l("Move on to development"),
    Step.TO_IMPLEMENTATION: _l("Move on to implementation"),
    Step.TO_COMPLETED: _l("Complete the project"),
}

NEED_KIND_LABELS = {
    NeedKind.PLANNING: _l("Co-planning and project management"),
    NeedKind.EXPERTISE: _l("Expertise"),
    NeedKind.PUBLICITY: _l("Publicity"),
    NeedKind.FINANCING: _l("Financing"),
    NeedKind.ROOMS: _l("Rooms"),
    NeedKind.MATERIAL: _l("Material"),
    NeedKind.OTHER: _l("Other"),
}

NEED_STATUS_LABELS = {
    NeedStatus.OPEN: _l("Open"),
    NeedStatus.MET: _l("Met"),
    NeedStatus.CLOSED: _l("Closed"),
}

REQUEST_STATUS_LABELS = {
    RequestStatus.PENDING: _l("Waiting for an answer"),
    RequestStatus.ACCEPTED: _l("Accepted"),
    RequestStatus.DECLINED: _l("Declined"),
    RequestStatus.WITHDRAWN: lazy_pgettext("request", "Withdrawn"),
}

MEMBER_ROLE_LABELS = {
    MemberRole.INITIATOR: _l("Initiator"),
    MemberRole.MEMBER: _l("Team member"),
}

# The one step a project in a phase may ask for next.
NEXT_STEP: dict[Phase, Step] = {
    Phase.INITIATION: Step.TO_DEVELOPMENT,
    Phase.DEVELOPMENT: Step.TO_IMPLEMENTATION,
    Phase.IMPLEMENTATION: Step.TO_COMPLETED,
}

# The state changes a team makes itself: (from, to) → the name of the operation's action.
STATE_CHANGES: dict[tuple[ProjectState, ProjectState], str] = {
    (ProjectState.DRAFT, ProjectState.ACTIVE): "publish",
    (ProjectState.ACTIVE, ProjectState.PAUSED): "pause",
    (ProjectState.PAUSED, ProjectState.ACTIVE): "resume",
    (ProjectState.ACTIVE, ProjectState.WITHDRAWN): "withdraw",
    (ProjectState.PAUSED, ProjectState.WITHDRAWN): "withdraw",
}


def state_change_allowed(current: ProjectState, target: ProjectState) -> bool:
    return (current, target) in STATE_CHANGES


def next_step(project: Project) -> Step | None:
    """The step this project may ask for, or None when it cannot ask for any."""
    if project.state is not ProjectState.ACTIVE:
        return None
    return NEXT_STEP[project.phase]


# --- gate criteria ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    label: Any
    met: bool


def _settings() -> Any:
    from civic.core.site import get_settings

    return get_settings()


def plan_sections(plan: PlanVersion | None) -> list[Criterion]:
    """What a complete implementation plan contains."""
    return [
        Criterion(_l("Goals are described"), bool(plan and plan.goals.strip())),
        Criterion(
            _l("At least one milestone with a date"),
            bool(plan and any(m.get("due") for m in plan.milestones)),
        ),
        Criterion(_l("A cost plan with at least one line"), bool(plan and plan.cost_lines)),
        Criterion(_l("Roles in the team are described"), bool(plan and plan.team_roles.strip())),
        Criterion(_l("Risks are described"), bool(plan and plan.risks.strip())),
    ]


def gate_checklist(project: Project, plan: PlanVersion | None = None) -> list[Criterion]:
    """The criteria the project must meet to leave its current phase."""
    settings = _settings()
    if project.phase is Phase.INITIATION:
        minimum = settings.gate_min_team_size
        concept_chars = settings.gate_min_concept_chars
        return [
            Criterion(
                _l(
                    "At least %(n)d team members (now %(count)d)",
                    n=minimum,
                    count=project.member_count,
                ),
                project.member_count >= minimum,
            ),
            Criterion(
                _l("A short concept of at least %(n)d characters", n=concept_chars),
                len(project.concept_markdown.strip()) >= concept_chars,
            ),
        ]
    if project.phase is Phase.DEVELOPMENT:
        return plan_sections(plan)
    report_chars = settings.gate_min_report_chars
    return [
        Criterion(
            _l("A final report of at least %(n)d characters", n=report_chars),
            len(project.final_report_markdown.strip()) >= report_chars,
        ),
        Criterion(_l("The actual costs are stated"), project.final_cost_cents is not None),
    ]


def gate_met(project: Project, plan: PlanVersion | None = None) -> bool:
    return all(c.met for c in gate_checklist(project, plan))
