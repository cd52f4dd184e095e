"""The admin area: the funds, one per budget year (DESIGN.md §5). Admins set up each fund's
budget, maximum per project, four-eyes amount, call period, required documents and review
criteria; the fund officers work with the applications (``civic.fund.views.officers``)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.views import form_error
from civic.admin.views import bp
from civic.core import permissions
from civic.core.errors import OperationError
from civic.db import db
from civic.fund import operations as fund_ops
from civic.fund import permissions as fperm
from civic.fund import queries as fund_queries
from civic.fund.forms import FundForm
from civic.fund.models import Fund


@bp.route("/funds")
@permissions.require(fperm.can_manage_funds)
def funds() -> Any:
    return render_template("admin/funds.html", funds=fund_queries.funds())


@bp.route("/funds/new", methods=["GET", "POST"])
@permissions.require(fperm.can_manage_funds)
def new_fund() -> Any:
    form = FundForm()
    if form.validate_on_submit():
        try:
            fund = fund_ops.create_fund(current_user, **form.content())
        except OperationError as error:
            db.session.rollback()
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The fund %(year)d is set up.", year=fund.year), "success")
            return redirect(url_for("admin.funds"))
    return render_template("admin/funds_form.html", form=form, fund=None)


@bp.route("/funds/<int:fund_id>", methods=["GET", "POST"])
@permissions.require(fperm.can_manage_funds)
def edit_fund(fund_id: int) -> Any:
    fund = db.session.get(Fund, fund_id)
    if fund is None:
        abort(404)
    form = FundForm()
    if not form.is_submitted():
        form.fill(fund)
    if form.validate_on_submit():
        try:
            fund_ops.update_fund(current_user, fund, **form.content())
        except OperationError as error:
            db.session.rollback()
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The fund %(year)d is saved.", year=fund.year), "success")
            return redirect(url_for("admin.funds"))
    return render_template("admin/funds_form.html", form=form, fund=fund)
