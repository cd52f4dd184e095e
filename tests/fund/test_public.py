"""The fund in public: the page of a year with its call, money and decisions, the CSV of the
decisions, and what never appears there (assessments, drafts, applications in the works)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from civic.db import db, utcnow
from civic.fund.models import Fund, Review
from civic.fund.workflow import Status
from civic.projects.workflow import Phase
from tests.factories import UserFactory, make_application, make_fund, make_project
from tests.helpers import browser, text_of

DEV = Phase.DEVELOPMENT


def _project(title: str | None = None):
    fields = {"title": title} if title else {}
    return make_project(phase=DEV, members=1, **fields)


def _apply(project, fund, status, decided_at=None, decision_reason=None, **fields):
    """``make_application`` with the decision's date and reason given."""
    application = make_application(project, fund, status, **fields)
    if decided_at is not None:
        application.decided_at = decided_at
    if decision_reason is not None:
        application.decision_reason = decision_reason
    db.session.commit()
    return application


@pytest.fixture
def year_fund():
    """A fund with a decision in each public state and applications that are not public."""
    fund = make_fund(budget_cents=100_000_00, criteria="Nutzen\nMachbarkeit")
    approved = _apply(
        _project("Lastenrad für alle"),
        fund,
        Status.APPROVED,
        requested_cents=5_000_00,
        approved_cents=5_000_00,
        title="Zwei Lastenräder",
        paid_cents=2_000_00,
        decision_reason="Hilft dem ganzen Viertel.",
        decided_at=datetime(2026, 3, 14, 10, 0, tzinfo=UTC),
    )
    _apply(
        _project("Nachbarschaftsgarten"),
        fund,
        Status.PARTIALLY_APPROVED,
        requested_cents=4_000_00,
        approved_cents=3_000_00,
        title="Hochbeete und Erde",
    )
    _apply(
        _project("Hofkonzerte"),
        fund,
        Status.REJECTED,
        title="Bühnentechnik",
        decision_reason="Die Kosten sind nicht belegt.",
    )
    _apply(
        _project(),
        fund,
        Status.PROOF_SUBMITTED,
        requested_cents=1_000_00,
        approved_cents=1_000_00,
        title="Werkzeugkisten",
    )
    _apply(
        _project(),
        fund,
        Status.CLOSED,
        requested_cents=2_000_00,
        approved_cents=2_000_00,
        title="Saatgut-Tauschbörse",
    )
    for status, title in [
        (Status.DRAFT, "Geheimer Entwurf"),
        (Status.SUBMITTED, "Gerade eingereicht"),
        (Status.FORMAL_CHECK, "In formaler Prüfung"),
        (Status.RETURNED, "Zurückgegeben"),
        (Status.IN_REVIEW, "In Begutachtung"),
        (Status.WITHDRAWN, "Zurückgezogen"),
    ]:
        _apply(_project(), fund, status, title=title)
    waiting = _apply(
        _project(),
        fund,
        Status.AWAITING_CONFIRMATION,
        title="Wartet auf Bestätigung",
        proposed_reason="VORGESCHLAGENE BEGRÜNDUNG",
    )
    officer = UserFactory()
    for application in (approved, waiting):
        db.session.add(
            Review(
                application_id=application.id,
                officer_id=officer.id,
                assessment="INTERNE EINSCHÄTZUNG",
                scores={"Nutzen": 5, "Machbarkeit": 4},
            )
        )
    fund.paid_cents = 2_000_00
    db.session.commit()
    return fund


HIDDEN = [
    "Geheimer Entwurf",
    "Gerade eingereicht",
    "In formaler Prüfung",
    "Zurückgegeben",
    "In Begutachtung",
    "Zurückgezogen",
    "Wartet auf Bestätigung",
    "VORGESCHLAGENE BEGRÜNDUNG",
    "INTERNE EINSCHÄTZUNG",
]


def test_the_fund_page_shows_the_money_the_call_and_every_decision(app, year_fund):
    page = text_of(browser(app).get(f"/fund/{year_fund.year}"))
    # Budget, committed (5,000 + 3,000 + 1,000 + 2,000), paid, remaining, with shares.
    assert "Budget €100,000.00 100%" in page
    assert "Committed (approved) €11,000.00 11%" in page
    assert "of which paid €2,000.00 2%" in page
    assert "Remaining €89,000.00 89%" in page
    assert "at most €20,000.00 per project" in page
    assert "The call is open now." in page
    assert "Nutzen" in page and "Machbarkeit" in page and "Sachbericht" in page
    assert "5 decisions" in page
    for title in [
        "Zwei Lastenräder",
        "Hochbeete und Erde",
        "Bühnentechnik",
        "Werkzeugkisten",
        "Saatgut-Tauschbörse",
    ]:
        assert title in page
    assert "Lastenrad für alle Zwei Lastenräder Approved €5,000.00 Mar 14, 2026" in page
    assert "Hilft dem ganzen Viertel." in page
    assert "Hochbeete und Erde Partially approved €3,000.00" in page
    assert "Bühnentechnik Rejected €0.00" in page
    assert "Die Kosten sind nicht belegt." in page
    assert "Werkzeugkisten Proof of use submitted" in page
    assert "Saatgut-Tauschbörse Closed" in page


def test_drafts_applications_in_the_works_and_assessments_never_appear(app, year_fund):
    for url in ("/fund", f"/fund/{year_fund.year}", f"/fund/{year_fund.year}/decisions.csv"):
        body = browser(app).get(url).get_data(as_text=True)
        for hidden in HIDDEN:
            assert hidden not in body, (url, hidden)


def test_the_decisions_link_to_their_projects_and_the_csv(app, year_fund):
    html = browser(app).get(f"/fund/{year_fund.year}").get_data(as_text=True)
    assert f'href="/fund/{year_fund.year}/decisions.csv"' in html
    assert 'href="/projects/' in html
    # The bars are decoration: the numbers are in the table beside them.
    assert html.count('<meter class="fund-bar') == 4
    assert 'aria-hidden="true"' in html


def test_the_fund_of_this_year_is_at_fund_with_links_to_other_years(app, year_fund):
    make_fund(
        year=year_fund.year - 1, call_opens_on=date(2000, 1, 1), call_closes_on=date(2000, 2, 1)
    )
    page = text_of(browser(app).get("/fund"))
    assert f"Citizen-projects fund {year_fund.year}" in page
    assert "Zwei Lastenräder" in page
    html = browser(app).get("/fund").get_data(as_text=True)
    assert f'href="/fund/{year_fund.year - 1}"' in html
    older = text_of(browser(app).get(f"/fund/{year_fund.year - 1}"))
    assert "The call is closed." in older
    assert "The fund has not decided on any application yet." in older
    assert "Zwei Lastenräder" not in older


def test_without_a_fund_the_page_says_so(app):
    response = browser(app).get("/fund")
    assert response.status_code == 200
    assert "There is no fund yet." in text_of(response)


@pytest.mark.parametrize("year", ["1999", "0", "99999999999999999999999"])
def test_an_unknown_year_is_not_found(app, year_fund, year):
    client = browser(app)
    assert client.get(f"/fund/{year}").status_code == 404
    assert client.get(f"/fund/{year}/decisions.csv").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "2", "999999999", "²", "1.5"])
def test_odd_page_numbers_show_a_page(app, year_fund, page):
    response = browser(app).get(f"/fund/{year_fund.year}?page={page}")
    assert response.status_code == 200
    assert "Zwei Lastenräder" in text_of(response)


def test_signed_in_people_are_invited_to_apply_while_the_call_is_open(app, year_fund):
    html = browser(app, UserFactory()).get("/fund").get_data(as_text=True)
    assert 'href="/my/projects"' in html
    assert "Apply for your project" in html
    anonymous = text_of(browser(app).get("/fund"))
    assert "Apply for your project" not in anonymous
    assert "Sign in to apply for your project" in anonymous
    fund = db.session.get(Fund, year_fund.id)
    fund.call_closes_on = utcnow().date() - timedelta(days=2)
    fund.call_opens_on = fund.call_closes_on - timedelta(days=30)
    db.session.commit()
    closed = text_of(browser(app, UserFactory()).get("/fund"))
    assert "The call is closed." in closed
    assert "Apply for your project" not in closed


def test_the_fund_is_in_the_main_navigation(app):
    html = browser(app).get("/").get_data(as_text=True)
    assert 'href="/fund"' in html and "Citizen-projects fund" in html


def _csv(response):
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_lists_every_decision_for_excel(app, year_fund):
    response = browser(app).get(f"/fund/{year_fund.year}/decisions.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=fonds-{year_fund.year}-entscheidungen.csv"
    )
    rows = _csv(response)
    assert rows[0] == [
        "project_id",
        "project_title",
        "application_title",
        "status",
        "requested_cents",
        "approved_cents",
        "decided_on",
        "reason",
        "project_url",
    ]
    by_title = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_title) == {
        "Zwei Lastenräder",
        "Hochbeete und Erde",
        "Bühnentechnik",
        "Werkzeugkisten",
        "Saatgut-Tauschbörse",
    }
    first = by_title["Zwei Lastenräder"]
    assert first["project_title"] == "Lastenrad für alle"
    assert first["status"] == "approved"
    assert (first["requested_cents"], first["approved_cents"]) == ("500000", "500000")
    assert first["decided_on"] == "2026-03-14"
    assert first["reason"] == "Hilft dem ganzen Viertel."
    assert first["project_url"] == f"http://localhost/projects/{first['project_id']}"
    assert by_title["Hochbeete und Erde"]["status"] == "partially_approved"
    assert by_title["Bühnentechnik"]["approved_cents"] == "0"


def test_the_csv_keeps_spreadsheets_from_running_formulas(app):
    fund = make_fund()
    cells = ['=HYPERLINK("http://evil.example")', "+49 351", "-1+1", "@SUM(A1)", "Ärger = gut"]
    for text in cells:
        _apply(
            _project(text),
            fund,
            Status.REJECTED,
            title=text,
            decision_reason=text,
        )
    rows = _csv(browser(app).get(f"/fund/{fund.year}/decisions.csv"))
    seen = {row[2]: row for row in rows[1:]}
    assert set(seen) == {
        '\'=HYPERLINK("http://evil.example")',
        "'+49 351",
        "'-1+1",
        "'@SUM(A1)",
        "Ärger = gut",
    }
    for title, row in seen.items():
        assert row[1] == title and row[7] == title  # project title and reason alike


def test_the_decisions_are_paginated(app):
    fund = make_fund(budget_cents=1_000_000_00)
    project = _project()
    start = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
    for n in range(52):
        _apply(
            project,
            fund,
            Status.REJECTED,
            title=f"Antrag Nummer {n:02d}",
            decided_at=start + timedelta(hours=n),
        )
    client = browser(app)
    first = text_of(client.get(f"/fund/{fund.year}"))
    assert "52 decisions" in first and "Page 1 of 2" in first
    assert "Antrag Nummer 51" in first and "Antrag Nummer 01" not in first
    second = text_of(client.get(f"/fund/{fund.year}?page=2"))
    assert "Antrag Nummer 01" in second and "Antrag Nummer 00" in second
    assert "Antrag Nummer 51" not in second
    assert len(_csv(client.get(f"/fund/{fund.year}/decisions.csv"))) == 53


@pytest.mark.parametrize("url", ["/fund", "/fund/{year}", "/fund/{year}/decisions.csv"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_pages_load_with_a_fixed_number_of_queries(app, count_queries, url, signed_in):
    fund = make_fund(budget_cents=1_000_000_00)
    client = browser(app, UserFactory() if signed_in else None)
    target = url.format(year=fund.year)

    def decide(n):
        for i in range(n):
            _apply(
                _project(),
                fund,
                Status.APPROVED if i % 2 else Status.REJECTED,
                approved_cents=1_000_00 if i % 2 else 0,
            )

    decide(3)
    client.get(target)
    count_queries.statements.clear()
    response = client.get(target)
    assert response.status_code == 200 and response.get_data()
    few = count_queries.count
    decide(27)
    count_queries.statements.clear()
    response = client.get(target)
    assert response.status_code == 200 and response.get_data()
    assert count_queries.count == few, count_queries.statements
    if url.endswith(".csv"):
        assert len(_csv(response)) == 31
    else:
        assert "30 decisions" in text_of(response)
