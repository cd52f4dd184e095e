"""Who may do what with a project. Each predicate guards its view, its operation and the
button in the page. ``user`` may be the anonymous user of Flask-Login."""

from __future__ import annotations

from typing import Any

from civic.accounts.models import Role
from civic.core.permissions import has_role, is_admin
from civic.projects.models import Membership, Need, Project
from civic.projects.workflow import MemberRole, NeedStatus, Phase, ProjectState


def is_citizen(user: Any) -> bool:
    """A signed-in, active account with a confirmed e-mail address."""
    return bool(getattr(user, "is_authenticated", False)) and bool(user.is_verified)


def membership(user: Any, project: Project) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    for member in project.memberships:
        if member.user_id == user.id:
            return member
    return None


def is_team_member(user: Any, project: Project) -> bool:
    return membership(user, project) is not None


def is_initiator(user: Any, project: Project) -> bool:
    member = membership(user, project)
    return member is not None and member.role is MemberRole.INITIATOR


def can_coordinate(user: Any) -> bool:
    """The coordination office (and admins) confirm phase changes and look after projects."""
    return is_admin(user) or has_role(user, Role.COORDINATOR)


def can_view_project(user: Any, project: Project) -> bool:
    """A deleted draft is there for nobody (the moderators restore it from their list)."""
    if project.deleted_at is not None:
        return False
    return project.is_published or is_team_member(user, project) or can_coordinate(user)


def _posting_citizen(user: Any) -> bool:
    """A citizen whom no moderation block holds: only they post."""
    return is_citizen(user) and not user.is_blocked


def can_propose(user: Any) -> bool:
    return _posting_citizen(user)


def can_edit_project(user: Any, project: Project) -> bool:
    return is_team_member(user, project) and project.state in (
        ProjectState.DRAFT,
        ProjectState.ACTIVE,
        ProjectState.PAUSED,
    )


def can_publish(user: Any, project: Project) -> bool:
    return project.state is ProjectState.DRAFT and is_initiator(user, project)


def can_delete_draft(user: Any, project: Project) -> bool:
    return (
        project.state is ProjectState.DRAFT
        and project.deleted_at is None
        and is_initiator(user, project)
    )


def can_support(user: Any, project: Project) -> bool:
    return is_citizen(user) and project.state is ProjectState.ACTIVE


def can_request_to_join(user: Any, project: Project) -> bool:
    return (
        _posting_citizen(user)
        and project.state is ProjectState.ACTIVE
        and not is_team_member(user, project)
    )


def can_manage_team(user: Any, project: Project) -> bool:
    """Answer join requests and send invitations."""
    return is_team_member(user, project) and project.is_open


def can_hand_over(user: Any, project: Project) -> bool:
    return is_initiator(user, project) and project.is_open and project.member_count > 1


def can_leave(user: Any, project: Project) -> bool:
    """Anyone may leave, except the last initiator (who hands over first) and the last
    member (whose way out is to withdraw the project)."""
    member = membership(user, project)
    if member is None or project.state is ProjectState.DRAFT:
        return False
    if member.role is MemberRole.INITIATOR:
        initiators = sum(1 for m in project.memberships if m.role is MemberRole.INITIATOR)
        return initiators > 1
    return True


def can_manage_needs(user: Any, project: Project) -> bool:
    return is_team_member(user, project) and project.state is ProjectState.ACTIVE


def can_offer_help(user: Any, need: Need) -> bool:
    return (
        _posting_citizen(user)
        and need.status is NeedStatus.OPEN
        and need.project.state is ProjectState.ACTIVE
        and not is_team_member(user, need.project)
    )


def can_request_phase_change(user: Any, project: Project) -> bool:
    return is_team_member(user, project) and project.state is ProjectState.ACTIVE


def can_pause(user: Any, project: Project) -> bool:
    return is_team_member(user, project) and project.state is ProjectState.ACTIVE


def can_resume(user: Any, project: Project) -> bool:
    return is_team_member(user, project) and project.state is ProjectState.PAUSED


def can_withdraw(user: Any, project: Project) -> bool:
    return is_initiator(user, project) and project.is_open


def can_view_plan(user: Any, project: Project) -> bool:
    return can_view_project(user, project) and project.phase is not Phase.INITIATION


def can_edit_plan(user: Any, project: Project) -> bool:
    return (
        is_team_member(user, project)
        and project.phase is Phase.DEVELOPMENT
        and project.state is ProjectState.ACTIVE
    )


def can_track_milestones(user: Any, project: Project) -> bool:
    return (
        is_team_member(user, project)
        and project.phase is Phase.IMPLEMENTATION
        and project.state is ProjectState.ACTIVE
    )


def can_write_final_report(user: Any, project: Project) -> bool:
    return can_track_milestones(user, project)


def can_decide_phase_request(user: Any) -> bool:
    return can_coordinate(user)


def can_assign_contact(user: Any, project: Project) -> bool:
    return can_coordinate(user) and project.is_published


def can_feature(user: Any, project: Project) -> bool:
    return can_coordinate(user) and project.is_published
