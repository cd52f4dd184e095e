"""The fund blueprint. Views are split by who uses them; each module adds its routes to ``bp``:

- ``public``: the fund page of a year with its decisions, and the CSV download;
- ``team``: applying, the application page, withdrawing, the proof of use and its receipts,
  the approval notice;
- ``officers``: the queue, the formal check, reviews, decisions and their confirmation,
  payments, judging the proof of use.

Funds are set up by admins in the admin area (``civic.admin.funds``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash
from flask_login import current_user

from civic.accounts.views import form_error
from civic.core.errors import OperationError
from civic.db import begin_immediate, db
from civic.fund import permissions as fund_permissions
from civic.fund import queries
from civic.fund.models import Application
from civic.fund.workflow import OUTCOME_LABELS, STATUS_LABELS

bp = Blueprint("fund", __name__, template_folder="../templates")


def application_or_404(application_id: int) -> Application:
    """The application with what its page shows; it exists only for its team, the fund
    officers and admins."""
    application = queries.application_for_page(application_id)
    if application is None or not fund_permissions.can_view_application(current_user, application):
        abort(404)
    return application


def run_money_operation(run: Callable[[], object], form: Any = None) -> bool:
    """Run an operation that moves money in its own immediate transaction (see
    ``civic.db.begin_immediate``) and commit it; on a refusal, roll back and show the reason
    next to its field in ``form`` (or as a message). True when it went through."""
    begin_immediate()
    try:
        run()
    except OperationError as error:
        db.session.rollback()
        if form is not None:
            form_error(form, error)
        else:
            flash(error.message, "error")
        return False
    db.session.commit()
    return True


@bp.app_context_processor
def _fund_vocabulary() -> dict[str, Any]:
    return {
        "fperm": fund_permissions,
        "application_status_labels": STATUS_LABELS,
        "outcome_labels": OUTCOME_LABELS,
    }


@bp.record_once
def _vocabulary_for_macros(state: Any) -> None:
    state.app.jinja_env.globals.update(_fund_vocabulary())


from civic.fund.views import officers, public, team  # noqa: E402, F401
