"""Participation and moderation, clicked through in the browser as their people would: a
citizen comments and another replies; the team posts news; the citizen, who follows the
project since commenting, finds it among her notifications and in the daily digest mail;
someone reports her comment; a moderator hides it with a reason; she is told why, and the
comment shows as hidden. axe checks the pages on the way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.browser.conftest import check_axe
from tests.browser.test_project_journey import sign_in

CLARA = "buergerin@demo.civic.example"
MODERATOR = "moderation@demo.civic.example"
ROOT = Path(__file__).resolve().parents[2]


def _scene(database: str) -> tuple[int, str, str]:
    """An active project Clara is not on, its initiator, and a citizen on neither team."""
    engine = create_engine(database)
    clara = f"(SELECT id FROM users WHERE email = '{CLARA}')"
    with engine.connect() as conn:
        project_id = conn.execute(
            text(
                "SELECT min(id) FROM projects WHERE state = 'active' AND hidden_at IS NULL "
                f"AND id NOT IN (SELECT project_id FROM project_members WHERE user_id = {clara})"
            )
        ).scalar_one()
        initiator = conn.execute(
            text(
                "SELECT u.email FROM users u JOIN project_members m ON m.user_id = u.id "
                "WHERE m.project_id = :p AND m.role = 'initiator'"
            ),
            {"p": project_id},
        ).scalar_one()
        neighbour = conn.execute(
            text(
                "SELECT min(email) FROM users WHERE email LIKE '%.%@demo.civic.example' "
                "AND blocked_at IS NULL AND id NOT IN "
                "(SELECT user_id FROM project_members WHERE project_id = :p)"
            ),
            {"p": project_id},
        ).scalar_one()
    engine.dispose()
    return project_id, initiator, neighbour


def _comment_id(page, body: str) -> str:
    article = page.locator("article[id^=comment-]", has_text=body).first
    return article.get_attribute("id").removeprefix("comment-")


def test_comment_news_digest_report_and_hiding(page, live_server, mailbox):
    project_id, initiator, neighbour = _scene(live_server["database"])
    project = f"/projects/{project_id}"
    comment = "Wir würden gern mitmachen – gibt es einen Termin für das erste Treffen?"

    # Clara comments; her comment shows, and she follows the project from now on.
    sign_in(page, CLARA)
    page.goto(project)
    page.locator("#comment-body").fill(comment)
    page.get_by_role("button", name="Kommentar senden").click()
    assert comment in page.locator("main").inner_text()
    comment_id = _comment_id(page, comment)
    check_axe(page)

    # A neighbour replies.
    sign_in(page, neighbour)
    page.goto(project)
    thread = page.locator(f"#comment-{comment_id}").locator("xpath=..")
    thread.locator("summary").first.click()
    thread.locator(f"#reply-{comment_id}").fill("Ich schließe mich an, Donnerstagabend passt mir.")
    thread.get_by_role("button", name="Antwort senden").click()
    assert "Donnerstagabend passt mir" in page.locator("main").inner_text()

    # The team posts news.
    sign_in(page, initiator)
    page.goto(project + "/updates/new")
    check_axe(page)
    page.locator("#title").fill("Erstes Treffen am Donnerstag")
    page.locator("#body").fill("Wir treffen uns am Donnerstag um 18 Uhr im Nachbarschaftshaus.")
    page.locator("main form.form [type=submit]").first.click()
    assert "Erstes Treffen am Donnerstag" in page.locator("main").inner_text()

    # Clara finds it among her notifications ...
    sign_in(page, CLARA)
    page.goto("/notifications")
    assert "Erstes Treffen am Donnerstag" in page.locator("main").inner_text()
    check_axe(page)

    # ... and in the daily digest, which cron sends.
    before = len(mailbox.to(CLARA))
    subprocess.run(
        [sys.executable, "-m", "flask", "civic", "send-digests", "--period", "daily"],
        env=live_server["env"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    digests = mailbox.to(CLARA)[before:]
    assert len(digests) == 1
    assert "Erstes Treffen am Donnerstag" in mailbox.body(digests[0])
    assert "/unsubscribe/" in mailbox.body(digests[0])

    # The neighbour reports Clara's comment.
    sign_in(page, neighbour)
    page.goto(f"/report/comment/{comment_id}")
    check_axe(page)
    page.locator("input[name=reason][value=insult]").check()
    page.locator("#message").fill("Das ist eine persönliche Anfeindung.")
    page.locator("main form.form [type=submit]").click()
    assert page.locator(".flash").count()

    # A moderator hides it with a reason.
    sign_in(page, MODERATOR)
    page.goto("/moderation")
    check_axe(page)
    page.goto(f"/moderation/comment/{comment_id}")
    check_axe(page)
    page.locator("input[name=hide-template][value=off_topic]").check()
    page.locator("#hide-reason").fill("Terminfragen bitte an das Team per Nachricht.")
    page.locator(f"form[action$='/moderation/comment/{comment_id}/hide'] [type=submit]").click()
    assert page.locator(".flash").count()

    # Clara is told why, in the app and by mail; the comment shows as hidden.
    notice = mailbox.last_to(CLARA)
    assert "Terminfragen bitte an das Team" in mailbox.body(notice)
    sign_in(page, CLARA)
    page.goto("/notifications")
    assert "Terminfragen bitte an das Team" in page.locator("main").inner_text()
    page.goto(project)
    hidden = page.locator(f"#comment-{comment_id}").inner_text()
    assert "Von der Moderation ausgeblendet" in hidden and comment not in hidden
    check_axe(page)
