"""A team asks for the next phase, withdraws the request, pauses, resumes and withdraws its
project. The coordination office's side is in tests/admin/test_coordination.py."""

from __future__ import annotations

from sqlalchemy import select

from civic.db import db
from civic.projects import operations as ops
from civic.projects.models import PhaseRequest, Project
from civic.projects.workflow import Phase, ProjectState, RequestStatus, Step
from tests.factories import UserFactory, make_project
from tests.helpers import login, submit, text_of
from tests.projects.plans import project_in, team


def _requests(project: Project) -> list[PhaseRequest]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(PhaseRequest).where(PhaseRequest.project_id == project.id))
    )


def _state(project: Project) -> tuple[Phase, ProjectState]:
    db.session.expire_all()
    fresh = db.session.get(Project, project.id)
    return fresh.phase, fresh.state


def test_the_page_shows_what_is_missing_and_a_request_is_refused_naming_it(client):
    initiator = UserFactory(locale="en")
    project = make_project(initiator, concept="Zu kurz.")
    login(client, initiator.email)
    url = f"/projects/{project.id}/phase"

    page = text_of(client.get(url))
    assert "The next step is: Move on to development" in page
    assert "At least 3 team members (now 1) (missing)" in page
    assert "A short concept of at least 200 characters (missing)" in page
    assert "Not all criteria are met yet" in page

    response = submit(client, url, {"step": "development", "message": "Wir sind bereit!"})
    assert response.status_code == 200
    page = text_of(response)
    assert "The project does not meet the criteria yet" in page
    assert "At least 3 team members (now 1); A short concept of at least 200 characters" in page
    assert "Wir sind bereit!" in page  # the message is kept for the next try
    assert _requests(project) == []


def test_a_request_that_skips_a_phase_is_refused(client):
    people = team()
    project = project_in(Phase.INITIATION, people)
    login(client, people[1].email)
    response = submit(
        client, f"/projects/{project.id}/phase", {"step": "implementation", "message": ""}
    )
    assert response.status_code == 200
    assert "A project moves one phase at a time" in text_of(response)
    assert 'id="step-error"' in response.get_data(as_text=True)  # next to the field
    assert _requests(project) == []
    assert _state(project) == (Phase.INITIATION, ProjectState.ACTIVE)


def test_the_team_asks_for_the_next_step_and_can_withdraw_the_request(client):
    people = team()
    project = project_in(Phase.INITIATION, people)
    login(client, people[2].email)
    url = f"/projects/{project.id}/phase"
    assert "Move on to development" in text_of(client.get(url))

    response = submit(client, url, {"step": "development", "message": "Konzept steht."})
    assert response.status_code == 302
    (request,) = _requests(project)
    assert request.step is Step.TO_DEVELOPMENT and request.status is RequestStatus.PENDING
    assert request.requested_by_id == people[2].id

    response = client.get(url)
    page = text_of(response)
    assert "A request is waiting for an answer" in page and "Konzept steht." in page
    assert 'name="message"' not in response.get_data(as_text=True)  # one request at a time
    detail = text_of(client.get(f"/projects/{project.id}"))
    assert "Requested: from Initiation to Development" in detail  # the public timeline
    assert "has asked the coordination office" in detail

    # A second request while one waits is refused.
    response = submit(client, url, {"step": "development", "message": ""})
    assert "already waiting" in text_of(response)
    assert len(_requests(project)) == 1

    response = submit(client, url, {}, action=f"/projects/{project.id}/phase/withdraw")
    assert response.status_code == 302
    (request,) = _requests(project)
    assert request.status is RequestStatus.WITHDRAWN
    response = client.get(url)
    assert "Your request is withdrawn." in text_of(response)
    assert 'name="message"' in response.get_data(as_text=True)  # the team may ask again
    assert "Request for Development withdrawn" in text_of(client.get(f"/projects/{project.id}"))


def test_people_outside_the_team_cannot_ask_or_withdraw(app, client):
    people = team()
    project = project_in(Phase.INITIATION, people)
    with app.test_request_context():
        ops.request_phase_change(people[0], project, Step.TO_DEVELOPMENT, "")
        db.session.commit()
    outsider = UserFactory(locale="en")
    login(client, outsider.email)
    url = f"/projects/{project.id}/phase"
    page = text_of(client.get(url))
    assert "A request is waiting" in page and "Withdraw the request" not in page
    assert submit(client, url, {"step": "development"}).status_code == 403
    assert submit(client, url, {}, action=url + "/withdraw").status_code == 403
    assert _requests(project)[0].status is RequestStatus.PENDING


def test_a_member_pauses_and_resumes_the_project(app, client):
    people = team()
    project = project_in(Phase.INITIATION, people)
    with app.test_request_context():
        ops.request_phase_change(people[0], project, Step.TO_DEVELOPMENT, "")
        db.session.commit()
    login(client, people[1].email)  # a member, not the initiator

    url = f"/projects/{project.id}/state/pause"
    assert "Pause the project" in text_of(client.get(url))
    response = submit(client, url, {"reason": "Winterpause bis März."})
    assert response.status_code == 302
    assert _state(project) == (Phase.INITIATION, ProjectState.PAUSED)
    # A paused project cannot ask for the next step: the waiting request is withdrawn.
    assert _requests(project)[0].status is RequestStatus.WITHDRAWN
    page = text_of(client.get(f"/projects/{project.id}"))
    assert "Project paused" in page and "Winterpause bis März." in page
    assert "Support this project" not in page
    assert client.get(url).status_code == 403  # cannot pause twice

    response = submit(client, f"/projects/{project.id}/state/resume", {"reason": ""})
    assert response.status_code == 302
    assert _state(project) == (Phase.INITIATION, ProjectState.ACTIVE)
    assert "Project resumed" in text_of(client.get(f"/projects/{project.id}"))


def test_only_an_initiator_withdraws_and_only_with_a_reason(client):
    people = team()
    project = project_in(Phase.INITIATION, people)
    url = f"/projects/{project.id}/state/withdraw"

    login(client, people[1].email)
    assert client.get(url).status_code == 403
    assert "Withdraw the project" not in text_of(client.get(f"/projects/{project.id}"))

    client.get("/")
    submit(client, "/", {}, action="/logout")
    login(client, people[0].email)
    response = submit(client, url, {"reason": "  "})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Please say why the project is withdrawn." in text_of(response)
    assert 'id="reason-error"' in html
    assert _state(project)[1] is ProjectState.ACTIVE

    response = submit(client, url, {"reason": "Die Fläche wird bebaut."})
    assert response.status_code == 302
    assert _state(project)[1] is ProjectState.WITHDRAWN
    page = text_of(client.get(f"/projects/{project.id}"))
    assert "Project withdrawn" in page and "Die Fläche wird bebaut." in page
    # Withdrawn is final: no way back.
    assert client.get(f"/projects/{project.id}/state/resume").status_code == 403
