"""The fund in public (DESIGN.md §5, transparency): the fund of a year with its call, its money
and every decision in force, and the decisions as a CSV download. Reviews, drafts and
applications still in the works never appear here (``queries.PUBLIC_DECISIONS``)."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, render_template, stream_with_context, url_for
from flask_babel import to_user_timezone

from civic.core.csvfile import csv_lines
from civic.core.dates import local_today
from civic.core.pagination import page_number
from civic.fund import queries
from civic.fund.models import Application, Fund
from civic.fund.permissions import call_is_open
from civic.fund.views import bp

CSV_COLUMNS = (
    "project_id",
    "project_title",
    "application_title",
    "status",
    "requested_cents",
    "approved_cents",
    "decided_on",
    "reason",
    "project_url",
)


def _shares(fund: Fund) -> dict[str, float]:
    """Committed, paid and remaining as shares of the budget (0–1), for the bar chart."""
    budget = fund.budget_cents or 1
    return {
        "committed": fund.committed_cents / budget,
        "paid": fund.paid_cents / budget,
        "remaining": max(fund.remaining_cents, 0) / budget,
    }


def _fund_page(fund: Fund, endpoint: str) -> str:
    today = local_today()
    return render_template(
        "fund/public.html",
        fund=fund,
        funds=queries.funds(),
        decisions=queries.public_decisions(fund, page_number()),
        shares=_shares(fund),
        call_open=call_is_open(fund, today),
        call_upcoming=today < fund.call_opens_on,
        endpoint=endpoint,
    )


@bp.route("/fund")
def index() -> Any:
    """The fund of this year (or the latest one)."""
    fund = queries.current_fund()
    if fund is None:
        return render_template("fund/public_empty.html")
    return _fund_page(fund, "fund.index")


def _fund_or_404(year: int) -> Fund:
    # Years far out of range would overflow the database's integer before it says "none".
    fund = queries.fund_by_year(year) if 1 <= year <= 9999 else None
    if fund is None:
        abort(404)
    return fund


@bp.route("/fund/<int:year>")
def year(year: int) -> Any:
    return _fund_page(_fund_or_404(year), "fund.year")


def _row(application: Application, base_url: str) -> list[object]:
    project = application.project
    decided = application.decided_at
    # The decision stays public; a project hidden by moderation is not named.
    shown = project.hidden_at is None
    return [
        project.id if shown else "",
        project.title if shown else "",
        application.title,
        application.status.value,
        application.requested_cents,
        application.approved_cents,
        to_user_timezone(decided).date().isoformat() if decided else "",
        application.decision_reason,
        base_url + url_for("projects.detail", project_id=project.id) if shown else "",
    ]


@bp.route("/fund/<int:year>/decisions.csv")
def decisions_csv(year: int) -> Any:
    fund = _fund_or_404(year)
    base_url = current_app.config["BASE_URL"].rstrip("/")
    rows = (_row(application, base_url) for application in queries.all_public_decisions(fund))
    response = Response(
        stream_with_context(csv_lines(CSV_COLUMNS, rows)), content_type="text/csv; charset=utf-8"
    )
    response.headers["Content-Disposition"] = (
        f"attachment; filename=fonds-{fund.year}-entscheidungen.csv"
    )
    return response
