"""The versioned implementation plan, its editor without JavaScript, the diff between
versions, milestones during implementation and the final report."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from civic.accounts.models import Role
from civic.db import db
from civic.projects import operations as ops
from civic.projects.models import Membership, Milestone, Project
from civic.projects.workflow import Phase, ProjectState, Step
from tests.factories import UserFactory, make_project
from tests.helpers import login, submit, text_of
from tests.projects.plans import complete_plan, plan_form, project_in, team, versions


def _development_project(people=None):
    people = people or team()
    return make_project(people[0], members=people[1:], phase=Phase.DEVELOPMENT), people


def test_without_a_plan_the_page_says_so_and_the_team_is_asked_to_write_it(client):
    project, people = _development_project()
    visitor_page = client.get(f"/projects/{project.id}/plan")
    assert "Das Team hat noch keinen Umsetzungsplan geschrieben." in text_of(visitor_page)
    assert f"/projects/{project.id}/plan/edit" not in visitor_page.get_data(as_text=True)

    login(client, people[1].email)
    page = client.get(f"/projects/{project.id}/plan").get_data(as_text=True)
    assert f'href="/projects/{project.id}/plan/edit"' in page


def test_the_editor_works_without_javascript_and_saves_versions(client):
    project, people = _development_project()
    login(client, people[0].email)
    url = f"/projects/{project.id}/plan/edit"

    html = client.get(url).get_data(as_text=True)
    # Three empty rows each to start with, numbered for the server.
    assert 'name="milestones-2-title"' in html and 'name="milestones-3-title"' not in html
    assert 'name="cost_lines-2-amount"' in html and "<script" not in html

    response = submit(client, url, plan_form(**{"cost_lines-0-amount": "1.250,50"}))
    assert response.status_code == 302
    (first,) = versions(project)
    assert first.number == 1 and first.created_by_id == people[0].id
    assert first.cost_lines[0] == {"label": "Erde", "amount_cents": 125050}
    assert first.milestones[1] == {
        "title": "Eröffnungsfest",
        "due": "2027-06-01",
        "description": "",
    }
    assert len(first.milestones) == 2 and len(first.cost_lines) == 2  # empty rows left out

    page = text_of(client.get(response.location))
    assert "Version 1" in page
    assert "€1,250.50" in page and "€125.50" in page  # the lines
    assert "€1,376.00" in page  # the total
    assert "€100.00" in page and "€1,276.00" in page  # own contribution, still to finance

    # The editor starts from the current version, with three more empty rows.
    html = client.get(url).get_data(as_text=True)
    assert 'value="Eröffnungsfest"' in html and 'value="2027-06-01"' in html
    assert 'name="milestones-4-title"' in html and 'name="milestones-5-title"' not in html

    response = submit(
        client, url, plan_form(**{"cost_lines-0-amount": "1.250,50", "note": "Nur ein Vermerk"})
    )
    assert response.status_code == 200
    assert "Nothing has changed since the last version." in text_of(response)
    assert len(versions(project)) == 1

    changed = plan_form(
        **{
            "cost_lines-0-amount": "1.250,50",
            "goals": "Ein großer Gemeinschaftsgarten für alle Nachbarn.",
            "note": "Größer gedacht",
        }
    )
    assert submit(client, url, changed).status_code == 302
    assert [v.number for v in versions(project)] == [1, 2]
    page = text_of(client.get(f"/projects/{project.id}/plan"))
    assert "Version 2" in page and "Größer gedacht" in page and "Ein großer" in page


def test_more_rows_without_javascript_keep_what_was_typed(client):
    project, people = _development_project()
    login(client, people[0].email)
    url = f"/projects/{project.id}/plan/edit"
    response = submit(client, url, {**plan_form(goals="Noch nicht fertig"), "more_rows": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="milestones-5-title"' in html and 'name="cost_lines-5-label"' in html
    assert "Noch nicht fertig" in html
    assert versions(project) == []


def test_a_half_filled_row_shows_an_error_beside_it_and_keeps_the_input(client):
    project, people = _development_project()
    login(client, people[0].email)
    url = f"/projects/{project.id}/plan/edit"
    data = plan_form(
        **{
            "milestones-2-title": "Zaun bauen",
            "cost_lines-2-amount": "80",
            "cost_lines-1-amount": "12,345",
        }
    )
    response = submit(client, url, data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'id="milestones-2-due-error"[^>]*>Please give the milestone a date', html)
    assert re.search(r'id="cost_lines-2-label-error"[^>]*>Please say what the money is for', html)
    assert re.search(
        r'id="cost_lines-1-amount-error"[^>]*>Please enter an amount with at most', html
    )
    assert 'value="Zaun bauen"' in html and 'value="80"' in html and 'value="12,345"' in html
    assert versions(project) == []


def test_plan_text_is_shown_as_plain_text_with_line_breaks(app, client):
    project, people = _development_project()
    with app.test_request_context():
        ops.save_plan(
            people[0],
            project,
            **complete_plan(goals="Erstens: Beete.\nZweitens: *Bank* & Tisch <3"),
        )
        db.session.commit()
    html = client.get(f"/projects/{project.id}/plan").get_data(as_text=True)
    assert "Erstens: Beete.<br>Zweitens: *Bank* &amp; Tisch &lt;3" in html
    assert "<em>Bank</em>" not in html


def test_a_version_page_shows_what_changed_against_the_current_version(app, client):
    project, people = _development_project()
    with app.test_request_context():
        ops.save_plan(people[0], project, note="Erste Fassung", **complete_plan())
        second = complete_plan(
            goals="Ein Gemeinschaftsgarten mit Bienen <für> alle.",
            cost_lines=[
                {"label": "Erde", "amount_cents": 125_050},
                {"label": "Saatgut", "amount_cents": 12_550},
            ],
        )
        ops.save_plan(people[1], project, note="Bienen", **second)
        db.session.commit()

    login(client, UserFactory(locale="en").email)
    old = client.get(f"/projects/{project.id}/plan/versions/1")
    assert old.status_code == 200
    html = old.get_data(as_text=True)
    text = text_of(old)
    assert "Erste Fassung" in text and "Ein Gemeinschaftsgarten für alle Nachbarn." in text
    diff = html[html.index('class="diff"') :]
    assert re.search(r"<del>.*Ein Gemeinschaftsgarten für alle Nachbarn\.</del>", diff)
    assert re.search(r"<ins>.*Ein Gemeinschaftsgarten mit Bienen &lt;für&gt; alle\.</ins>", diff)
    assert re.search(r"<del>.*Erde: €500\.00</del>", diff)
    assert re.search(r"<ins>.*Erde: €1,250\.50</ins>", diff)
    marked = [m.group(2) for m in re.finditer(r"<(ins|del)>(.*?)</\1>", diff)]
    assert not [line for line in marked if "Saatgut" in line]  # unchanged lines stay plain
    changes = html[html.index('id="changes-title"') : html.index('id="full-title"')]
    assert re.findall(r"<h3>(.*?)</h3>", changes) == ["Goals", "Cost plan"]

    # The current version is compared with the one before it.
    current = text_of(client.get(f"/projects/{project.id}/plan/versions/2"))
    assert "Changes compared with the previous version" in current and "Bienen" in current
    assert client.get(f"/projects/{project.id}/plan/versions/3").status_code == 404
    assert text_of(client.get(f"/projects/{project.id}/plan")).count("Version 1") == 1


def test_the_plan_cannot_be_edited_outside_development(client):
    people = team()
    project = project_in(Phase.IMPLEMENTATION, people)
    login(client, people[0].email)
    assert client.get(f"/projects/{project.id}/plan/edit").status_code == 403
    outsider_project, _ = _development_project()
    assert client.get(f"/projects/{outsider_project.id}/plan/edit").status_code == 403


def test_milestones_come_from_the_plan_and_marking_them_shows_progress(app, client, mailbox):
    people = team()
    project = project_in(Phase.DEVELOPMENT, people)
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    with app.test_request_context():
        request = ops.request_phase_change(people[0], project, Step.TO_IMPLEMENTATION, "")
        ops.decide_phase_request(coordinator, request, True, "Der Plan ist vollständig.")
        db.session.commit()
    db.session.expire_all()
    milestones = db.session.scalars(
        select(Milestone).where(Milestone.project_id == project.id).order_by(Milestone.position)
    ).all()
    assert [m.title for m in milestones] == ["Beete anlegen", "Eröffnungsfest"]
    first = milestones[0]

    login(client, people[2].email)
    plan_page = client.get(f"/projects/{project.id}/plan")
    assert 'id="milestones"' in plan_page.get_data(as_text=True)
    assert "0 of 2 milestones done" in text_of(plan_page)

    done_url = f"/projects/{project.id}/milestones/{first.id}/done"
    response = submit(
        client, f"/projects/{project.id}/plan", {"note": "Zehn Beete stehen."}, action=done_url
    )
    assert response.status_code == 302
    page = text_of(client.get(f"/projects/{project.id}"))
    assert "1 of 2 milestones done" in page and "Zehn Beete stehen." in page
    assert "Milestone done: Beete anlegen" in page  # the timeline

    # A note that is too long is refused next to the field; the text stays.
    second_url = f"/projects/{project.id}/milestones/{milestones[1].id}/done"
    response = submit(
        client, f"/projects/{project.id}/plan", {"note": "x" * 501}, action=second_url
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="milestone-{milestones[1].id}-note-error"' in html and "x" * 501 in html

    reopen_url = f"/projects/{project.id}/milestones/{first.id}/reopen"
    assert submit(client, f"/projects/{project.id}/plan", {}, action=reopen_url).status_code == 302
    assert "0 of 2 milestones done" in text_of(client.get(f"/projects/{project.id}"))

    # Only the team tracks milestones.
    client.get("/")
    submit(client, "/", {}, action="/logout")
    outsider = UserFactory()
    login(client, outsider.email)
    assert submit(client, "/", {}, action=done_url).status_code == 403


def test_the_final_report_leads_to_the_completion_request(client):
    people = team()
    project = project_in(Phase.IMPLEMENTATION, people)
    login(client, people[0].email)
    url = f"/projects/{project.id}/report"

    response = submit(client, url, {"report": "", "cost": "abc"})
    assert response.status_code == 200
    assert "Please write the final report." in text_of(response)
    assert "Please enter an amount in euros" in text_of(response)

    report = "Wir haben **zehn Beete** angelegt. " * 8
    response = submit(client, url, {"report": report, "cost": "1.480,20"})
    assert response.status_code == 302
    assert response.location.endswith(f"/projects/{project.id}/phase")
    page = text_of(client.get(response.location))
    assert "Next step: ask the coordination office to complete the project." in page
    assert "A final report of at least 200 characters (met)" in page
    assert "The actual costs are stated (met)" in page
    db.session.expire_all()
    saved = db.session.get(Project, project.id)
    assert saved.final_cost_cents == 148020 and saved.state is ProjectState.ACTIVE
    # The team sees its report; the public sees it once the project is completed.
    assert "<strong>zehn Beete</strong>" in client.get(f"/projects/{project.id}").get_data(
        as_text=True
    )
    assert 'value="1,480.20"' in client.get(url).get_data(as_text=True)  # in the reader's notation


def test_the_plan_page_needs_a_fixed_number_of_queries(app, client, count_queries):
    people = team()
    project = project_in(Phase.IMPLEMENTATION, people)
    login(client, people[0].email)
    url = f"/projects/{project.id}/plan"
    client.get(url)
    count_queries.statements.clear()
    assert client.get(url).status_code == 200
    few = count_queries.count

    # More versions by more people, more milestones.
    project = db.session.get(Project, project.id)
    project.phase = Phase.DEVELOPMENT
    db.session.commit()
    with app.test_request_context():
        for number in range(5):
            author = UserFactory()
            project.memberships.append(Membership(user=author))
            db.session.flush()
            ops.save_plan(author, project, **complete_plan(goals=f"Ziel {number}"))
            db.session.add(
                Milestone(project_id=project.id, position=10 + number, title=f"Schritt {number}")
            )
        project.phase = Phase.IMPLEMENTATION
        db.session.commit()
    count_queries.statements.clear()
    response = client.get(url)
    assert response.status_code == 200 and "Version 6" in text_of(response)
    assert count_queries.count == few, count_queries.statements


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1.250,50", 125050),  # German
        ("1,250.50", 125050),  # English
        ("1.250", 125000),  # German thousands
        ("1250,5", 125050),
        ("12.50", 1250),
        ("0", 0),
        (" 980 € ", 98000),
    ],
)
def test_amounts_are_understood_as_typed_in_german_or_english(client, typed, cents):
    people = team()
    project = project_in(Phase.IMPLEMENTATION, people)
    login(client, people[0].email)
    report = "Wir haben zehn Beete angelegt und ein Fest gefeiert. " * 5
    response = submit(client, f"/projects/{project.id}/report", {"report": report, "cost": typed})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, project.id).final_cost_cents == cents
