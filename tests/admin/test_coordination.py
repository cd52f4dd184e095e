"""The coordination office in the admin area: the queue of phase requests, decisions with a
written reason, department contacts and featured projects."""

from __future__ import annotations

import re
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from civic.accounts.models import Role
from civic.core.errors import OperationError
from civic.core.models import AuditEntry
from civic.db import db
from civic.projects import operations as ops
from civic.projects.models import PhaseRequest, Project
from civic.projects.workflow import Phase, ProjectState, RequestStatus, Step
from tests.factories import UserFactory, make_project
from tests.helpers import login, submit, text_of
from tests.projects.plans import project_in, team

COORDINATION_PAGES = ["/admin/coordination", "/admin/projects"]


def _ask(app, project: Project, step: Step, message: str = "") -> PhaseRequest:
    """The team's request, made through the operation."""
    with app.test_request_context():
        requester = project.memberships[0].user
        request = ops.request_phase_change(requester, project, step, message)
        db.session.commit()
    return request


def _fresh(project: Project) -> Project:
    db.session.expire_all()
    return db.session.get(Project, project.id)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        ("citizen", 403),
        (Role.DEPARTMENT_CONTACT, 403),
        (Role.MODERATOR, 403),
        (Role.COUNCIL_MEMBER, 403),
        (Role.COORDINATOR, 200),
        (Role.ADMIN, 200),
    ],
    ids=str,
)
def test_only_the_coordination_office_and_admins_get_in(app, client, role, expected):
    project = project_in(Phase.INITIATION)
    request = _ask(app, project, Step.TO_DEVELOPMENT)
    if role is not None:
        login(client, UserFactory(roles=[] if role == "citizen" else [role]).email)
    pages = [
        *COORDINATION_PAGES,
        f"/admin/coordination/{request.id}",
        f"/admin/projects/{project.id}",
    ]
    for page in pages:
        assert client.get(page).status_code == expected, page
    if role is not None and expected == 403:
        # Nor can they decide by posting.
        response = submit(
            client,
            "/",
            {"decision": "confirm", "reason": "Passt."},
            action=f"/admin/coordination/{request.id}",
        )
        assert response.status_code == 403
        db.session.expire_all()
        assert db.session.get(PhaseRequest, request.id).status is RequestStatus.PENDING


def test_the_menu_leads_coordinators_to_their_pages(client):
    login(client, UserFactory(roles=[Role.COORDINATOR], locale="en").email)
    html = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/coordination"' in html and 'href="/admin/projects"' in html
    assert 'href="/admin/users"' not in html


def test_the_queue_lists_waiting_requests_oldest_first(app, client):
    login(client, UserFactory(roles=[Role.COORDINATOR], locale="en").email)
    assert "No request is waiting" in text_of(client.get("/admin/coordination"))

    newer = project_in(Phase.INITIATION, title="Bücherzelle am Markt")
    older = project_in(Phase.DEVELOPMENT, title="Gemeinschaftsgarten Elbaue")
    _ask(app, newer, Step.TO_DEVELOPMENT, "Wir sind drei.")
    request = _ask(app, older, Step.TO_IMPLEMENTATION, "Der Plan steht.")
    db.session.get(PhaseRequest, request.id).created_at -= timedelta(days=2)
    answered = project_in(Phase.INITIATION, title="Schon erledigt")
    withdrawn = _ask(app, answered, Step.TO_DEVELOPMENT)
    db.session.get(PhaseRequest, withdrawn.id).status = RequestStatus.WITHDRAWN
    db.session.get(PhaseRequest, withdrawn.id).decided_at = withdrawn.created_at
    db.session.commit()

    page = text_of(client.get("/admin/coordination"))
    assert "2 requests are waiting" in page
    assert page.index("Gemeinschaftsgarten Elbaue") < page.index("Bücherzelle am Markt")
    assert "Move on to implementation" in page and "Der Plan steht." in page
    assert "Schon erledigt" not in page
    assert f'href="/admin/coordination/{request.id}"' in client.get("/admin/coordination").get_data(
        as_text=True
    )


def test_a_confirmed_request_moves_the_project_on_and_tells_the_team(app, client, mailbox):
    people = team(3, locale="de")
    project = project_in(Phase.INITIATION, people, title="Bücherzelle am Markt")
    request = _ask(app, project, Step.TO_DEVELOPMENT, "Wir haben ein Konzept.")
    coordinator = UserFactory(roles=[Role.COORDINATOR], locale="en")
    login(client, coordinator.email)
    url = f"/admin/coordination/{request.id}"

    page = text_of(client.get(url))
    assert "Wir haben ein Konzept." in page
    assert "At least 3 team members (now 3) (met)" in page

    response = submit(client, url, {"decision": "confirm", "reason": "Gutes Konzept, viel Erfolg!"})
    assert response.status_code == 302
    saved = _fresh(project)
    assert saved.phase is Phase.DEVELOPMENT and saved.state is ProjectState.ACTIVE
    assert db.session.get(PhaseRequest, request.id).status is RequestStatus.ACCEPTED

    detail = text_of(client.get(f"/projects/{project.id}"))
    assert "Phase changed from Initiation to Development" in detail
    assert "Gutes Konzept, viel Erfolg!" in detail
    assert coordinator.display_name in detail

    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "project.phase_request.confirm")
    )
    assert entry.actor_id == coordinator.id and entry.object_id == project.id
    assert entry.details["reason"] == "Gutes Konzept, viel Erfolg!"

    assert sorted(m["To"] for m in mailbox.messages) == sorted(p.email for p in people)
    for person in people:
        mail = mailbox.last_to(person.email)
        assert "Bücherzelle am Markt" in str(make_header(decode_header(mail["Subject"])))
        body = mailbox.body(mail)
        assert person.display_name in body and "Gutes Konzept, viel Erfolg!" in body
        assert f"http://localhost/projects/{project.id}" in body

    assert "No request is waiting" in text_of(client.get("/admin/coordination"))


def test_declining_needs_a_written_reason(app, client, mailbox):
    people = team()
    project = project_in(Phase.DEVELOPMENT, people)
    request = _ask(app, project, Step.TO_IMPLEMENTATION)
    mailbox.clear()
    login(client, UserFactory(roles=[Role.COORDINATOR], locale="en").email)
    url = f"/admin/coordination/{request.id}"

    response = submit(client, url, {"decision": "decline", "reason": "   "})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'id="reason-error"[^>]*>Please write a short message', html)
    assert 'checked id="decision-1"' in html  # the choice is kept
    assert db.session.get(PhaseRequest, request.id).status is RequestStatus.PENDING
    assert mailbox.messages == []

    # The operation itself refuses a decision without a reason, whatever the form does.
    with app.test_request_context(), pytest.raises(OperationError) as refused:
        admin = UserFactory(roles=[Role.ADMIN])
        ops.decide_phase_request(admin, db.session.get(PhaseRequest, request.id), False, " \n ")
    assert refused.value.field == "reason"
    assert db.session.get(PhaseRequest, request.id).status is RequestStatus.PENDING

    response = submit(client, url, {"reason": "Ohne Entscheidung geht es nicht."})
    assert response.status_code == 200
    assert "Please choose whether to confirm or decline." in text_of(response)

    response = submit(
        client, url, {"decision": "decline", "reason": "Bitte die Kosten genauer planen."}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(PhaseRequest, request.id).status is RequestStatus.DECLINED
    assert _fresh(project).phase is Phase.DEVELOPMENT
    assert len(mailbox.messages) == 3
    assert "Bitte die Kosten genauer planen." in mailbox.body(mailbox.last_to(people[0].email))
    detail = text_of(client.get(f"/projects/{project.id}"))
    assert "Request from Development to Implementation declined" in detail
    assert "Bitte die Kosten genauer planen." in detail

    # An answered request shows the decision, not the form.
    page = client.get(url)
    assert "Bitte die Kosten genauer planen." in text_of(page)
    assert 'name="decision"' not in page.get_data(as_text=True)


def test_a_project_is_completed_after_report_request_and_confirmation(app, client, mailbox):
    people = team()
    project = project_in(Phase.IMPLEMENTATION, people)
    login(client, people[1].email)
    report = "Zehn Beete, ein Fest, viele neue Nachbarn. Es bleibt die Pflege im Winter. " * 4
    submit(client, f"/projects/{project.id}/report", {"report": report, "cost": "1.480,20"})
    response = submit(
        client,
        f"/projects/{project.id}/phase",
        {"step": "completed", "message": "Alles erledigt."},
    )
    assert response.status_code == 302
    request = db.session.scalar(select(PhaseRequest).where(PhaseRequest.project_id == project.id))
    assert request.step is Step.TO_COMPLETED

    client.get("/")
    submit(client, "/", {}, action="/logout")
    login(client, UserFactory(roles=[Role.COORDINATOR], locale="en").email)
    response = submit(
        client,
        f"/admin/coordination/{request.id}",
        {"decision": "confirm", "reason": "Ein schönes Projekt."},
    )
    assert response.status_code == 302
    assert _fresh(project).state is ProjectState.COMPLETED
    assert len(mailbox.messages) == 3

    client.get("/")
    submit(client, "/", {}, action="/logout")
    page = text_of(client.get(f"/projects/{project.id}"))  # a visitor now reads the report
    assert "Es bleibt die Pflege im Winter." in page and "1.480,20 €" in page


def test_a_department_contact_is_assigned_and_shown_on_the_project_page(client):
    project = make_project(title="Bücherzelle am Markt")
    contact = UserFactory(display_name="Dora Amtmann", roles=[Role.DEPARTMENT_CONTACT])
    department = contact.department.name
    not_a_contact = UserFactory(display_name="Nora Bürger")
    coordinator = UserFactory(roles=[Role.COORDINATOR], locale="en")
    login(client, coordinator.email)
    url = f"/admin/projects/{project.id}"

    html = client.get(url).get_data(as_text=True)
    assert f"Dora Amtmann ({department})" in html and "Nora Bürger" not in html

    response = submit(client, url, {"contact": str(not_a_contact.id), "assign": "1"})
    assert response.status_code == 200
    assert "Not a valid choice" in text_of(response)
    assert _fresh(project).department_contact_id is None

    response = submit(client, url, {"contact": str(contact.id), "assign": "1"})
    assert response.status_code == 302
    assert _fresh(project).department_contact_id == contact.id
    page = text_of(client.get(f"/projects/{project.id}"))
    assert f"Dora Amtmann ({department})" in page
    assert f"Dora Amtmann ({department}) is the contact in the administration" in page

    listing = text_of(client.get("/admin/projects?q=bücherzelle"))
    assert "Bücherzelle am Markt" in listing and "Dora Amtmann" in listing

    response = submit(client, url, {"contact": "0", "assign": "1"})
    assert response.status_code == 302
    assert _fresh(project).department_contact_id is None
    page = text_of(client.get(f"/projects/{project.id}"))
    assert "Contact in the administration:" not in page
    assert "The contact in the administration was removed" in page


def test_a_project_is_featured_on_the_home_page_and_removed_again(client):
    project = make_project(title="Bücherzelle am Markt")
    login(client, UserFactory(roles=[Role.COORDINATOR], locale="en").email)
    url = f"/admin/projects/{project.id}"

    def featured_section() -> str:
        html = client.get("/").get_data(as_text=True)
        if 'id="featured-title"' not in html:
            return ""
        return html[html.index('id="featured-title"') : html.index('id="recent-title"')]

    assert "Bücherzelle am Markt" not in featured_section()
    assert submit(client, url, {"featured": "y", "save_featured": "1"}).status_code == 302
    assert _fresh(project).featured
    assert "Bücherzelle am Markt" in featured_section()
    assert "yes" in text_of(client.get("/admin/projects?q=Bücherzelle")).split("Bücherzelle")[-1]

    assert submit(client, url, {"save_featured": "1"}).status_code == 302
    assert not _fresh(project).featured
    assert "Bücherzelle am Markt" not in featured_section()


def test_the_project_list_searches_titles_and_filters_by_phase(client):
    make_project(title="Bücherzelle am Markt")
    make_project(title="Bücherflohmarkt", phase=Phase.DEVELOPMENT)
    make_project(title="Bücher-Entwurf", state=ProjectState.DRAFT)
    make_project(title="Gemeinschaftsgarten")
    login(client, UserFactory(roles=[Role.COORDINATOR], locale="en").email)

    page = text_of(client.get("/admin/projects?q=bücher"))
    assert "2 projects found" in page and "Gemeinschaftsgarten" not in page
    assert "Bücher-Entwurf" not in page  # drafts are the team's business

    page = text_of(client.get("/admin/projects?q=bücher&phase=development"))
    assert "1 project found" in page and "Bücherflohmarkt" in page
    assert "Bücherzelle" not in page
    draft = db.session.scalar(select(Project).where(Project.title == "Bücher-Entwurf"))
    assert client.get(f"/admin/projects/{draft.id}").status_code == 404


def test_the_queue_needs_a_fixed_number_of_queries(app, client, count_queries):
    login(client, UserFactory(roles=[Role.COORDINATOR]).email)
    for _ in range(2):
        _ask(app, project_in(Phase.INITIATION), Step.TO_DEVELOPMENT)
    client.get("/admin/coordination")
    count_queries.statements.clear()
    assert client.get("/admin/coordination").status_code == 200
    few = count_queries.count
    for _ in range(6):
        _ask(app, project_in(Phase.INITIATION), Step.TO_DEVELOPMENT)
    count_queries.statements.clear()
    assert client.get("/admin/coordination").status_code == 200
    assert count_queries.count == few, count_queries.statements


def test_the_project_list_needs_a_fixed_number_of_queries(client, count_queries):
    def build(n):
        for _ in range(n):
            contact = UserFactory(roles=[Role.DEPARTMENT_CONTACT])
            make_project(department_contact_id=contact.id)

    login(client, UserFactory(roles=[Role.COORDINATOR]).email)
    build(2)
    client.get("/admin/projects")
    count_queries.statements.clear()
    assert client.get("/admin/projects").status_code == 200
    few = count_queries.count
    build(8)
    count_queries.statements.clear()
    assert client.get("/admin/projects").status_code == 200
    assert count_queries.count == few, count_queries.statements
