"""Mentoring without HTTP: finding each other, the mentor's capacity, ending, what closing a
project does, the mentor workspace and the privacy of mediation requests.

Each test calls ``civic.mentoring.operations`` as the acting person and checks what the people
concerned would notice: the state of the rows, the project's timeline, the mentor's free places
and who received a mail (never the person who acted)."""

from __future__ import annotations

from datetime import date
from email.header import decode_header, make_header

import pytest
from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from civic.accounts.models import CouncilProfile, Role
from civic.accounts.operations import revoke_role, update_council_profile
from civic.core.errors import OperationError, PermissionDenied
from civic.core.models import AuditEntry
from civic.db import db, utcnow
from civic.mentoring import operations as ops
from civic.mentoring import permissions as perm
from civic.mentoring import queries
from civic.mentoring.models import Mentorship, PoliticalQuestion, WorkspaceMessage
from civic.mentoring.workflow import (
    HurdleStatus,
    IntroductionKind,
    MediationStatus,
    MentorshipStatus,
    Origin,
    QuestionStatus,
)
from civic.projects import operations as project_ops
from civic.projects.models import PhaseRequest, TimelineEntry
from civic.projects.workflow import Phase, ProjectState, Step
from tests.factories import UserFactory, add_mentor, make_council_member, make_project

pytestmark = pytest.mark.usefixtures("ctx")


# --- helpers ----------------------------------------------------------------------------------


def load_of(user):
    """The mentor's taken places as the database has them."""
    return db.session.scalar(
        select(CouncilProfile.mentee_count).where(CouncilProfile.user_id == user.id)
    )


def sent_to(mailbox):
    return sorted(message["To"] for message in mailbox.messages)


def emails(*users):
    return sorted(user.email for user in users)


def timeline(project, kind):
    return list(
        db.session.scalars(
            select(TimelineEntry).where(
                TimelineEntry.project_id == project.id, TimelineEntry.kind == kind
            )
        )
    )


def audited(project):
    return set(
        db.session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.object_type == "project", AuditEntry.object_id == project.id
            )
        )
    )


def said(refused):
    """The refusal as an English reader sees it (the catalogs may translate it)."""
    with force_locale("en"):
        return str(refused.value.message)


def status_of(mentorship):
    db.session.expire(mentorship, ["status"])
    return mentorship.status


def team(**fields):
    """A project of an initiator and one more member."""
    initiator, member = UserFactory(), UserFactory()
    project = make_project(initiator, members=[member], **fields)
    return project, initiator, member


def mentored(**fields):
    """A project of three with one active mentor."""
    initiator, member, other = UserFactory(), UserFactory(), UserFactory()
    project = make_project(initiator, members=[member, other], **fields)
    mentor = make_council_member()
    add_mentor(project, mentor)
    return project, initiator, member, other, mentor


# --- finding each other -----------------------------------------------------------------------


def test_a_council_member_offers_and_the_team_accepts(mailbox):
    project, initiator, member = team()
    mentor = make_council_member(capacity=2)

    offer = ops.offer_mentorship(mentor, project, "Ich kenne das Grünflächenamt gut.")
    assert (offer.status, offer.origin) == (MentorshipStatus.PENDING, Origin.MENTOR)
    # The team hears of the offer, with the mentor's message; the mentor gets no mail.
    assert sent_to(mailbox) == emails(initiator, member)
    body = mailbox.body(mailbox.last_to(member.email))
    assert "Ich kenne das Grünflächenamt gut." in body and mentor.display_name in body
    assert f"http://localhost/projects/{project.id}/mentoring" in body
    assert not perm.is_mentor(mentor, project) and load_of(mentor) == 0

    mailbox.clear()
    ops.accept_mentorship(member, offer)
    assert offer.status is MentorshipStatus.ACTIVE
    assert offer.started_at is not None and offer.answered_by_id == member.id
    assert perm.is_mentor(mentor, project)
    assert load_of(mentor) == 1 and mentor.council_profile.mentee_count == 1
    [joined] = timeline(project, "mentor_joined")
    assert joined.to_value == mentor.display_name and joined.actor_id == member.id
    assert {"mentorship.offer", "mentorship.accept"} <= audited(project)
    # The asking side (the mentor) is told, with the way into the workspace.
    assert sent_to(mailbox) == emails(mentor)
    assert f"http://localhost/projects/{project.id}/workspace" in mailbox.body(
        mailbox.last_to(mentor.email)
    )


def test_the_team_asks_and_the_mentor_accepts(mailbox):
    project, initiator, member = team()
    mentor = make_council_member()

    request = ops.ask_for_mentor(initiator, project, mentor, "Wir brauchen Hilfe beim Antrag.")
    assert (request.status, request.origin) == (MentorshipStatus.PENDING, Origin.TEAM)
    assert sent_to(mailbox) == emails(mentor)
    assert "Wir brauchen Hilfe beim Antrag." in mailbox.body(mailbox.last_to(mentor.email))
    assert queries.waiting_for(mentor) == [request]
    # The team cannot answer its own request.
    with pytest.raises(PermissionDenied):
        ops.accept_mentorship(member, request)

    mailbox.clear()
    ops.accept_mentorship(mentor, request)
    assert request.status is MentorshipStatus.ACTIVE and load_of(mentor) == 1
    assert len(timeline(project, "mentor_joined")) == 1
    assert sent_to(mailbox) == emails(initiator, member)
    assert queries.my_mentorships(mentor) == [request]


def test_the_mentor_declines_with_a_note_that_the_team_reads(mailbox):
    project, initiator, member = team()
    mentor = make_council_member()
    request = ops.ask_for_mentor(member, project, mentor, "")

    mailbox.clear()
    ops.decline_mentorship(mentor, request, "In diesem Jahr habe ich keine Zeit mehr.")
    assert request.status is MentorshipStatus.DECLINED and request.answered_by_id == mentor.id
    assert sent_to(mailbox) == emails(initiator, member)
    assert "In diesem Jahr habe ich keine Zeit mehr." in mailbox.body(
        mailbox.last_to(initiator.email)
    )
    assert load_of(mentor) == 0 and timeline(project, "mentor_joined") == []
    assert not perm.is_mentor(mentor, project)
    # A declined request is answered; asking again later is a new request.
    with pytest.raises(PermissionDenied):
        ops.accept_mentorship(mentor, request)
    again = ops.ask_for_mentor(member, project, mentor, "Vielleicht jetzt?")
    assert again.id != request.id and again.status is MentorshipStatus.PENDING


def test_the_team_declines_an_offer(mailbox):
    project, initiator, _member = team()
    mentor = make_council_member()
    offer = ops.offer_mentorship(mentor, project, "")
    with pytest.raises(PermissionDenied):
        ops.decline_mentorship(mentor, offer, "")  # the mentor cannot answer their own offer

    mailbox.clear()
    ops.decline_mentorship(initiator, offer, "Wir haben schon jemanden im Blick.")
    assert offer.status is MentorshipStatus.DECLINED
    assert sent_to(mailbox) == emails(mentor)
    assert "Wir haben schon jemanden im Blick." in mailbox.body(mailbox.last_to(mentor.email))


def test_the_asking_side_withdraws_a_request(mailbox):
    project, initiator, member = team()
    mentor = make_council_member()
    request = ops.ask_for_mentor(initiator, project, mentor, "")
    with pytest.raises(PermissionDenied):
        ops.withdraw_mentorship_request(mentor, request)  # the mentor declines instead

    ops.withdraw_mentorship_request(member, request)  # anyone on the asking team
    assert request.status is MentorshipStatus.WITHDRAWN
    assert queries.waiting_for(mentor) == []
    with pytest.raises(PermissionDenied):
        ops.accept_mentorship(mentor, request)
    assert load_of(mentor) == 0 and not perm.is_mentor(mentor, project)

    offer = ops.offer_mentorship(mentor, project, "")
    with pytest.raises(PermissionDenied):
        ops.withdraw_mentorship_request(initiator, offer)
    ops.withdraw_mentorship_request(mentor, offer)
    assert offer.status is MentorshipStatus.WITHDRAWN and queries.my_offers(mentor) == []


def test_a_second_request_for_the_same_pair_is_refused(mailbox):
    project, initiator, member = team()
    mentor = make_council_member()
    ops.ask_for_mentor(initiator, project, mentor, "")

    with pytest.raises(OperationError) as refused:
        ops.ask_for_mentor(member, project, mentor, "")
    assert "waiting for an answer" in said(refused)
    assert refused.value.field == "project"
    with pytest.raises(OperationError) as refused:
        ops.offer_mentorship(mentor, project, "")  # an offer while the request waits
    assert not isinstance(refused.value, PermissionDenied)
    assert "waiting for an answer" in said(refused)

    ops.accept_mentorship(mentor, db.session.scalar(select(Mentorship)))
    with pytest.raises(OperationError) as refused:
        ops.ask_for_mentor(member, project, mentor, "")
    assert "mentors this project already" in said(refused)
    with pytest.raises(PermissionDenied):
        ops.offer_mentorship(mentor, project, "")  # a mentor does not offer twice
    assert len(db.session.scalars(select(Mentorship)).all()) == 1


def test_the_database_refuses_a_request_that_landed_between_check_and_insert(mailbox, monkeypatch):
    """Two clicks at the same moment: both pass the check, the partial unique index keeps
    the second out, and the session can go on."""
    project, initiator, member = team()
    mentor = make_council_member()
    first = ops.ask_for_mentor(initiator, project, mentor, "")
    mailbox.clear()

    monkeypatch.setattr(ops, "_open_request", lambda project, mentor: None)
    with pytest.raises(OperationError) as refused:
        ops.ask_for_mentor(member, project, mentor, "")
    assert not isinstance(refused.value, PermissionDenied)
    assert "sent already" in said(refused)
    with pytest.raises(OperationError):
        ops.offer_mentorship(mentor, project, "")
    assert mailbox.messages == []
    assert db.session.scalars(select(Mentorship)).all() == [first]

    # The failed insert was rolled back to its savepoint; the transaction goes on.
    ops.accept_mentorship(mentor, first)
    assert status_of(first) is MentorshipStatus.ACTIVE and load_of(mentor) == 1


def test_the_index_allows_a_new_request_after_an_answered_one():
    project, initiator, _member = team()
    mentor = make_council_member()
    for status in (MentorshipStatus.DECLINED, MentorshipStatus.WITHDRAWN):
        db.session.add(
            Mentorship(
                project_id=project.id,
                mentor_id=mentor.id,
                origin=Origin.TEAM,
                status=status,
                asked_by_id=initiator.id,
            )
        )
    db.session.flush()
    assert ops.ask_for_mentor(initiator, project, mentor, "").status is MentorshipStatus.PENDING


def elsewhere(statement):
    """What another request did meanwhile: written to the database, unseen by this session."""
    db.session.execute(statement.execution_options(synchronize_session=False))


def test_an_answer_that_comes_second_changes_nothing(mailbox):
    """The mentor accepted in one tab; another tab still shows the request as open. Whatever
    that tab answers now is refused: no second place is taken, the mentorship stays."""
    project, initiator, _member = team()
    mentor = make_council_member()
    request = ops.ask_for_mentor(initiator, project, mentor, "")
    elsewhere(
        update(Mentorship)
        .where(Mentorship.id == request.id)
        .values(status=MentorshipStatus.ACTIVE, started_at=utcnow(), answered_at=utcnow())
    )
    elsewhere(
        update(CouncilProfile).where(CouncilProfile.user_id == mentor.id).values(mentee_count=1)
    )
    mailbox.clear()

    for answer in (
        lambda: ops.accept_mentorship(mentor, request),
        lambda: ops.decline_mentorship(mentor, request, "Doch nicht."),
        lambda: ops.withdraw_mentorship_request(initiator, request),
    ):
        set_committed_value(request, "status", MentorshipStatus.PENDING)  # what the tab shows
        with pytest.raises(OperationError) as refused:
            answer()
        assert not isinstance(refused.value, PermissionDenied)
        assert "answered already" in said(refused)
        assert status_of(request) is MentorshipStatus.ACTIVE and load_of(mentor) == 1
    assert timeline(project, "mentor_joined") == [] and mailbox.messages == []


def test_ending_twice_at_the_same_moment_frees_one_place(mailbox):
    mentor = make_council_member(capacity=3)
    first, _initiator, member = team()
    one = add_mentor(first, mentor)
    add_mentor(team()[0], mentor)
    # The mentor ended the first mentorship in another tab meanwhile.
    elsewhere(
        update(Mentorship)
        .where(Mentorship.id == one.id)
        .values(status=MentorshipStatus.ENDED, ended_at=utcnow())
    )
    elsewhere(
        update(CouncilProfile).where(CouncilProfile.user_id == mentor.id).values(mentee_count=1)
    )
    assert one.status is MentorshipStatus.ACTIVE  # what this tab still shows

    with pytest.raises(OperationError) as refused:
        ops.end_mentorship(member, one, "Es passt nicht.")
    assert not isinstance(refused.value, PermissionDenied)
    assert load_of(mentor) == 1 and status_of(one) is MentorshipStatus.ENDED
    assert timeline(first, "mentor_left") == [] and mailbox.messages == []


# --- capacity ---------------------------------------------------------------------------------


def test_a_full_mentor_cannot_accept_a_second_project_until_a_place_frees(mailbox):
    mentor = make_council_member(capacity=1)
    first, first_initiator, _ = team()
    second, second_initiator, _ = team()
    # Both asked while the mentor was free.
    one = ops.ask_for_mentor(first_initiator, first, mentor, "")
    two = ops.ask_for_mentor(second_initiator, second, mentor, "")
    ops.accept_mentorship(mentor, one)
    assert load_of(mentor) == 1

    mailbox.clear()
    with pytest.raises(OperationError) as refused:
        ops.accept_mentorship(mentor, two)
    assert not isinstance(refused.value, PermissionDenied)
    assert "no free place" in said(refused)
    assert status_of(two) is MentorshipStatus.PENDING
    assert load_of(mentor) == 1 and mentor.council_profile.mentee_count == 1
    assert timeline(second, "mentor_joined") == [] and mailbox.messages == []
    assert not perm.is_mentor(mentor, second)

    ops.end_mentorship(mentor, one, "Ich ziehe aus dem Stadtteil weg.")
    assert load_of(mentor) == 0
    ops.accept_mentorship(mentor, two)
    assert status_of(two) is MentorshipStatus.ACTIVE and load_of(mentor) == 1


def test_the_team_cannot_accept_the_offer_of_a_mentor_who_filled_up():
    mentor = make_council_member(capacity=1)
    first, _, _ = team()
    second, second_initiator, _ = team()
    offer = ops.offer_mentorship(mentor, second, "")
    add_mentor(first, mentor)  # meanwhile a request of another project was accepted
    with pytest.raises(OperationError) as refused:
        ops.accept_mentorship(second_initiator, offer)
    assert "no free place" in said(refused)
    assert status_of(offer) is MentorshipStatus.PENDING and load_of(mentor) == 1


def test_a_full_mentor_cannot_be_asked_and_cannot_offer():
    mentor = make_council_member(capacity=1)
    first, _, _ = team()
    mentorship = add_mentor(first, mentor)
    second, second_initiator, _ = team()

    with pytest.raises(OperationError) as refused:
        ops.ask_for_mentor(second_initiator, second, mentor, "")
    assert "1 of 1" in said(refused) and refused.value.field == "project"
    with pytest.raises(OperationError) as refused:
        ops.offer_mentorship(mentor, second, "")
    assert not isinstance(refused.value, PermissionDenied)
    assert (
        db.session.scalars(select(Mentorship).where(Mentorship.project_id == second.id)).all() == []
    )

    ops.end_mentorship(mentor, mentorship, "Projekt braucht mich nicht mehr.")
    assert ops.ask_for_mentor(second_initiator, second, mentor, "").status is (
        MentorshipStatus.PENDING
    )


def test_no_capacity_or_closed_mentoring_refuses_requests_and_offers():
    project, initiator, _ = team()
    nobody = make_council_member(capacity=0)
    with pytest.raises(OperationError) as refused:
        ops.ask_for_mentor(initiator, project, nobody, "")
    assert "0 of 0" in said(refused)
    with pytest.raises(OperationError):
        ops.offer_mentorship(nobody, project, "")

    closed = make_council_member(capacity=3)
    closed.council_profile.mentoring_open = False
    db.session.flush()
    with pytest.raises(OperationError) as refused:
        ops.ask_for_mentor(initiator, project, closed, "")
    assert refused.value.field is None  # shown above the form
    with pytest.raises(OperationError) as refused:
        ops.offer_mentorship(closed, project, "")
    assert not isinstance(refused.value, PermissionDenied)

    citizen = UserFactory()
    with pytest.raises(OperationError) as refused:
        ops.ask_for_mentor(initiator, project, citizen, "")
    assert refused.value.field is None
    assert db.session.scalars(select(Mentorship)).all() == []


def test_a_lowered_capacity_keeps_the_mentorships_but_takes_no_new_one():
    mentor = make_council_member(capacity=2)
    first, second, third = (team()[0] for _ in range(3))
    one, two = add_mentor(first, mentor), add_mentor(second, mentor)
    third_initiator = third.memberships[0].user
    update_council_profile(mentor, mentor, "Fraktion Test", "", "", [], [], mentor_capacity=1)

    assert status_of(one) is status_of(two) is MentorshipStatus.ACTIVE
    assert load_of(mentor) == 2
    assert perm.is_mentor(mentor, first) and perm.is_mentor(mentor, second)
    with pytest.raises(OperationError):
        ops.ask_for_mentor(third_initiator, third, mentor, "")

    ops.end_mentorship(mentor, one, "Zu viel auf einmal.")
    assert load_of(mentor) == 1
    with pytest.raises(OperationError):  # 1 of 1: still full
        ops.ask_for_mentor(third_initiator, third, mentor, "")
    ops.end_mentorship(mentor, two, "Zu viel auf einmal.")
    assert ops.ask_for_mentor(third_initiator, third, mentor, "").status is (
        MentorshipStatus.PENDING
    )


# --- ending -----------------------------------------------------------------------------------


def test_ending_needs_a_reason():
    project, _initiator, member, _other, mentor = mentored()
    mentorship = project.active_mentorships[0]
    for reason in ("", "   \n"):
        with pytest.raises(OperationError) as refused:
            ops.end_mentorship(member, mentorship, reason)
        assert refused.value.field == "reason"
    assert status_of(mentorship) is MentorshipStatus.ACTIVE and load_of(mentor) == 1


@pytest.mark.parametrize("who", ["mentor", "member", "coordinator", "admin"])
def test_either_side_or_the_coordination_ends_a_mentorship(mailbox, who):
    project, initiator, member, other, mentor = mentored()
    mentorship = project.active_mentorships[0]
    actor = {
        "mentor": mentor,
        "member": member,
        "coordinator": UserFactory(roles=[Role.COORDINATOR]),
        "admin": UserFactory(roles=[Role.ADMIN]),
    }[who]

    ops.end_mentorship(actor, mentorship, "Die Zusammenarbeit passt nicht.")
    assert mentorship.status is MentorshipStatus.ENDED and mentorship.ended_at is not None
    assert mentorship.ended_by_id == actor.id
    assert load_of(mentor) == 0 and not perm.is_mentor(mentor, project)
    [left] = timeline(project, "mentor_left")
    assert left.reason == "Die Zusammenarbeit passt nicht." and left.actor_id == actor.id
    assert "mentorship.end" in audited(project)
    everyone = {initiator, member, other, mentor} - {actor}
    assert sent_to(mailbox) == emails(*everyone)
    assert "Die Zusammenarbeit passt nicht." in mailbox.body(mailbox.last_to(initiator.email))
    with pytest.raises(PermissionDenied):  # ended is ended
        ops.end_mentorship(actor, mentorship, "Noch einmal.")


def test_outsiders_cannot_end_a_mentorship(mailbox):
    project, *_rest = mentored()
    mentorship = project.active_mentorships[0]
    other_mentor = make_council_member()
    add_mentor(make_project(), other_mentor)
    for outsider in (UserFactory(), make_council_member(), other_mentor):
        with pytest.raises(PermissionDenied):
            ops.end_mentorship(outsider, mentorship, "Weil ich es kann.")
    assert status_of(mentorship) is MentorshipStatus.ACTIVE and mailbox.messages == []


def test_withdrawing_the_project_ends_mentorships_and_requests():
    project, initiator, _member, _other, mentor = mentored()
    second = make_council_member(capacity=1)
    add_mentor(project, second)
    asked, offering = make_council_member(), make_council_member()
    request = ops.ask_for_mentor(initiator, project, asked, "")
    offer = ops.offer_mentorship(offering, project, "")
    elsewhere = add_mentor(make_project(), mentor)  # another project of the same mentor

    project_ops.change_state(initiator, project, ProjectState.WITHDRAWN, "Keine Zeit mehr.")

    statuses = dict(
        db.session.execute(
            select(Mentorship.mentor_id, Mentorship.status).where(
                Mentorship.project_id == project.id
            )
        ).all()
    )
    assert statuses == {
        mentor.id: MentorshipStatus.ENDED,
        second.id: MentorshipStatus.ENDED,
        asked.id: MentorshipStatus.WITHDRAWN,
        offering.id: MentorshipStatus.WITHDRAWN,
    }
    assert (load_of(mentor), load_of(second), load_of(asked), load_of(offering)) == (1, 0, 0, 0)
    assert status_of(elsewhere) is MentorshipStatus.ACTIVE
    assert project.active_mentorships == [] and not perm.is_mentor(mentor, project)
    assert len(timeline(project, "mentor_left")) == 2
    with pytest.raises(PermissionDenied):
        ops.accept_mentorship(asked, request)
    with pytest.raises(PermissionDenied):
        ops.accept_mentorship(initiator, offer)
    # The freed place is free: the second mentor can take another project.
    other_project, other_initiator, _ = team()
    assert ops.ask_for_mentor(other_initiator, other_project, second, "").status is (
        MentorshipStatus.PENDING
    )


def test_completing_the_project_ends_its_mentorships():
    project, initiator, _member, _other, mentor = mentored(phase=Phase.IMPLEMENTATION)
    project.final_report_markdown = "Der Garten ist angelegt, alle Beete sind bepflanzt. " * 5
    project.final_cost_cents = 12000
    phase_request = PhaseRequest(
        project_id=project.id,
        step=Step.TO_COMPLETED,
        message="Fertig.",
        requested_by_id=initiator.id,
    )
    db.session.add(phase_request)
    db.session.flush()

    coordinator = UserFactory(roles=[Role.COORDINATOR])
    project_ops.decide_phase_request(coordinator, phase_request, confirm=True, reason="Gut.")
    assert project.state is ProjectState.COMPLETED
    assert status_of(db.session.scalar(select(Mentorship))) is MentorshipStatus.ENDED
    assert load_of(mentor) == 0 and not perm.is_mentor(mentor, project)
    [left] = timeline(project, "mentor_left")
    assert left.actor_id == coordinator.id


def test_pausing_keeps_the_mentorships():
    project, initiator, _member, _other, mentor = mentored()
    project_ops.change_state(initiator, project, ProjectState.PAUSED)
    assert perm.is_mentor(mentor, project) and load_of(mentor) == 1


# --- mediation --------------------------------------------------------------------------------


def test_a_mediation_request_is_seen_only_by_the_requester_and_the_mentors(mailbox):
    project, initiator, member, other, mentor = mentored()
    second_mentor = make_council_member()
    add_mentor(project, second_mentor)
    coordinator = UserFactory(roles=[Role.COORDINATOR])

    request = ops.ask_for_mediation(member, project, "Streit ums Budget", "Wir streiten nur.")
    assert request.status is MediationStatus.OPEN
    # Only the mentors are told; nobody else on the team.
    assert sent_to(mailbox) == emails(mentor, second_mentor)
    assert "Wir streiten nur." in mailbox.body(mailbox.last_to(mentor.email))

    def listed(user):
        return [r.id for r in queries.mediation_requests(user, project, 1).items]

    assert listed(member) == [request.id]
    assert listed(mentor) == [request.id] == listed(second_mentor)
    assert listed(initiator) == [] and listed(other) == []
    for outsider in (initiator, other, coordinator, UserFactory(roles=[Role.ADMIN])):
        assert not perm.can_view_mediation(outsider, request, project)
        assert not perm.can_reply_mediation(outsider, request, project)
    assert perm.can_view_mediation(member, request, project)
    assert perm.can_view_mediation(mentor, request, project)
    with pytest.raises(PermissionDenied):
        ops.reply_mediation(initiator, request, project, "Ich will mitlesen.")
    with pytest.raises(PermissionDenied):
        ops.close_mediation(coordinator, request, project)

    # The thread of the request is not part of the workspace thread.
    assert queries.messages(project, 1).items == []
    assert [m.body_markdown for m in queries.mediation_messages(request)] == ["Wir streiten nur."]

    mailbox.clear()
    ops.reply_mediation(mentor, request, project, "Lass uns morgen telefonieren.")
    assert sent_to(mailbox) == emails(member, second_mentor)
    assert "Lass uns morgen telefonieren." in mailbox.body(mailbox.last_to(member.email))

    mailbox.clear()
    ops.reply_mediation(member, request, project, "Gern.")
    assert sent_to(mailbox) == emails(mentor, second_mentor)

    mailbox.clear()
    ops.close_mediation(mentor, request, project)
    assert request.status is MediationStatus.CLOSED and request.closed_by_id == mentor.id
    assert sent_to(mailbox) == emails(member, second_mentor)
    assert initiator.email not in sent_to(mailbox) and other.email not in sent_to(mailbox)
    with pytest.raises(PermissionDenied):
        ops.reply_mediation(member, request, project, "Noch etwas.")


def test_mediation_needs_a_mentor_and_a_team_member():
    project, initiator, member = team()
    with pytest.raises(PermissionDenied):
        ops.ask_for_mediation(member, project, "Streit", "Hilfe.")
    mentor = make_council_member()
    add_mentor(project, mentor)
    with pytest.raises(PermissionDenied):
        ops.ask_for_mediation(mentor, project, "Streit", "Hilfe.")
    with pytest.raises(PermissionDenied):
        ops.ask_for_mediation(UserFactory(), project, "Streit", "Hilfe.")
    assert ops.ask_for_mediation(initiator, project, "Streit", "Hilfe.").requester_id == (
        initiator.id
    )


def test_a_mentor_of_another_project_cannot_see_or_answer_a_mediation_request():
    project, _initiator, member, _other, _mentor = mentored()
    stranger = make_council_member()
    add_mentor(make_project(), stranger)
    request = ops.ask_for_mediation(member, project, "Streit", "Hilfe.")
    assert not perm.can_view_mediation(stranger, request, project)
    assert queries.mediation_requests(stranger, project, 1).items == []
    with pytest.raises(PermissionDenied):
        ops.reply_mediation(stranger, request, project, "Ich helfe.")
    with pytest.raises(PermissionDenied):
        ops.close_mediation(stranger, request, project)


# --- the workspace ----------------------------------------------------------------------------


def test_a_message_reaches_the_team_and_the_mentors_but_not_its_author(mailbox):
    project, initiator, member, other, mentor = mentored()
    message = ops.post_message(member, project, "Treffen am **Montag**?")
    assert "<strong>Montag</strong>" in message.body_html
    assert sent_to(mailbox) == emails(initiator, other, mentor)
    assert "Treffen am **Montag**?" in mailbox.body(mailbox.last_to(mentor.email))
    assert queries.messages(project, 1).items == [message]

    mailbox.clear()
    ops.post_message(mentor, project, "Montag passt.")
    assert sent_to(mailbox) == emails(initiator, member, other)

    with pytest.raises(PermissionDenied):
        ops.post_message(UserFactory(), project, "Hallo?")


def test_introductions_are_recorded_by_the_mentor_and_get_an_outcome(mailbox):
    project, initiator, member, other, mentor = mentored()
    with pytest.raises(PermissionDenied):
        ops.record_introduction(
            member, project, IntroductionKind.SPONSOR, "Stadtwerke", "Sponsoring"
        )
    introduction = ops.record_introduction(
        mentor, project, IntroductionKind.DEPARTMENT, "Grünflächenamt", "Für die Genehmigung."
    )
    assert sent_to(mailbox) == emails(initiator, member, other)
    assert "Grünflächenamt" in mailbox.body(mailbox.last_to(member.email))
    assert queries.introductions(project, 1).items == [introduction]

    with pytest.raises(OperationError) as refused:
        ops.record_outcome(member, introduction, project, "  ")
    assert refused.value.field == "outcome" and introduction.outcome_at is None

    mailbox.clear()
    ops.record_outcome(member, introduction, project, "Genehmigung liegt vor.")
    assert introduction.outcome == "Genehmigung liegt vor." and introduction.outcome_at
    assert sent_to(mailbox) == emails(initiator, other, mentor)

    # An introduction of another project cannot be answered through this one.
    elsewhere, *_ = mentored()
    with pytest.raises(PermissionDenied):
        ops.record_outcome(member, introduction, elsewhere, "Falsch.")


def test_hurdles_take_only_team_members_and_mentors_as_assignees(mailbox):
    project, initiator, member, _other, mentor = mentored()
    outsider = UserFactory()
    with pytest.raises(OperationError) as refused:
        ops.add_hurdle(member, project, "Keine Genehmigung", "", outsider.id)
    assert refused.value.field == "assignee"
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    with pytest.raises(OperationError):
        ops.add_hurdle(member, project, "Keine Genehmigung", "", coordinator.id)

    hurdle = ops.add_hurdle(member, project, "Keine Genehmigung", "Das Amt schweigt.", mentor.id)
    assert hurdle.assignee_id == mentor.id and hurdle.status is HurdleStatus.OPEN
    assert hurdle.solved_at is None

    with pytest.raises(OperationError) as refused:
        ops.update_hurdle(mentor, hurdle, project, HurdleStatus.IN_PROGRESS, outsider.id)
    assert refused.value.field == "assignee" and hurdle.assignee_id == mentor.id

    ops.update_hurdle(mentor, hurdle, project, HurdleStatus.SOLVED, initiator.id)
    assert hurdle.status is HurdleStatus.SOLVED and hurdle.assignee_id == initiator.id
    solved_at = hurdle.solved_at
    assert solved_at is not None
    # Handing a solved hurdle to someone else does not move the day it was solved.
    ops.update_hurdle(mentor, hurdle, project, HurdleStatus.SOLVED, member.id)
    assert hurdle.solved_at == solved_at

    mailbox.clear()
    ops.update_hurdle(initiator, hurdle, project, HurdleStatus.IN_PROGRESS, None)
    assert hurdle.status is HurdleStatus.IN_PROGRESS and hurdle.solved_at is None
    assert hurdle.assignee_id is None
    assert initiator.email not in sent_to(mailbox) and mentor.email in sent_to(mailbox)
    assert [h.id for h in queries.hurdles(project, 1).items] == [hurdle.id]

    with pytest.raises(PermissionDenied):
        ops.update_hurdle(outsider, hurdle, project, HurdleStatus.SOLVED, None)


def test_a_political_question_is_brought_answered_and_published(mailbox):
    project, initiator, member, other, mentor = mentored()
    question = ops.ask_question(member, project, "Darf der Garten auf die Brache?")
    assert question.status is QuestionStatus.OPEN
    assert sent_to(mailbox) == emails(initiator, other, mentor)

    with pytest.raises(PermissionDenied):  # not before it is answered
        ops.set_question_public(member, question, project, True)
    with pytest.raises(PermissionDenied):  # bringing it in is the mentor's
        ops.bring_question(member, question, project, "A-2026-17", date(2026, 3, 4))
    with pytest.raises(OperationError) as refused:
        ops.bring_question(mentor, question, project, " ", date(2026, 3, 4))
    assert refused.value.field == "reference" and question.status is QuestionStatus.OPEN

    mailbox.clear()
    ops.bring_question(mentor, question, project, "A-2026-17", date(2026, 3, 4))
    assert question.status is QuestionStatus.BROUGHT
    assert (question.council_reference, question.brought_on) == ("A-2026-17", date(2026, 3, 4))
    assert sent_to(mailbox) == emails(initiator, member, other)
    assert "A-2026-17" in mailbox.body(mailbox.last_to(member.email))

    with pytest.raises(OperationError) as refused:
        ops.answer_question(mentor, question, project, "", date(2026, 4, 1))
    assert refused.value.field == "answer" and question.status is QuestionStatus.BROUGHT
    ops.answer_question(mentor, question, project, "Ja, befristet.", date(2026, 4, 1))
    assert question.status is QuestionStatus.ANSWERED and "befristet" in question.answer_html
    with pytest.raises(PermissionDenied):  # an answer is final
        ops.answer_question(mentor, question, project, "Doch nicht.", date(2026, 4, 2))

    assert queries.public_questions(project) == []
    with pytest.raises(PermissionDenied):  # the team decides, not the mentor
        ops.set_question_public(mentor, question, project, True)
    ops.set_question_public(member, question, project, True)
    assert queries.public_questions(project) == [question]
    ops.set_question_public(initiator, question, project, False)
    assert queries.public_questions(project) == []


def test_the_database_refuses_a_public_question_without_an_answer():
    project, _initiator, member, _other, _mentor = mentored()
    question = ops.ask_question(member, project, "Gibt es Geld?")
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            update(PoliticalQuestion)
            .where(PoliticalQuestion.id == question.id)
            .values(is_public=True)
        )
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            update(PoliticalQuestion)
            .where(PoliticalQuestion.id == question.id)
            .values(status=QuestionStatus.BROUGHT)
        )


def test_a_mentor_of_another_project_cannot_act_in_the_workspace(mailbox):
    project, _initiator, member, _other, _mentor = mentored()
    stranger = make_council_member()
    add_mentor(make_project(), stranger)
    introduction = ops.record_introduction(
        _mentor, project, IntroductionKind.GROUP, "Nachbarschaftsverein", "Helfer"
    )
    hurdle = ops.add_hurdle(member, project, "Kein Wasser", "", None)
    question = ops.ask_question(member, project, "Wasseranschluss?")
    mailbox.clear()

    assert not perm.can_view_workspace(stranger, project)
    refused_calls = [
        lambda: ops.post_message(stranger, project, "Hallo"),
        lambda: ops.record_introduction(stranger, project, IntroductionKind.OTHER, "X", "Y"),
        lambda: ops.record_outcome(stranger, introduction, project, "Gut."),
        lambda: ops.add_hurdle(stranger, project, "Noch eine", "", None),
        lambda: ops.update_hurdle(stranger, hurdle, project, HurdleStatus.SOLVED, None),
        lambda: ops.ask_question(stranger, project, "Warum?"),
        lambda: ops.bring_question(stranger, question, project, "A-1", date(2026, 1, 1)),
        lambda: ops.answer_question(stranger, question, project, "Nein.", date(2026, 1, 1)),
        lambda: ops.ask_for_mediation(stranger, project, "Streit", "Hilfe"),
    ]
    for call in refused_calls:
        with pytest.raises(PermissionDenied):
            call()
    assert mailbox.messages == []
    assert (
        db.session.scalars(
            select(WorkspaceMessage).where(WorkspaceMessage.author_id == stranger.id)
        ).all()
        == []
    )


# --- language ---------------------------------------------------------------------------------


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def test_an_english_reader_gets_the_mail_in_english(mailbox):
    project, initiator, member, _other, mentor = mentored()
    member.locale = "en"
    db.session.flush()
    ops.post_message(mentor, project, "Bis Montag!")

    english = mailbox.last_to(member.email)
    assert subject(english) == f"New message in the workspace of “{project.title}”"
    body = mailbox.body(english)
    assert f"Hello {member.display_name}," in body
    assert f"{mentor.display_name} wrote in the workspace of “{project.title}”:" in body
    assert "Bis Montag!" in body and "Open it on the platform:" in body


def test_a_german_reader_gets_the_mail_in_german(mailbox):
    project, initiator, _member, _other, mentor = mentored()
    assert initiator.locale == "de"
    ops.post_message(mentor, project, "Bis Montag!")

    german = mailbox.last_to(initiator.email)
    body = mailbox.body(german)
    assert f"Hallo {initiator.display_name}," in body and "Bis Montag!" in body
    # Whatever the German words, none of the English sentences is left.
    assert "New message in the workspace" not in subject(german)
    assert "wrote in the workspace" not in body
    assert "Open it on the platform" not in body


def test_a_former_council_member_mentors_no_project(ctx):
    project, _initiator, _member, _other, mentor = mentored()
    admin = UserFactory(roles=[Role.ADMIN])
    revoke_role(admin, mentor, Role.COUNCIL_MEMBER)
    db.session.expire_all()
    assert not perm.is_mentor(mentor, project)
    ended = db.session.scalars(
        select(TimelineEntry).where(
            TimelineEntry.project_id == project.id, TimelineEntry.kind == "mentor_left"
        )
    ).all()
    assert len(ended) == 1
