"""Deleting one's own account (DSGVO Art. 17): afterwards no table holds the person's e-mail
address, name or profile text; their contributions stay and show "ehemaliges Mitglied"; their
teams go on; the records and sums of the fund stay as they were; nobody can sign in with the
account, reset its password or send it mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import JSON, String, Text, cast, func, select

from civic.accounts import operations as ops
from civic.accounts.models import Role, RoleGrant, User
from civic.core.errors import OperationError
from civic.core.mail import send_notice
from civic.core.models import AccessibilityFeedback, AuditEntry
from civic.db import Base, db, utcnow
from civic.events.models import Event, EventRegistration
from civic.events.workflow import RegistrationStatus
from civic.fund.models import Application, Fund, Payment, Receipt
from civic.fund.workflow import Status
from civic.mentoring.models import Mentorship
from civic.mentoring.workflow import MentorshipStatus
from civic.participation import operations as participation
from civic.participation.models import Comment, Follow, Notification
from civic.projects import operations as projects
from civic.projects.models import Invitation, JoinRequest, Membership, Project, Support
from civic.projects.workflow import MemberRole, Phase, ProjectState
from tests.factories import (
    PASSWORD,
    UserFactory,
    add_mentor,
    make_application,
    make_fund,
    make_project,
)
from tests.helpers import fresh, login, submit, text_of

NAME = "Hannelore Zwiebelmeyer"
EMAIL = "h.zwiebelmeyer@example.org"
PENDING = "hz.neu@example.org"
ABOUT = "Ich wohne seit 1987 in der Kastanienallee 17"
FACTION = "Wählergruppe Zwiebelturm"


def traces(*values: str) -> list[str]:
    """Every column of every table (found through the metadata) that holds one of
    ``values`` anywhere in its text, as ``table.column``."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String | Text | JSON):
                continue
            text = cast(column, Text)
            for value in values:
                count = db.session.scalar(
                    select(func.count())
                    .select_from(table)
                    .where(text.contains(value, autoescape=True))
                )
                if count:
                    found.append(f"{table.name}.{column.name}: {value}")
    return found


def _city(app):
    """Hannelore is a council member with a public profile who initiated a project (with a
    team), funded by the fund, and takes part everywhere else; every trace of her name and
    address is made through the operations where they copy it."""
    person = UserFactory(
        display_name=NAME,
        email=EMAIL,
        pending_email=PENDING,
        about_markdown=ABOUT,
        about_html=f"<p>{ABOUT}</p>",
        profile_public=True,
        roles=[Role.COUNCIL_MEMBER],
        last_login_at=utcnow(),
    )
    person.council_profile.faction = FACTION
    teammate, neighbour, officer = UserFactory(), UserFactory(), UserFactory()
    garden = make_project(person, members=[teammate], phase=Phase.IMPLEMENTATION)
    alone = make_project(person, title="Nur Hannelores Idee")
    draft = make_project(person, state=ProjectState.DRAFT, title="Hannelores Entwurf")
    other = make_project(neighbour, title="Nachbarschaftscafé")
    mentored = make_project(UserFactory(), title="Bücherschrank")
    mentorship = add_mentor(mentored, person)
    fund = make_fund()
    application = make_application(
        garden, fund, status=Status.APPROVED, requested_cents=4_000_00, approved_cents=4_000_00
    )
    db.session.add(
        Payment(
            application_id=application.id,
            amount_cents=1_500_00,
            paid_on=utcnow().date(),
            reference="KASSE-1",
            recorded_by_id=officer.id,
        )
    )
    application.paid_cents = 1_500_00
    fund.paid_cents = 1_500_00
    db.session.add(
        Receipt(
            application_id=application.id,
            stored_name="a" * 32 + ".pdf",
            original_name="Rechnung.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_by_id=person.id,
        )
    )
    event = Event(
        title="Stadtteilrunde",
        starts_at=utcnow() + timedelta(days=3),
        ends_at=utcnow() + timedelta(days=3, hours=2),
        organiser_id=officer.id,
        capacity=1,
        registered_count=1,
        waiting_count=1,
    )
    db.session.add(event)
    db.session.flush()
    db.session.add_all(
        [
            EventRegistration(
                event_id=event.id, user_id=person.id, status=RegistrationStatus.REGISTERED
            ),
            EventRegistration(
                event_id=event.id, user_id=neighbour.id, status=RegistrationStatus.WAITING
            ),
            AccessibilityFeedback(
                user_id=person.id, name=NAME, email=EMAIL, message="Der Kontrast ist zu schwach."
            ),
            Invitation(project_id=other.id, email=EMAIL, invited_by_id=neighbour.id),
        ]
    )
    db.session.commit()
    with app.test_request_context():
        # A comment, a reply to the neighbour (whose notification names her), support.
        comment = participation.post_comment(person, other, "Tolle Idee, ich helfe beim Gießen!")
        theirs = participation.post_comment(neighbour, garden, "Wann ist das nächste Treffen?")
        participation.post_comment(person, garden, "Am Samstag um zehn.", parent=theirs)
        projects.support(person, other)
        projects.request_to_join(person, other, "Ich kann Kuchen backen.")
        # Her name in the timeline of the garden: a new member joins by her decision.
        newcomer = UserFactory()
        request = projects.request_to_join(newcomer, garden, "Darf ich mitmachen?")
        projects.accept_join_request(person, request)
        db.session.commit()
    return {
        "person": person,
        "teammate": teammate,
        "newcomer": newcomer,
        "neighbour": neighbour,
        "garden": garden,
        "alone": alone,
        "draft": draft.id,
        "other": other,
        "mentored": mentored,
        "mentorship": mentorship,
        "fund": fund,
        "application": application,
        "event": event,
        "comment": comment.id,
    }


def _delete(client, password=PASSWORD, confirm=True):
    data = {"password": password}
    if confirm:
        data["confirm"] = "y"
    return submit(client, "/account/delete", data)


def test_deletion_leaves_no_trace_of_the_person_and_keeps_the_contributions(app, client, mailbox):
    city = _city(app)
    person = city["person"]
    person_id = person.id
    assert traces(NAME, EMAIL, ABOUT), "the set-up wrote the person's data"
    supporters, fund_id = city["other"].supporter_count, city["fund"].id
    elsewhere = app.test_client()
    login(elsewhere, EMAIL)
    login(client, EMAIL)

    page = text_of(client.get("/account/delete"))
    assert "Verwendungsnachweis" in page or "Fonds" in page
    response = _delete(client)
    assert response.status_code == 302

    # No table holds her e-mail address, name, profile text or council profile.
    assert traces(NAME, EMAIL, PENDING, ABOUT, FACTION) == []
    user = fresh(User, person_id)
    assert user.deleted_at is not None and not user.is_active
    assert user.email == f"deleted-{person_id}@invalid"
    invited = db.session.scalar(
        select(Invitation.email).where(Invitation.project_id == city["other"].id)
    )
    assert invited.endswith("@invalid")
    assert user.about_markdown == "" and user.last_login_at is None
    assert db.session.scalar(select(func.count()).where(Follow.user_id == person_id)) == 0
    assert db.session.scalar(select(func.count()).where(Notification.user_id == person_id)) == 0
    assert db.session.scalar(select(func.count()).where(JoinRequest.user_id == person_id)) == 0
    assert db.session.scalar(select(func.count()).where(RoleGrant.user_id == person_id)) == 0
    # The audit log says that the account was deleted, and nothing more.
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.delete"))
    assert entry is not None and entry.object_id == person_id and entry.details == {}

    # Both browsers are signed out; the comment stays, by "ehemaliges Mitglied".
    assert elsewhere.get("/account").status_code == 302
    assert client.get("/account").status_code == 302
    other = text_of(client.get(f"/projects/{city['other'].id}"))
    assert "Tolle Idee, ich helfe beim Gießen!" in other
    assert "ehemaliges Mitglied" in other and NAME not in other
    assert fresh(Comment, city["comment"]).author_id == person_id
    timeline = text_of(client.get(f"/projects/{city['garden'].id}/timeline"))
    assert "ehemaliges Mitglied" in timeline and NAME not in timeline
    api = client.get(f"/api/v1/projects/{city['garden'].id}").get_data(as_text=True)
    assert NAME not in api
    assert client.get(f"/users/{person_id}").status_code == 404

    # The team goes on: the teammate who joined first is initiator now.
    garden = fresh(Project, city["garden"].id)
    roles = {m.user_id: m.role for m in garden.memberships}
    assert roles == {city["teammate"].id: MemberRole.INITIATOR, city["newcomer"].id: "member"}
    assert garden.member_count == 2
    alone = fresh(Project, city["alone"].id)
    assert alone.state is ProjectState.ACTIVE and alone.member_count == 0
    assert db.session.get(Project, city["draft"]) is None
    assert fresh(Project, city["other"].id).supporter_count == supporters
    assert supporters == db.session.scalar(
        select(func.count()).where(Support.project_id == city["other"].id)
    )
    for project_id in (garden.id, alone.id):
        assert fresh(Project, project_id).member_count == db.session.scalar(
            select(func.count()).where(Membership.project_id == project_id)
        )

    # Her mentorship ended; her seat went to the neighbour on the waiting list.
    assert fresh(Mentorship, city["mentorship"].id).status is MentorshipStatus.ENDED
    event = fresh(Event, city["event"].id)
    assert (event.registered_count, event.waiting_count) == (1, 0)
    seat = db.session.scalar(
        select(EventRegistration.status).where(EventRegistration.user_id == city["neighbour"].id)
    )
    assert seat is RegistrationStatus.REGISTERED

    # The fund's records are whole and add up; she is the anonymous contact.
    application = fresh(Application, city["application"].id)
    fund = db.session.get(Fund, fund_id)
    assert application.contact_id == person_id and application.status is Status.APPROVED
    assert application.paid_cents == 1_500_00 == sum(p.amount_cents for p in application.payments)
    assert fund.committed_cents == 4_000_00 and fund.paid_cents == 1_500_00
    assert application.receipts[0].uploaded_by_id == person_id

    # Nobody signs in with the account, resets its password or mails it.
    mailbox.clear()
    failed = submit(app.test_client(), "/login", {"email": EMAIL, "password": PASSWORD})
    assert failed.status_code == 200
    assert "E-Mail-Adresse oder Passwort" in text_of(failed)
    placeholder = f"deleted-{person_id}@invalid"
    for address in (EMAIL, placeholder):
        submit(app.test_client(), "/password/forgot", {"email": address})
        submit(app.test_client(), "/login", {"email": address, "password": "!"})
    assert mailbox.messages == []


def test_the_last_admin_cannot_delete_the_account(client):
    admin = UserFactory(roles=[Role.ADMIN])
    login(client, admin.email)
    page = text_of(client.get("/account/delete"))
    assert "einzige Administrator" in page or "only administrator" in page
    response = _delete(client)
    assert response.status_code == 200
    assert fresh(User, admin.id).deleted_at is None


def test_an_admin_deletes_the_account_when_another_admin_remains(client):
    UserFactory(roles=[Role.ADMIN])
    admin = UserFactory(roles=[Role.ADMIN])
    login(client, admin.email)
    assert _delete(client).status_code == 302
    assert fresh(User, admin.id).deleted_at is not None
    assert (
        db.session.scalar(
            select(func.count()).select_from(RoleGrant).where(RoleGrant.role == Role.ADMIN)
        )
        == 1
    )


def test_a_wrong_password_or_no_tick_deletes_nothing_and_says_why(client):
    user = UserFactory(display_name="Bleibt Hier")
    login(client, user.email)
    wrong = _delete(client, password="falsches passwort")
    assert wrong.status_code == 200
    assert "Passwort ist nicht richtig" in text_of(wrong)
    unticked = _delete(client, confirm=False)
    assert unticked.status_code == 200
    assert 'aria-invalid="true"' in unticked.get_data(as_text=True)
    assert fresh(User, user.id).deleted_at is None
    assert fresh(User, user.id).display_name == "Bleibt Hier"


def test_deleting_needs_a_signed_in_person_and_a_csrf_token(client):
    user = UserFactory()
    assert client.get("/account/delete").status_code == 302
    login(client, user.email)
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code in (200, 400)
    assert fresh(User, user.id).deleted_at is None


def test_an_administrator_cannot_reactivate_a_deleted_account(app, client):
    admin = UserFactory(roles=[Role.ADMIN])
    UserFactory(roles=[Role.ADMIN])
    person = UserFactory()
    login(client, person.email)
    assert _delete(client).status_code == 302
    with app.test_request_context(), pytest.raises(OperationError):
        ops.set_active(db.session.get(User, admin.id), db.session.get(User, person.id), True)
    assert fresh(User, person.id).is_active is False


def test_no_mail_goes_to_the_address_of_a_deleted_account(app, client, mailbox):
    UserFactory(roles=[Role.ADMIN])
    person = UserFactory()
    login(client, person.email)
    assert _delete(client).status_code == 302
    deleted = fresh(User, person.id)
    reader = UserFactory()
    with app.test_request_context():
        for user in (deleted, reader):
            send_notice(user, "Neuigkeiten", "Es gibt etwas Neues.", "http://localhost/")
    assert [m["To"] for m in mailbox.messages] == [reader.email]
