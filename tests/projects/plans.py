"""Plans and projects at a given point of their lifecycle, for the phase, plan and coordination
tests. Operations are called directly; they need the ``ctx`` fixture (a request context)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from civic.accounts.models import User
from civic.db import db
from civic.projects import operations as ops
from civic.projects.models import PlanVersion, Project
from civic.projects.workflow import Phase
from tests.factories import UserFactory, make_project

CONCEPT = "Wir legen auf der Brache an der Elbe Beete an, die alle Nachbarn pflegen. " * 4


def complete_plan(**changes: Any) -> dict[str, Any]:
    """The content of a plan that meets the gate to implementation."""
    content: dict[str, Any] = {
        "goals": "Ein Gemeinschaftsgarten für alle Nachbarn.",
        "team_roles": "Anna plant, Ben baut.",
        "risks": "Ein trockener Sommer.",
        "resources": "Schaufeln und Gießkannen.",
        "partners": "Kleingartenverein Elbaue.",
        "milestones": [
            {"title": "Beete anlegen", "due": date(2027, 3, 1), "description": ""},
            {"title": "Eröffnungsfest", "due": date(2027, 6, 1), "description": ""},
        ],
        "cost_lines": [
            {"label": "Erde", "amount_cents": 50_000},
            {"label": "Saatgut", "amount_cents": 12_550},
        ],
        "own_contribution_cents": 10_000,
        "other_funding_cents": 0,
        "other_funding_note": "",
    }
    content.update(changes)
    return content


def team(size: int = 3, locale: str = "en") -> list[User]:
    return [UserFactory(locale=locale) for _ in range(size)]


def project_in(phase: Phase, people: list[User] | None = None, **fields: Any) -> Project:
    """An active project in ``phase`` whose gate to the next step is met (the first person is
    the initiator). A project in implementation has its milestones from a complete plan."""
    people = people or team()
    assert len(people) >= 3  # the default gate to development
    start = Phase.INITIATION if phase is Phase.INITIATION else Phase.DEVELOPMENT
    project = make_project(people[0], members=people[1:], phase=start, concept=CONCEPT, **fields)
    if phase is not Phase.INITIATION:
        ops.save_plan(people[0], project, note="Erste Fassung", **complete_plan())
        if phase is Phase.IMPLEMENTATION:
            project.phase = Phase.IMPLEMENTATION
            ops._start_implementation(project)  # noqa: SLF001 - what confirming the step does
    db.session.commit()
    return project


def plan_form(**overrides: str) -> dict[str, str]:
    """What the plan editor posts for ``complete_plan()``, with German amounts."""
    data = {
        "goals": "Ein Gemeinschaftsgarten für alle Nachbarn.",
        "milestones-0-title": "Beete anlegen",
        "milestones-0-due": "2027-03-01",
        "milestones-0-description": "",
        "milestones-1-title": "Eröffnungsfest",
        "milestones-1-due": "01.06.2027",
        "milestones-1-description": "",
        "milestones-2-title": "",
        "milestones-2-due": "",
        "milestones-2-description": "",
        "cost_lines-0-label": "Erde",
        "cost_lines-0-amount": "500,00",
        "cost_lines-1-label": "Saatgut",
        "cost_lines-1-amount": "125,50",
        "cost_lines-2-label": "",
        "cost_lines-2-amount": "",
        "own_contribution": "100",
        "other_funding": "",
        "other_funding_note": "",
        "team_roles": "Anna plant, Ben baut.",
        "risks": "Ein trockener Sommer.",
        "resources": "Schaufeln und Gießkannen.",
        "partners": "Kleingartenverein Elbaue.",
        "note": "",
    }
    data.update(overrides)
    return data


def versions(project: Project) -> list[PlanVersion]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(PlanVersion)
            .where(PlanVersion.project_id == project.id)
            .order_by(PlanVersion.number)
        )
    )
