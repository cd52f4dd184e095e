"""The money invariants under concurrency (issue 5): 20 officers act at the same moment, each
from its own connection, as 20 requests would.

The normal harness binds every session to the one connection of the test (``db.bind_for_tests``),
which would serialise everything. Here a second application works on a database of its own (a
temporary SQLite file, or a fresh PostgreSQL database when ``TEST_DATABASE_URL`` is set); the
harness is unbound for the duration and bound again afterwards, exactly as it was.

Each thread does what ``civic.fund.views.run_money_operation`` does: load the objects, start the
immediate transaction (``begin_immediate``), run the operation, commit, or roll back on a
refusal. The amounts are chosen so that the outcome does not depend on the order in which the
threads get the lock: every attempt is the same amount, so exactly ``budget // amount`` fit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from civic import create_app
from civic.accounts.models import Role, User
from civic.core.cli import alembic_config
from civic.core.dates import local_today
from civic.core.errors import OperationError, PermissionDenied
from civic.db import begin_immediate, db
from civic.fund import operations as ops
from civic.fund.models import Application, Fund, Payment
from civic.fund.workflow import Outcome, Status
from civic.projects.workflow import Phase
from tests.conftest import Mailbox
from tests.factories import UserFactory, make_application, make_fund, make_project
from tests.helpers import own_database

THREADS = 20


# --- a database and an application of their own ---------------------------------------------


@pytest.fixture
def app2(app: Flask, smtp: tuple[Mailbox, int], tmp_path: Path) -> Iterator[Flask]:
    """An application on a database of its own, with the harness unbound meanwhile."""
    _box, port = smtp
    bound = db._test_connection  # noqa: SLF001 - restored exactly in the finally below
    db.bind_for_tests(None)
    try:
        with own_database(tmp_path, "fund_concurrency") as url:
            second = create_app(
                {
                    **{key: app.config[key] for key in ("ENV_NAME", "BASE_URL", "SERVER_NAME")},
                    "TESTING": True,
                    "DATABASE_URL": url,
                    "MAIL_BACKEND": "smtp",
                    "MAIL_SERVER": "127.0.0.1",
                    "MAIL_PORT": port,
                    "UPLOAD_DIR": tmp_path / "uploads",
                    "INSTANCE_DIR": tmp_path,
                }
            )
            with second.app_context():
                engine = db.engine
                command.upgrade(alembic_config(), "head")
            try:
                yield second
            finally:
                engine.dispose()
    finally:
        db.bind_for_tests(bound)


# --- running many officers at once ------------------------------------------------------------


@dataclass
class Attempt:
    ok: bool
    error: BaseException | None = None
    message: str = ""


def run_at_once(app2: Flask, work: list[Callable[[], object]]) -> list[Attempt]:
    """Run each callable in a thread of its own, in its own request (and so its own session
    and connection), all released by one barrier; as ``run_money_operation`` does."""
    barrier = threading.Barrier(len(work), timeout=30)
    outcomes: list[Attempt | None] = [None] * len(work)

    def thread(index: int) -> None:
        try:
            with app2.test_request_context():
                operation = work[index]
                barrier.wait()
                begin_immediate()
                try:
                    operation()
                except OperationError as error:
                    db.session.rollback()
                    with force_locale("en"):
                        outcomes[index] = Attempt(False, error, str(error.message))
                    return
                db.session.commit()
                outcomes[index] = Attempt(True)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            outcomes[index] = Attempt(False, error, repr(error))

    threads = [threading.Thread(target=thread, args=(i,)) for i in range(len(work))]
    for each in threads:
        each.start()
    for each in threads:
        each.join(timeout=60)
    assert not any(each.is_alive() for each in threads), "a thread hangs"
    assert all(outcome is not None for outcome in outcomes)
    return outcomes  # type: ignore[return-value]


def unexpected(outcomes: list[Attempt]) -> list[str]:
    """Failures that are not the clear refusal of an operation."""
    return [
        outcome.message
        for outcome in outcomes
        if not outcome.ok
        and (
            not isinstance(outcome.error, OperationError)
            or isinstance(outcome.error, PermissionDenied)
        )
    ]


# --- the tests --------------------------------------------------------------------------------


def test_twenty_approvals_at_once_never_exceed_the_budget(app2, mailbox):
    budget, amount = 10_000_00, 1_500_00  # 20 × 1.500 € asked, 6 fit into 10.000 €
    with app2.test_request_context():
        fund = make_fund(budget_cents=budget, max_per_project_cents=5_000_00)
        officer = UserFactory(roles=[Role.FUND_OFFICER], locale="en")
        ids = [
            make_application(
                make_project(phase=Phase.DEVELOPMENT),
                fund,
                status=Status.IN_REVIEW,
                requested_cents=amount,
            ).id
            for _ in range(THREADS)
        ]
        fund_id, officer_id = fund.id, officer.id
        assert amount <= fund.four_eyes_cents  # in force at once, no confirmation needed
    mailbox.clear()

    def approve(application_id: int) -> Callable[[], object]:
        def run() -> None:
            # Loaded inside the transaction, as the request's objects are after
            # ``begin_immediate`` (which expires them).
            actor = db.session.get(User, officer_id)
            application = db.session.get(Application, application_id)
            ops.decide(actor, application, Outcome.APPROVE, None, "Passt zu den Kriterien.")

        return run

    outcomes = run_at_once(app2, [approve(i) for i in ids])

    assert unexpected(outcomes) == []
    fits = budget // amount
    assert sum(outcome.ok for outcome in outcomes) == fits
    remaining = budget - fits * amount
    refusals = [outcome.message for outcome in outcomes if not outcome.ok]
    assert len(refusals) == THREADS - fits
    assert set(refusals) == {
        f"The fund has only €{remaining / 100:,.2f} left; the decision would exceed its budget."
    }
    with app2.app_context():
        fund = db.session.get(Fund, fund_id)
        approved = db.session.scalars(
            select(Application.approved_cents).where(
                Application.fund_id == fund_id, Application.status == Status.APPROVED
            )
        ).all()
        assert len(approved) == fits
        assert sum(approved) == fund.committed_cents == fits * amount <= fund.budget_cents
        # The refused ones are untouched: still in review, nothing approved.
        untouched = db.session.scalar(
            select(func.count()).where(
                Application.fund_id == fund_id,
                Application.status == Status.IN_REVIEW,
                Application.approved_cents == 0,
                Application.decided_at.is_(None),
            )
        )
        assert untouched == THREADS - fits
    # Each team of one heard of its approval; a refused attempt tells nobody.
    assert len(mailbox.messages) == fits


@pytest.mark.parametrize(
    ("tranche", "message"),
    [
        # 6 tranches fit, 1.000 € stay open
        (1_500_00, "Only €1,000.00 of the approved amount are still to be paid."),
        # 10 fit exactly: the application is paid in full
        (1_000_00, "The approved amount has been paid in full; nothing more can be paid."),
    ],
    ids=["rest-left", "paid-in-full"],
)
def test_twenty_payments_at_once_never_exceed_the_approved_amount(app2, mailbox, tranche, message):
    approved = 10_000_00
    with app2.test_request_context():
        fund = make_fund(budget_cents=50_000_00, max_per_project_cents=20_000_00)
        officers = [UserFactory(roles=[Role.FUND_OFFICER], locale="en") for _ in range(2)]
        application = make_application(
            make_project(phase=Phase.DEVELOPMENT),
            fund,
            status=Status.APPROVED,
            requested_cents=approved,
            approved_cents=approved,
        )
        application_id, fund_id = application.id, fund.id
        officer_ids = [officer.id for officer in officers]
        today = local_today()
    mailbox.clear()

    def pay(number: int) -> Callable[[], object]:
        def run() -> None:
            actor = db.session.get(User, officer_ids[number % 2])
            application = db.session.get(Application, application_id)
            ops.record_payment(actor, application, tranche, today, f"KR-{number:02}")

        return run

    outcomes = run_at_once(app2, [pay(n) for n in range(THREADS)])

    assert unexpected(outcomes) == []
    fits = approved // tranche
    assert sum(outcome.ok for outcome in outcomes) == fits
    assert {outcome.message for outcome in outcomes if not outcome.ok} == {message}
    with app2.app_context():
        application = db.session.get(Application, application_id)
        payments = db.session.scalars(
            select(Payment.amount_cents).where(Payment.application_id == application_id)
        ).all()
        assert len(payments) == fits
        assert sum(payments) == application.paid_cents == fits * tranche <= approved
        assert db.session.get(Fund, fund_id).paid_cents == application.paid_cents
    assert len(mailbox.messages) == fits
