"""The public statistics page: projects on their way, per district and topic, the people
involved, mentorships and the fund's money, as charts with the same numbers in tables."""

from __future__ import annotations

from typing import Any

from flask import render_template

from civic.opendata import charts
from civic.opendata.stats import current_statistics
from civic.opendata.views import bp


@bp.route("/statistics")
def statistics() -> Any:
    stats, counted_at = current_statistics()
    return render_template(
        "opendata/statistics.html",
        stats=stats,
        counted_at=counted_at,
        **charts.template_helpers(),
    )
