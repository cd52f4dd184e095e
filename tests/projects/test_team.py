"""The team as its members and the people who want to join meet it: asking to join, answering
requests, invitations by e-mail, leaving and handing over the initiator role.

Pages are read in English (the language switch), so that the assertions do not depend on the
German catalog."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from civic.accounts import auth
from civic.accounts.models import User
from civic.core.errors import OperationError
from civic.db import db
from civic.projects import operations as ops
from civic.projects.models import Invitation, JoinRequest, Membership, Project
from civic.projects.workflow import MemberRole, ProjectState, RequestStatus
from tests.factories import UserFactory, make_project
from tests.helpers import browser, csrf_token, fresh, post, submit, text_of


def members_of(project):
    return set(
        db.session.scalars(select(Membership.user_id).where(Membership.project_id == project.id))
    )


# --- asking to join ---------------------------------------------------------------------------


def test_a_citizen_asks_to_join_and_the_team_accepts(app, mailbox):
    initiator, member, applicant = UserFactory(), UserFactory(), UserFactory()
    project = make_project(initiator, members=[member])
    url = f"/projects/{project.id}"

    guest = browser(app, applicant)
    page = text_of(guest.get(url + "/join"))
    assert "What joining means" in page and "You can leave the team at any time." in page
    response = submit(guest, url + "/join", {"message": "Ich kann gut Pläne schreiben."})
    assert response.status_code == 302 and response.location == url

    # Both team members hear of it, with the message and the way to answer.
    for person in (initiator, member):
        body = mailbox.body(mailbox.last_to(person.email))
        assert applicant.display_name in body
        assert "Ich kann gut Pläne schreiben." in body
        assert f"http://localhost/projects/{project.id}/team" in body

    team = browser(app, initiator)
    page = text_of(team.get(url + "/team"))
    assert applicant.display_name in page and "Ich kann gut Pläne schreiben." in page

    mailbox.clear()
    request = db.session.scalar(select(JoinRequest).where(JoinRequest.user_id == applicant.id))
    response = post(team, f"{url}/team/requests/{request.id}/accept")
    assert response.status_code == 302
    page = text_of(team.get(response.location))
    assert f"{applicant.display_name} is now on the team." in page
    assert "Nobody is waiting for an answer at the moment." in page
    assert fresh(Project, project.id).member_count == 3
    assert applicant.id in members_of(project)

    body = mailbox.body(mailbox.last_to(applicant.email))
    assert project.title in body and f"http://localhost/projects/{project.id}" in body
    assert f"{applicant.display_name} joined the team" in text_of(team.get(url + "/timeline"))
    # The new member now sees the team page.
    assert guest.get(url + "/team").status_code == 200


def test_a_declined_request_is_answered_by_mail_and_changes_nothing(app, mailbox):
    initiator, applicant = UserFactory(), UserFactory()
    project = make_project(initiator)
    submit(browser(app, applicant), f"/projects/{project.id}/join", {"message": ""})
    request = db.session.scalar(select(JoinRequest).where(JoinRequest.user_id == applicant.id))

    mailbox.clear()
    team = browser(app, initiator)
    response = post(team, f"/projects/{project.id}/team/requests/{request.id}/decline")
    assert f"The request of {applicant.display_name} is declined." in text_of(
        team.get(response.location)
    )
    assert applicant.id not in members_of(project)
    assert fresh(Project, project.id).member_count == 1
    assert project.title in mailbox.body(mailbox.last_to(applicant.email))
    # A second click on the same button is answered with a message, not a second mail.
    mailbox.clear()
    response = post(team, f"/projects/{project.id}/team/requests/{request.id}/accept")
    assert "This request has been answered already." in text_of(team.get(response.location))
    assert mailbox.messages == []
    assert applicant.id not in members_of(project)


def test_asking_twice_is_refused_and_a_request_can_be_withdrawn(app, mailbox):
    initiator, applicant = UserFactory(), UserFactory()
    project = make_project(initiator)
    guest = browser(app, applicant)
    url = f"/projects/{project.id}"
    submit(guest, url + "/join", {"message": "Erste Nachricht"})
    mailbox.clear()

    # The join page now shows the waiting request instead of a second form …
    page = text_of(guest.get(url + "/join"))
    assert "The team has not answered yet" in page and "Erste Nachricht" in page
    submit(guest, url + "/join", {"message": "Zweite Nachricht"})
    assert mailbox.messages == []
    count = select(func.count()).select_from(JoinRequest)
    assert db.session.scalar(count) == 1
    # … and the operation refuses it as well.
    with (
        app.test_request_context(),
        pytest.raises(OperationError, match="bereits eine Beitrittsanfrage"),
    ):
        ops.request_to_join(fresh(User, applicant.id), project, "Noch einmal")

    # The project page says so and offers to withdraw the request.
    page = text_of(guest.get(url))
    assert "You have asked to join this team." in page and "Withdraw my request" in page
    response = submit(guest, url, {}, action=url + "/join/withdraw")
    assert response.status_code == 302
    assert "Your request to join is withdrawn." in text_of(guest.get(url + "/join"))
    assert "Ask to join the team" in text_of(guest.get(url))
    assert "Erste Nachricht" not in text_of(browser(app, initiator).get(url + "/team"))


def test_team_members_and_closed_projects_take_no_requests(app):
    member = UserFactory()
    project = make_project(members=[member])
    assert browser(app, member).get(f"/projects/{project.id}/join").status_code == 403
    paused = make_project(state=ProjectState.PAUSED)
    assert browser(app, UserFactory()).get(f"/projects/{paused.id}/join").status_code == 403
    visitor = browser(app).get(f"/projects/{project.id}/join")
    assert visitor.status_code == 302 and "/login?next=" in visitor.location


# --- invitations ------------------------------------------------------------------------------


def test_an_invitation_by_mail_brings_a_new_member(app, mailbox):
    initiator = UserFactory()
    project = make_project(initiator)
    team = browser(app, initiator)
    response = submit(
        team,
        f"/projects/{project.id}/team",
        {"email": "Neu@Example.org", "message": "Wir brauchen dich beim Gärtnern!"},
        action=f"/projects/{project.id}/team/invite",
    )
    assert response.status_code == 302
    page = text_of(team.get(response.location))
    assert "The invitation is sent to neu@example.org." in page
    assert "Revoke the invitation to neu@example.org" in page

    body = mailbox.body(mailbox.last_to("neu@example.org"))
    assert project.title in body and initiator.display_name in body
    assert "Wir brauchen dich beim Gärtnern!" in body
    link = mailbox.link_to("neu@example.org", "/invitations/").replace("http://localhost", "")

    # Without an account: the page shows the project and asks to sign in, then come back.
    visitor = browser(app)
    response = visitor.get(link)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and project.title in html
    assert f"/login?next={link}" in html
    assert visitor.post(link, data={"csrf_token": csrf_token(visitor, link)}).status_code == 302

    invitee = UserFactory(email="neu@example.org")
    guest = browser(app, invitee)
    page = text_of(guest.get(link))
    assert f"{initiator.display_name} invites you to join the team." in page
    assert "Wir brauchen dich beim Gärtnern!" in page
    response = submit(guest, link, {"accept": "1"})
    assert response.status_code == 302 and response.location == f"/projects/{project.id}"
    assert invitee.id in members_of(project)
    assert fresh(Project, project.id).member_count == 2
    page = text_of(team.get(f"/projects/{project.id}/team"))
    assert "No invitation is waiting for an answer." in page
    assert invitee.display_name in page

    # The link works once.
    assert "answered or withdrawn already" in text_of(guest.get(link))


def test_joining_by_invitation_answers_a_waiting_request(app, mailbox):
    initiator, person = UserFactory(), UserFactory()
    project = make_project(initiator)
    submit(browser(app, person), f"/projects/{project.id}/join", {"message": "Darf ich?"})
    team = browser(app, initiator)
    submit(
        team,
        f"/projects/{project.id}/team",
        {"email": person.email, "message": ""},
        action=f"/projects/{project.id}/team/invite",
    )
    link = mailbox.link_to(person.email, "/invitations/").replace("http://localhost", "")
    submit(browser(app, person), link, {"accept": "1"})
    page = text_of(team.get(f"/projects/{project.id}/team"))
    assert "Darf ich?" not in page and "Nobody is waiting for an answer at the moment." in page
    request = db.session.scalar(select(JoinRequest).where(JoinRequest.user_id == person.id))
    assert fresh(JoinRequest, request.id).status is RequestStatus.ACCEPTED


def test_an_invitation_can_be_declined(app, mailbox):
    initiator = UserFactory()
    project = make_project(initiator)
    invitee = UserFactory()
    submit(
        browser(app, initiator),
        f"/projects/{project.id}/team",
        {"email": invitee.email, "message": ""},
        action=f"/projects/{project.id}/team/invite",
    )
    link = mailbox.link_to(invitee.email, "/invitations/").replace("http://localhost", "")
    guest = browser(app, invitee)
    response = submit(guest, link, {"decline": "1"})
    assert "You have declined the invitation." in text_of(guest.get(response.location))
    assert invitee.id not in members_of(project)


def test_expired_revoked_and_foreign_invitation_links_are_refused(app, mailbox, monkeypatch):
    initiator, invitee = UserFactory(), UserFactory(email="eingeladen@example.org")
    project = make_project(initiator)
    team = browser(app, initiator)
    submit(
        team,
        f"/projects/{project.id}/team",
        {"email": invitee.email, "message": ""},
        action=f"/projects/{project.id}/team/invite",
    )
    link = mailbox.link_to(invitee.email, "/invitations/").replace("http://localhost", "")
    invitation = db.session.scalar(select(Invitation))
    guest = browser(app, invitee)

    # A token signed for another purpose, for another address, or altered: not an invitation.
    with app.test_request_context():
        other_purpose = auth.make_token("password-reset", {"i": invitation.id, "e": invitee.email})
        other_address = auth.make_token(ops.INVITE, {"i": invitation.id, "e": "x@example.org"})
    for token in (other_purpose, other_address, link.rsplit("/", 1)[1][:-2] + "xx"):
        response = guest.get(f"/invitations/{token}")
        assert response.status_code == 404
        assert "This invitation link is invalid or has expired." in text_of(response)
        assert guest.post(f"/invitations/{token}", data={"accept": "1"}).status_code in (400, 404)

    # Fifteen days later the link has expired.
    now = time.time()
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(now) + 15 * 86400)
    response = guest.get(link)
    assert response.status_code == 404 and "has expired" in text_of(response)
    monkeypatch.undo()

    # A revoked invitation can no longer be accepted.
    post(team, f"/projects/{project.id}/team/invitations/{invitation.id}/revoke")
    page = text_of(guest.get(link))
    assert "answered or withdrawn already" in page and "Join the team" not in page
    response = post(guest, link, {"accept": "1"})
    assert response.status_code == 200 and "answered or withdrawn already" in text_of(response)
    assert invitee.id not in members_of(project)
    assert fresh(Invitation, invitation.id).status is RequestStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("email", "message", "field", "error"),
    [
        ("keine-adresse", "Hallo", "email", "valid e-mail address"),
        ("", "Hallo", "email", "Please enter the e-mail address"),
        ("a@example.org", "x" * 2001, "message", "2000"),
        ("a@example.org", "<script>alert(1)</script>", "message", "plain text"),
        ("<script>@example.org", "Hallo", "email", "valid e-mail address"),
    ],
)
def test_bad_invitations_are_shown_beside_the_field_and_keep_the_input(
    app, mailbox, email, message, field, error
):
    initiator = UserFactory()
    project = make_project(initiator)
    team = browser(app, initiator)
    response = submit(
        team,
        f"/projects/{project.id}/team",
        {"email": email, "message": message},
        action=f"/projects/{project.id}/team/invite",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    start = html.index(f'id="{field}-error"')
    assert error in html[start : start + 300]
    assert "<script>alert" not in html and "<script>@" not in html
    if email:
        assert f'value="{email.replace("<", "&lt;").replace(">", "&gt;")}"' in html
    assert message.replace("<", "&lt;").replace(">", "&gt;") in html
    assert mailbox.messages == []
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_members_and_open_invitations_are_not_invited_twice(app, mailbox):
    initiator, member = UserFactory(), UserFactory()
    project = make_project(initiator, members=[member])
    team = browser(app, initiator)
    url = f"/projects/{project.id}"
    response = submit(
        team, url + "/team", {"email": member.email.upper()}, action=url + "/team/invite"
    )
    html = response.get_data(as_text=True)
    assert "This person is already on the team." in html[html.index('id="email-error"') :]
    submit(team, url + "/team", {"email": "neu@example.org"}, action=url + "/team/invite")
    response = submit(
        team, url + "/team", {"email": "neu@example.org"}, action=url + "/team/invite"
    )
    assert "This address has been invited already." in text_of(response)
    assert len(mailbox.to("neu@example.org")) == 1


# --- leaving and handing over -----------------------------------------------------------------


def test_a_member_leaves_after_confirming(app):
    member = UserFactory()
    project = make_project(members=[member])
    client = browser(app, member)
    url = f"/projects/{project.id}/team"
    page = text_of(client.get(url))
    assert "Leave the team of this project" in page
    page = text_of(client.get(url + "/leave"))
    assert "Do you really want to leave the team" in page
    assert member.id in members_of(project)  # opening the page changes nothing
    response = submit(client, url + "/leave", {})
    assert response.status_code == 302
    assert "You have left the team" in text_of(client.get(response.location))
    assert member.id not in members_of(project)
    assert fresh(Project, project.id).member_count == 1
    assert f"{member.display_name} left the team" in text_of(
        client.get(f"/projects/{project.id}/timeline")
    )
    assert client.get(url).status_code == 403


def test_the_last_initiator_cannot_leave(app):
    initiator = UserFactory()
    project = make_project(initiator, members=1)
    client = browser(app, initiator)
    url = f"/projects/{project.id}/team"
    page = text_of(client.get(url))
    assert "Leave the team of this project" not in page
    assert "Please hand the role over to someone first." in page
    response = submit(client, url + "/leave", {})
    assert response.status_code == 200
    assert "Please hand the role over to someone first." in text_of(response)
    assert initiator.id in members_of(project)

    alone = UserFactory()
    solo = make_project(alone)
    response = submit(browser(app, alone), f"/projects/{solo.id}/team/leave", {})
    assert "You are the only team member." in text_of(response)
    assert alone.id in members_of(solo)


def test_the_initiator_hands_over_and_can_then_leave(app):
    initiator, member = UserFactory(), UserFactory()
    project = make_project(initiator, members=[member])
    client = browser(app, initiator)
    url = f"/projects/{project.id}/team"
    response = submit(client, url, {"member": str(member.id)}, action=url + "/hand-over")
    assert response.status_code == 302
    assert f"{member.display_name} is now initiator of the project." in text_of(
        client.get(response.location)
    )
    roles = dict(
        db.session.execute(
            select(Membership.user_id, Membership.role).where(Membership.project_id == project.id)
        ).all()
    )
    assert roles == {initiator.id: MemberRole.MEMBER, member.id: MemberRole.INITIATOR}
    assert f"{member.display_name} became initiator" in text_of(
        client.get(f"/projects/{project.id}/timeline")
    )
    # Now a member, the former initiator may leave.
    assert submit(client, url + "/leave", {}).status_code == 302
    assert initiator.id not in members_of(project)


def test_the_initiator_may_stay_initiator_when_handing_over(app):
    initiator, member, outsider = UserFactory(), UserFactory(), UserFactory()
    project = make_project(initiator, members=[member])
    client = browser(app, initiator)
    url = f"/projects/{project.id}/team"
    # Someone who is not on the team cannot be chosen.
    response = submit(client, url, {"member": str(outsider.id)}, action=url + "/hand-over")
    assert response.status_code == 200 and 'id="member-error"' in response.text
    response = submit(
        client, url, {"member": str(member.id), "stay_initiator": "y"}, action=url + "/hand-over"
    )
    assert response.status_code == 302
    initiators = db.session.scalars(
        select(Membership.user_id).where(
            Membership.project_id == project.id, Membership.role == MemberRole.INITIATOR
        )
    )
    assert set(initiators) == {initiator.id, member.id}
    assert "Everyone else on the team is an initiator already." in text_of(client.get(url))


# --- who may see and do what ------------------------------------------------------------------


def _team_urls(project, request_id, invitation_id):
    base = f"/projects/{project.id}/team"
    return [
        ("get", base),
        ("get", base + "/leave"),
        ("post", base + "/leave"),
        ("post", base + "/invite"),
        ("post", f"{base}/requests/{request_id}/accept"),
        ("post", f"{base}/requests/{request_id}/decline"),
        ("post", f"{base}/invitations/{invitation_id}/revoke"),
        ("post", base + "/hand-over"),
    ]


def _pending_request_and_invitation(project):
    applicant = UserFactory()
    request = JoinRequest(project_id=project.id, user_id=applicant.id, message="Bitte")
    invitation = Invitation(
        # One invitation waits per address and project: each call invites another address.
        project_id=project.id,
        email=f"jemand{applicant.id}@example.org",
        invited_by_id=UserFactory().id,
    )
    db.session.add_all([request, invitation])
    db.session.commit()
    return request, invitation


def test_only_the_team_sees_and_manages_the_team(app, mailbox):
    initiator = UserFactory()
    project = make_project(initiator, members=1)
    request, invitation = _pending_request_and_invitation(project)
    stranger = browser(app, UserFactory())
    visitor = browser(app)
    data = {"email": "x@example.org", "member": "1"}
    for method, url in _team_urls(project, request.id, invitation.id):
        if method == "get":
            assert stranger.get(url).status_code == 403, url
            response = visitor.get(url)
            assert response.status_code == 302, url
            assert response.location.startswith("/login?next="), url
        else:
            assert post(stranger, url, data).status_code == 403, url
            response = post(visitor, url, data)
            assert response.status_code == 302 and response.location.startswith("/login"), url
    assert fresh(JoinRequest, request.id).status is RequestStatus.PENDING
    assert fresh(Invitation, invitation.id).status is RequestStatus.PENDING
    assert mailbox.messages == []
    # Without a CSRF token nothing happens either.
    team = browser(app, initiator)
    response = team.post(f"/projects/{project.id}/team/requests/{request.id}/accept")
    assert response.status_code == 400
    assert fresh(JoinRequest, request.id).status is RequestStatus.PENDING


def test_ids_of_another_project_are_not_found(app):
    initiator = UserFactory()
    mine = make_project(initiator)
    other = make_project()
    request, invitation = _pending_request_and_invitation(other)
    team = browser(app, initiator)
    base = f"/projects/{mine.id}/team"
    assert post(team, f"{base}/requests/{request.id}/accept").status_code == 404
    assert post(team, f"{base}/invitations/{invitation.id}/revoke").status_code == 404
    assert post(team, f"{base}/requests/999999/decline").status_code == 404
    assert team.get("/projects/999999/team").status_code == 404
    assert fresh(JoinRequest, request.id).status is RequestStatus.PENDING
    assert fresh(Invitation, invitation.id).status is RequestStatus.PENDING


def test_names_and_messages_are_shown_as_text(app):
    initiator = UserFactory()
    sneaky = UserFactory(display_name="<script>alert(1)</script>")
    project = make_project(initiator, members=[sneaky])
    applicant = UserFactory(display_name="<img src=x onerror=alert(1)>")
    db.session.add(
        JoinRequest(
            project_id=project.id, user_id=applicant.id, message="Ich bringe <3 Kisten & mehr"
        )
    )
    db.session.commit()
    html = browser(app, initiator).get(f"/projects/{project.id}/team").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Ich bringe &lt;3 Kisten &amp; mehr" in html


def test_a_join_message_with_markup_is_refused_and_kept(app, mailbox):
    project = make_project()
    client = browser(app, UserFactory())
    response = submit(
        client, f"/projects/{project.id}/join", {"message": "<script>alert(1)</script>"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="message-error"' in html and "plain text" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    response = submit(client, f"/projects/{project.id}/join", {"message": "y" * 2001})
    assert 'id="message-error"' in response.text and "y" * 2001 in response.text
    assert mailbox.messages == []
    assert db.session.scalar(select(func.count()).select_from(JoinRequest)) == 0


def test_the_team_page_uses_a_fixed_number_of_queries(app, count_queries):
    initiator = UserFactory()
    project = make_project(initiator, members=2)
    _pending_request_and_invitation(project)
    client = browser(app, initiator)
    url = f"/projects/{project.id}/team"
    client.get(url)
    count_queries.statements.clear()
    assert client.get(url).status_code == 200
    few = count_queries.count
    for _ in range(5):
        _pending_request_and_invitation(project)
        db.session.add(Membership(project_id=project.id, user_id=UserFactory().id))
    db.session.commit()
    count_queries.statements.clear()
    assert client.get(url).status_code == 200
    assert count_queries.count == few, count_queries.statements


def test_the_team_notes_who_does_what(app):
    initiator, member = UserFactory(), UserFactory()
    project = make_project(initiator, members=[member])
    membership = next(m for m in project.memberships if m.user_id == member.id)
    url = f"/projects/{project.id}/team/members/{membership.id}/task"
    stranger = browser(app, UserFactory())
    assert stranger.get(url).status_code == 403
    client = browser(app, initiator)
    assert "Change" in text_of(client.get(f"/projects/{project.id}/team"))
    refused = submit(client, url, {"task": "<b>Kasse</b>"})
    assert refused.status_code == 200 and 'id="task-error"' in refused.get_data(as_text=True)
    assert "&lt;b&gt;Kasse&lt;/b&gt;" in refused.get_data(as_text=True)
    assert submit(client, url, {"task": "Finanzen"}).status_code == 302
    assert "Finanzen" in text_of(client.get(f"/projects/{project.id}"))
    other = make_project()
    foreign = other.memberships[0].id
    assert client.get(f"/projects/{project.id}/team/members/{foreign}/task").status_code == 404
