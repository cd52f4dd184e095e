"""The workspace of a project through HTTP: who gets in, messages, introductions, hurdles,
political questions and the private mediation requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from babel.dates import format_date

from civic.accounts.models import Role, User
from civic.db import db
from civic.mentoring.models import (
    Hurdle,
    Introduction,
    MediationRequest,
    PoliticalQuestion,
    WorkspaceMessage,
)
from civic.mentoring.workflow import HurdleStatus, IntroductionKind, QuestionStatus
from civic.projects.models import Project
from civic.projects.workflow import ProjectState
from tests.factories import UserFactory, add_mentor, make_council_member, make_project
from tests.helpers import browser, fresh, submit, text_of


@dataclass
class Setup:
    project: Project
    initiator: User
    member: User
    mentor: User

    @property
    def url(self) -> str:
        return f"/projects/{self.project.id}/workspace"


def mentored_project(**fields: object) -> Setup:
    initiator = UserFactory(display_name="Ines Initiatorin")
    member = UserFactory(display_name="Max Mitglied")
    project = make_project(initiator, members=[member], title="Gemeinschaftsgarten", **fields)
    mentor = make_council_member(display_name="Rita Rätin")
    add_mentor(project, mentor)
    return Setup(project, initiator, member, mentor)


TODAY = datetime.now(UTC).date()
BROUGHT = TODAY - timedelta(days=10)
ANSWERED = TODAY - timedelta(days=3)


def shown(day: date) -> str:
    """A date as the English pages show it."""
    return format_date(day, "medium", locale="en")


def url_of(response) -> str:
    return response.headers["Location"]


# --- who gets in -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["initiator", "member", "mentor", "coordinator"])
def test_the_team_the_mentors_and_the_coordination_office_see_the_workspace(app, who):
    s = mentored_project()
    user = UserFactory(roles=[Role.COORDINATOR]) if who == "coordinator" else getattr(s, who)
    page = browser(app, user).get(s.url)
    assert page.status_code == 200
    text = text_of(page)
    assert "Workspace of “Gemeinschaftsgarten”" in text
    assert "Rita Rätin (Fraktion Test)" in text
    assert "Only the team, the mentors of the project and the coordination office" in text
    html = page.get_data(as_text=True)
    assert f'href="/projects/{s.project.id}"' in html
    assert 'aria-current="page"><strong>Messages</strong>' in html


def test_citizens_are_refused_and_visitors_asked_to_sign_in(app):
    s = mentored_project()
    other_mentor = make_council_member()  # a council member, but not of this project
    for user in (UserFactory(), other_mentor):
        for path in ("", "/introductions", "/hurdles", "/questions", "/mediation"):
            assert browser(app, user).get(s.url + path).status_code == 403, path
    response = browser(app).get(s.url + "/hurdles")
    assert response.status_code == 302
    assert "/login?next=" in url_of(response)


def test_a_draft_has_no_workspace_for_anyone_outside_the_team(app):
    initiator = UserFactory()
    project = make_project(initiator, state=ProjectState.DRAFT)
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    assert browser(app, coordinator).get(f"/projects/{project.id}/workspace").status_code == 403
    assert browser(app, initiator).get(f"/projects/{project.id}/workspace").status_code == 403


def test_the_navigation_counts_open_hurdles_and_unanswered_questions(app):
    s = mentored_project()
    db.session.add_all(
        [
            Hurdle(project_id=s.project.id, title="Kein Raum", created_by_id=s.member.id),
            Hurdle(project_id=s.project.id, title="Kein Geld", created_by_id=s.member.id),
            PoliticalQuestion(
                project_id=s.project.id, question="Darf das sein?", created_by_id=s.member.id
            ),
        ]
    )
    db.session.commit()
    text = text_of(browser(app, s.member).get(s.url))
    assert "Hurdles 2 open" in text
    assert "Political questions 1 unanswered" in text


# --- messages ----------------------------------------------------------------------------------


def test_a_message_shows_in_the_thread_and_is_mailed_to_the_others(app, mailbox):
    s = mentored_project()
    client = browser(app, s.member)
    response = submit(client, s.url, {"body": "Wer kommt **Samstag** zum Umgraben?"})
    assert response.status_code == 302
    page = client.get(url_of(response))
    assert "Your message is posted." in text_of(page)
    assert "<strong>Samstag</strong>" in page.get_data(as_text=True)
    assert "Max Mitglied (you)" in text_of(page)
    assert {m["To"] for m in mailbox.messages} == {s.initiator.email, s.mentor.email}
    assert "Wer kommt **Samstag** zum Umgraben?" in mailbox.body(mailbox.last_to(s.mentor.email))
    assert f"/projects/{s.project.id}/workspace" in mailbox.link_to(s.mentor.email, "workspace")


def test_the_thread_is_newest_first_and_paginated(app):
    s = mentored_project()
    for n in range(23):
        db.session.add(
            WorkspaceMessage(
                project_id=s.project.id,
                author_id=s.initiator.id,
                body_markdown=f"Nachricht {n}",
                body_html=f"<p>Nachricht {n}</p>",
            )
        )
    db.session.commit()
    client = browser(app, s.mentor)
    first = text_of(client.get(s.url))
    assert first.index("Nachricht 22") < first.index("Nachricht 21")
    assert "Nachricht 2 " not in first and "Page 1 of 2" in first
    second = text_of(client.get(s.url + "?page=2"))
    assert "Nachricht 2 " in second and "Nachricht 22" not in second


def test_an_empty_message_is_refused_next_to_the_field(app, mailbox):
    s = mentored_project()
    client = browser(app, s.member)
    response = submit(client, s.url, {"body": "   "})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<p class="error" id="body-error">Please write a message.</p>' in html
    assert 'aria-describedby="body-hint body-error"' in html
    assert db.session.query(WorkspaceMessage).count() == 0
    assert mailbox.messages == []


def test_a_coordinator_may_post_but_a_closed_project_takes_no_messages(app):
    s = mentored_project()
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    client = browser(app, coordinator)
    assert submit(client, s.url, {"body": "Gibt es Fragen?"}).status_code == 302
    project = fresh(Project, s.project.id)
    project.state = ProjectState.COMPLETED
    db.session.commit()
    page = client.get(s.url)
    assert "nothing new can be added" in text_of(page)
    assert 'name="body"' not in page.get_data(as_text=True)
    token_page = "/imprint"
    assert submit(client, token_page, {"body": "Noch da?"}, action=s.url).status_code == 403


def test_the_workspace_needs_the_same_number_of_queries_for_3_and_30_messages(app, count_queries):
    s = mentored_project()
    client = browser(app, s.member)

    def write(n: int) -> None:
        for _ in range(n):
            author = UserFactory()
            db.session.add(
                WorkspaceMessage(
                    project_id=s.project.id,
                    author_id=author.id,
                    body_markdown="Hallo",
                    body_html="<p>Hallo</p>",
                )
            )
        db.session.commit()

    write(3)
    client.get(s.url)
    count_queries.statements.clear()
    assert client.get(s.url).status_code == 200
    few = count_queries.count
    write(27)
    count_queries.statements.clear()
    assert client.get(s.url).status_code == 200
    assert count_queries.count == few, count_queries.statements


# --- introductions ----------------------------------------------------------------------------


def test_a_mentor_records_an_introduction_and_the_team_its_outcome(app, mailbox):
    s = mentored_project()
    url = s.url + "/introductions"
    team = browser(app, s.member)
    assert 'name="contact"' not in team.get(url).get_data(as_text=True)
    assert submit(team, "/imprint", {"contact": "X"}, action=url).status_code == 403

    mentor = browser(app, s.mentor)
    response = submit(
        mentor,
        url,
        {"kind": "department", "contact": "Amt für Stadtgrün", "reason": "Hat Flächen."},
    )
    assert response.status_code == 302
    assert s.member.email in {m["To"] for m in mailbox.messages}
    text = text_of(team.get(url))
    assert "Amt für Stadtgrün" in text and "Department of the administration" in text
    assert "Recorded by Rita Rätin" in text and "Outcome not yet recorded." in text

    introduction = db.session.query(Introduction).one()
    outcome_url = f"{url}/{introduction.id}/outcome"
    assert f'href="{outcome_url}"' in team.get(url).get_data(as_text=True)
    response = submit(team, outcome_url, {"outcome": "Wir dürfen die Brache nutzen."})
    assert response.status_code == 302
    text = text_of(team.get(url))
    assert "Wir dürfen die Brache nutzen." in text
    assert "Outcome not yet recorded." not in text


def test_an_introduction_form_with_errors_keeps_what_was_typed(app):
    s = mentored_project()
    url = s.url + "/introductions"
    response = submit(
        browser(app, s.mentor), url, {"kind": "sponsor", "contact": "", "reason": "Gibt Geld."}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<p class="error" id="contact-error">Please name the contact.</p>' in html
    assert "Gibt Geld.</textarea>" in html
    assert '<option selected value="sponsor">' in html


# --- hurdles ----------------------------------------------------------------------------------


def test_a_hurdle_is_noted_and_its_status_changes(app, mailbox):
    s = mentored_project()
    url = s.url + "/hurdles"
    client = browser(app, s.member)
    page = client.get(url).get_data(as_text=True)
    assert '<option selected value="0">Nobody yet</option>' in page
    assert "Rita Rätin (mentor)" in page and "Ines Initiatorin" in page
    response = submit(
        client, url, {"title": "Kein Wasseranschluss", "description": "", "assignee": s.mentor.id}
    )
    assert response.status_code == 302
    text = text_of(client.get(url))
    assert "Open Kein Wasseranschluss – Rita Rätin works on it" in text

    hurdle = db.session.query(Hurdle).one()
    detail = f"{url}/{hurdle.id}"
    mailbox.clear()
    response = submit(
        browser(app, s.mentor), detail, {"status": "in_progress", "assignee": s.mentor.id}
    )
    assert response.status_code == 302
    assert fresh(Hurdle, hurdle.id).status is HurdleStatus.IN_PROGRESS
    assert "In progress" in text_of(client.get(detail))
    text = text_of(client.get(url))
    assert "In progress Kein Wasseranschluss – Rita Rätin works on it" in text
    assert {m["To"] for m in mailbox.messages} == {s.member.email, s.initiator.email}

    submit(client, detail, {"status": "solved", "assignee": 0})
    text = text_of(client.get(url))
    assert "Solved Kein Wasseranschluss" in text and "nobody works on it yet" in text


def test_a_hurdle_form_with_errors_keeps_input_and_refuses_outsiders_as_assignee(app):
    s = mentored_project()
    url = s.url + "/hurdles"
    client = browser(app, s.member)
    stranger = UserFactory()
    response = submit(
        client, url, {"title": "", "description": "Keine Genehmigung", "assignee": stranger.id}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<p class="error" id="title-error">Please name the hurdle.</p>' in html
    assert '<p class="error" id="assignee-error">' in html
    assert "Keine Genehmigung</textarea>" in html
    assert db.session.query(Hurdle).count() == 0


# --- political questions ----------------------------------------------------------------------


def test_a_question_is_brought_in_answered_and_made_public_by_the_team(app, mailbox):
    s = mentored_project()
    team = browser(app, s.member)
    mentor = browser(app, s.mentor)
    response = submit(
        team, s.url + "/questions", {"question": "Darf die Brache ein Garten werden?"}
    )
    assert response.status_code == 302
    question = db.session.query(PoliticalQuestion).one()
    detail = url_of(response)
    assert detail.endswith(f"/workspace/questions/{question.id}")
    page = team.get(s.url + "/questions")
    assert "Darf die Brache ein Garten werden?" in text_of(page)
    assert '<li class="badge badge-state">Open</li>' in page.get_data(as_text=True)

    # Only mentors bring a question in; the team sees no form for it.
    assert 'name="reference"' not in team.get(detail).get_data(as_text=True)
    assert submit(team, detail, {"reference": "A1"}, action=detail + "/bring").status_code == 403

    response = submit(
        mentor,
        detail,
        {"reference": "Antrag A0123/26", "brought_on": BROUGHT.strftime("%d.%m.%Y")},
        action=detail + "/bring",
    )
    assert response.status_code == 302
    assert fresh(PoliticalQuestion, question.id).status is QuestionStatus.BROUGHT
    text = text_of(team.get(s.url + "/questions"))
    assert "Brought into the council" in text
    assert f"Brought into the council on {shown(BROUGHT)}: Antrag A0123/26" in text
    # Nothing to publish before the answer.
    assert "Show on the project page" not in text_of(team.get(detail))

    response = submit(
        mentor,
        detail,
        {"answer": "Ja, für *drei* Jahre.", "answered_on": ANSWERED.isoformat()},
        action=detail + "/answer",
    )
    assert response.status_code == 302
    assert s.member.email in {m["To"] for m in mailbox.messages}
    page = team.get(detail)
    assert "<em>drei</em>" in page.get_data(as_text=True)
    assert f"Answer of {shown(ANSWERED)}" in text_of(page)
    assert 'name="answer"' not in mentor.get(detail).get_data(as_text=True)

    # The mentor does not decide about the project page; the team does.
    assert submit(mentor, detail, {"public": "1"}, action=detail + "/publish").status_code == 403
    response = submit(team, detail, {"public": "1"}, action=detail + "/publish")
    assert response.status_code == 302
    assert fresh(PoliticalQuestion, question.id).is_public
    assert "Public on the project page" in text_of(team.get(s.url + "/questions"))
    assert "Hide from the project page" in text_of(team.get(detail))

    submit(team, detail, {"public": "0"}, action=detail + "/publish")
    assert not fresh(PoliticalQuestion, question.id).is_public
    assert "Public on the project page" not in text_of(team.get(s.url + "/questions"))


def test_bringing_in_with_errors_shows_them_and_keeps_input(app):
    s = mentored_project()
    question = PoliticalQuestion(
        project_id=s.project.id, question="Wem gehört die Wiese?", created_by_id=s.member.id
    )
    db.session.add(question)
    db.session.commit()
    detail = f"{s.url}/questions/{question.id}"
    mentor = browser(app, s.mentor)
    response = submit(
        mentor,
        detail,
        {"reference": "Sitzung 7", "brought_on": "gestern"},
        action=detail + "/bring",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<p class="error" id="brought_on-error">Please enter a date like' in html
    assert 'value="Sitzung 7"' in html and 'value="gestern"' in html

    response = submit(
        mentor,
        detail,
        {"answer": "", "answered_on": ANSWERED.isoformat()},
        action=detail + "/answer",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<p class="error" id="answer-error">Please enter the answer.</p>' in html
    assert f'value="{ANSWERED.isoformat()}"' in html
    assert fresh(PoliticalQuestion, question.id).status is QuestionStatus.OPEN


# --- mediation --------------------------------------------------------------------------------


def test_mediation_is_private_to_the_requester_and_the_mentors(app, mailbox):
    s = mentored_project()
    url = s.url + "/mediation"
    requester = browser(app, s.member)
    page = requester.get(url)
    assert "Only the mentors of the project read your request." in text_of(page)
    response = submit(
        requester, url, {"subject": "Streit um die Beete", "message": "Ines bestimmt alles."}
    )
    assert response.status_code == 302
    item = db.session.query(MediationRequest).one()
    thread = f"{url}/{item.id}"
    assert url_of(response).endswith(thread)
    assert [m["To"] for m in mailbox.messages] == [s.mentor.email]

    assert "Ines bestimmt alles." in text_of(requester.get(thread))
    assert "Streit um die Beete" in text_of(requester.get(url))
    mentor = browser(app, s.mentor)
    assert "Streit um die Beete" in text_of(mentor.get(url))
    assert "Ines bestimmt alles." in text_of(mentor.get(thread))
    assert "Mediation 1 open" in text_of(mentor.get(s.url))

    # Nobody else on the team, nor the coordination office, learns of it.
    for other in (s.initiator, UserFactory(roles=[Role.COORDINATOR])):
        client = browser(app, other)
        assert client.get(thread).status_code == 404
        assert client.get(thread + "/close").status_code == 404
        assert "Streit um die Beete" not in text_of(client.get(url))
        assert "Mediation 1 open" not in text_of(client.get(s.url))
        assert submit(client, url, {"body": "Hallo?"}, action=thread).status_code == 404

    mailbox.clear()
    response = submit(mentor, thread, {"body": "Lass uns telefonieren."})
    assert response.status_code == 302
    assert "Lass uns telefonieren." in text_of(requester.get(thread))
    assert [m["To"] for m in mailbox.messages] == [s.member.email]


def test_a_mediation_request_is_closed_after_confirmation(app):
    s = mentored_project()
    item = MediationRequest(project_id=s.project.id, requester_id=s.member.id, subject="Zoff")
    db.session.add(item)
    db.session.commit()
    thread = f"{s.url}/mediation/{item.id}"
    mentor = browser(app, s.mentor)
    assert f'href="{thread}/close"' in mentor.get(thread).get_data(as_text=True)
    confirm = mentor.get(thread + "/close")
    assert "Close the mediation request “Zoff”" in text_of(confirm)
    assert submit(mentor, thread + "/close", {}).status_code == 302
    page = text_of(mentor.get(thread))
    assert "This request is closed" in page
    assert 'name="body"' not in mentor.get(thread).get_data(as_text=True)
    assert submit(mentor, thread, {"body": "Noch was"}, action=thread).status_code == 403


def test_a_mentor_asks_nobody_for_mediation_and_a_project_without_mentor_cannot(app):
    s = mentored_project()
    assert 'name="subject"' not in browser(app, s.mentor).get(s.url + "/mediation").get_data(
        as_text=True
    )
    lonely = make_project(UserFactory())
    page = browser(app, lonely.memberships[0].user).get(
        f"/projects/{lonely.id}/workspace/mediation"
    )
    assert 'name="subject"' not in page.get_data(as_text=True)
    assert "nobody can be asked to mediate" in text_of(page)


# --- objects of other projects ------------------------------------------------------------------


def test_ids_of_another_projects_objects_give_404(app):
    s = mentored_project()
    other = mentored_project()
    pid = other.project.id
    hurdle = Hurdle(project_id=pid, title="Fremd", created_by_id=other.member.id)
    question = PoliticalQuestion(project_id=pid, question="Fremd?", created_by_id=other.member.id)
    introduction = Introduction(
        project_id=pid,
        kind=IntroductionKind.OTHER,
        contact="Fremd",
        reason="Fremd",
        created_by_id=other.mentor.id,
    )
    mediation = MediationRequest(project_id=pid, requester_id=s.member.id, subject="Fremd")
    db.session.add_all([hurdle, question, introduction, mediation])
    db.session.commit()
    client = browser(app, s.member)
    for path in (
        f"/hurdles/{hurdle.id}",
        f"/questions/{question.id}",
        f"/introductions/{introduction.id}/outcome",
        f"/mediation/{mediation.id}",
        f"/mediation/{mediation.id}/close",
    ):
        assert client.get(s.url + path).status_code == 404, path
    for path in (f"/questions/{question.id}/publish", f"/questions/{question.id}/bring"):
        assert submit(client, s.url, {"public": "1"}, action=s.url + path).status_code == 404
    assert client.get(f"{s.url}/hurdles/999999").status_code == 404
