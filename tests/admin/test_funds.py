"""Admins set up the funds: one per budget year, with budget, maximum per project, four-eyes
amount and call period. The budget never falls below what is committed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from civic.accounts.models import Role
from civic.db import db
from civic.fund.models import Fund
from tests.factories import UserFactory, make_fund
from tests.helpers import browser, submit, text_of

VALID = {
    "year": "2031",
    "budget": "120.000,00",
    "max_per_project": "15000",
    "four_eyes": "5000",
    "call_opens_on": "2031-02-01",
    "call_closes_on": "31.03.2031",
    "required_documents": "Sachbericht\nBelege aller Ausgaben",
    "criteria": "Nutzen für den Stadtteil\nMachbarkeit\nBeteiligung",
}


def admin_browser(app):
    return browser(app, UserFactory(roles=[Role.ADMIN]))


def error_of(response, field: str) -> str:
    html = response.get_data(as_text=True)
    match = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', html, flags=re.S)
    assert match, f"no error next to {field}"
    return match.group(1)


def fund_of_year(year: int) -> Fund | None:
    db.session.expire_all()
    return db.session.scalar(select(Fund).where(Fund.year == year))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        ("citizen", 403),
        (Role.FUND_OFFICER, 403),
        (Role.COORDINATOR, 403),
        (Role.ADMIN, 200),
    ],
    ids=str,
)
def test_only_admins_manage_funds(app, role, expected):
    fund = make_fund()
    user = None if role is None else UserFactory(roles=[] if role == "citizen" else [role])
    client = browser(app, user)
    for page in ("/admin/funds", "/admin/funds/new", f"/admin/funds/{fund.id}"):
        assert client.get(page).status_code == expected, page
    if role is not None and expected == 403:
        response = submit(client, "/imprint", VALID, action="/admin/funds/new")
        assert response.status_code == 403
        assert fund_of_year(2031) is None


def test_the_admin_menu_and_the_list_show_the_funds(app):
    fund = make_fund(budget_cents=100_000_00)
    fund.committed_cents = 30_000_00
    fund.paid_cents = 10_000_00
    db.session.commit()
    client = admin_browser(app)
    html = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/funds"' in html
    text = text_of(client.get("/admin/funds"))
    assert str(fund.year) in text
    for amount in ("€100,000.00", "€30,000.00", "€10,000.00", "€70,000.00"):
        assert amount in text
    assert "New fund" in text
    # Coordinators enter the admin area but do not see the funds.
    coordinator = browser(app, UserFactory(roles=[Role.COORDINATOR]))
    assert 'href="/admin/funds"' not in coordinator.get("/admin/").get_data(as_text=True)


def test_an_admin_creates_a_fund(app):
    client = admin_browser(app)
    response = submit(client, "/admin/funds/new", VALID)
    assert response.status_code == 302
    fund = fund_of_year(2031)
    assert fund.budget_cents == 120_000_00
    assert fund.max_per_project_cents == 15_000_00
    assert fund.four_eyes_cents == 5_000_00
    assert fund.call_closes_on.isoformat() == "2031-03-31"
    assert fund.criteria_list == ["Nutzen für den Stadtteil", "Machbarkeit", "Beteiligung"]
    assert "The fund 2031 is set up." in text_of(client.get(response.headers["Location"]))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"year": "2030"}, "year", "There is a fund for this year already."),
        ({"year": "1999"}, "year", "between 2000 and 2100"),
        ({"max_per_project": "200000"}, "max_per_project", "cannot be more than the budget"),
        ({"call_closes_on": "2031-01-31"}, "call_closes_on", "must close after it opens"),
        ({"budget": "-5"}, "budget", "greater than zero"),
        ({"budget": "1,005"}, "budget", "at most two decimals"),
        ({"budget": "99999999999"}, "budget", "too large"),
        ({"four_eyes": ""}, "four_eyes", "Please enter an amount."),
        ({"call_opens_on": "30.02.2031"}, "call_opens_on", "Please enter a date like"),
    ],
)
def test_a_fund_with_mistakes_is_refused_next_to_the_field(app, changes, field, message):
    make_fund(year=2030)
    client = admin_browser(app)
    response = submit(client, "/admin/funds/new", {**VALID, **changes})
    assert response.status_code == 200
    assert message in error_of(response, field)
    assert fund_of_year(2031) is None


def test_an_admin_edits_a_fund(app):
    fund = make_fund(year=2030, budget_cents=50_000_00)
    client = admin_browser(app)
    url = f"/admin/funds/{fund.id}"
    html = client.get(url).get_data(as_text=True)
    assert 'value="50,000.00"' in html
    response = submit(client, url, {**VALID, "year": "2030", "budget": "60000"})
    assert response.status_code == 302
    fund = fund_of_year(2030)
    assert fund.budget_cents == 60_000_00
    assert fund.max_per_project_cents == 15_000_00


def test_the_budget_cannot_fall_below_what_is_committed(app):
    fund = make_fund(year=2030, budget_cents=50_000_00)
    fund.committed_cents = 40_000_00
    db.session.commit()
    client = admin_browser(app)
    url = f"/admin/funds/{fund.id}"
    response = submit(client, url, {**VALID, "year": "2030", "budget": "39.999,99"})
    assert response.status_code == 200
    assert "€40,000.00 are committed already" in error_of(response, "budget")
    assert fund_of_year(2030).budget_cents == 50_000_00
    # Exactly what is committed is fine.
    response = submit(client, url, {**VALID, "year": "2030", "budget": "40000"})
    assert response.status_code == 302
    assert fund_of_year(2030).budget_cents == 40_000_00


def test_a_fund_cannot_take_the_year_of_another(app):
    make_fund(year=2030)
    other = make_fund(year=2031)
    client = admin_browser(app)
    response = submit(client, f"/admin/funds/{other.id}", {**VALID, "year": "2030"})
    assert "There is a fund for this year already." in error_of(response, "year")
    assert fund_of_year(2031) is not None


def test_an_unknown_fund_is_not_found(app):
    assert admin_browser(app).get("/admin/funds/999999").status_code == 404
