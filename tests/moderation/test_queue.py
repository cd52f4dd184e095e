"""The moderation queue: open reports grouped per item, a fixed number of queries."""

from __future__ import annotations

from civic.accounts.models import Role
from civic.db import db, utcnow
from civic.moderation.models import ReportReason, TargetKind
from tests.factories import UserFactory, make_project
from tests.helpers import browser, text_of
from tests.moderation.scenes import make_comment, make_report, make_update


def test_reports_are_grouped_per_item_with_their_reasons(app):
    comment = make_comment(body="Kauft billige Uhren bei uns!")
    for reason in (ReportReason.SPAM, ReportReason.SPAM, ReportReason.OFF_TOPIC):
        make_report(TargetKind.COMMENT, comment.id, reason=reason)
    settled = make_report(TargetKind.COMMENT, comment.id, reason=ReportReason.OTHER)
    settled.resolved_at = utcnow()
    db.session.commit()
    author, title = comment.author.display_name, comment.project.title
    moderator = UserFactory(roles=[Role.MODERATOR])
    page = text_of(browser(app, moderator).get("/moderation"))
    assert "1 item waiting" in page
    assert page.count("Kauft billige Uhren") == 1
    assert "Advertising or spam (2)" in page and "Off topic (1)" in page
    assert "Something else" not in page  # the settled report is not counted
    assert author in page and title in page


def test_oldest_first(app):
    first, second = make_comment(body="Erster"), make_comment(body="Zweiter")
    make_report(TargetKind.COMMENT, first.id)
    make_report(TargetKind.COMMENT, second.id)
    page = text_of(browser(app, UserFactory(roles=[Role.MODERATOR])).get("/moderation"))
    assert page.index("Erster") < page.index("Zweiter")


def test_only_moderators_and_admins_see_the_queue(app, client):
    assert client.get("/moderation").status_code == 302
    assert browser(app, UserFactory()).get("/moderation").status_code == 403
    assert browser(app, UserFactory(roles=[Role.COORDINATOR])).get("/moderation").status_code == 403
    assert browser(app, UserFactory(roles=[Role.ADMIN])).get("/moderation").status_code == 200


def test_the_navigation_shows_the_number_waiting(app):
    make_report(TargetKind.PROJECT, make_project().id)
    make_report(TargetKind.COMMENT, make_comment().id)
    html = browser(app, UserFactory(roles=[Role.MODERATOR])).get("/").get_data(as_text=True)
    assert 'href="/moderation"' in html
    assert '2<span class="visually-hidden"> waiting' in html
    assert 'href="/moderation"' not in browser(app, UserFactory()).get("/").get_data(as_text=True)


def _reported_items(n: int) -> None:
    for _ in range(n):
        project = make_project()
        comment = make_comment(project)
        update = make_update(project)
        make_report(TargetKind.PROJECT, project.id)
        make_report(TargetKind.COMMENT, comment.id)
        make_report(TargetKind.COMMENT, comment.id, reason=ReportReason.SPAM)
        make_report(TargetKind.UPDATE, update.id)


def test_the_queue_uses_a_fixed_number_of_queries(app, count_queries):
    client = browser(app, UserFactory(roles=[Role.MODERATOR]))
    _reported_items(1)  # 3 reported items
    client.get("/moderation")
    count_queries.statements.clear()
    assert client.get("/moderation").status_code == 200
    few = count_queries.count
    _reported_items(9)  # 30 reported items
    count_queries.statements.clear()
    page = client.get("/moderation")
    assert page.status_code == 200
    assert "30 items waiting" in text_of(page)
    assert count_queries.count == few, count_queries.statements
