"""Many people writing at the same moment: on the embedded SQLite database a request that reads
and then writes must wait for the write lock, never fail with "database is locked"."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from civic.accounts.models import User
from civic.db import db
from civic.projects import operations as ops
from civic.projects.models import Project, Support
from tests.factories import UserFactory, make_project
from tests.fund.test_concurrency import app2  # noqa: F401 - the fixture: a database of its own

PEOPLE = 12


def test_many_people_support_a_project_at_once_and_every_support_counts(app2):  # noqa: F811
    with app2.app_context():
        project_id = make_project().id
        people = [UserFactory().id for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE, timeout=30)
    failures: list[str] = []

    def person(user_id: int) -> None:
        try:
            with app2.test_request_context(method="POST"):
                barrier.wait()
                # Every request reads first (the person, the project) …
                user = db.session.get(User, user_id)
                project = db.session.get(Project, project_id)
                time.sleep(0.05)
                # … and then writes, while the others do the same.
                ops.support(user, project)
                db.session.commit()
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(repr(error))

    threads = [threading.Thread(target=person, args=(uid,)) for uid in people]
    for each in threads:
        each.start()
    for each in threads:
        each.join(timeout=60)
    assert failures == []
    with app2.app_context():
        project = db.session.get(Project, project_id)
        supports = db.session.scalar(
            select(func.count()).select_from(Support).where(Support.project_id == project_id)
        )
        assert supports == PEOPLE
        assert project.supporter_count == PEOPLE
