"""Mentoring, clicked through in the browser as its people would: a team asks a council member
for mentorship, she accepts, records an introduction and a political question, brings the
question into the council and records the answer; a team member asks the mentor privately for
mediation, which another team member cannot see; the mentor dashboard shows all of it. axe
checks every page on the way, also with a form error shown."""

from __future__ import annotations

import re

from sqlalchemy import create_engine, text

from tests.browser.conftest import check_axe
from tests.browser.test_project_journey import sign_in, submit_main_form

PROJECT = "Lastenräder zum Ausleihen in Pieschen"
MENTOR = "stadtraetin@demo.civic.example"
CLARA = "buergerin@demo.civic.example"


def _team(database: str) -> tuple[int, str]:
    """The project's id and the e-mail of a team member other than Clara."""
    engine = create_engine(database)
    with engine.connect() as conn:
        project_id, email = conn.execute(
            text(
                "SELECT p.id, u.email FROM projects p JOIN project_members m "
                "ON m.project_id = p.id JOIN users u ON u.id = m.user_id "
                "WHERE p.title = :title AND u.email <> :clara ORDER BY u.id"
            ),
            {"title": PROJECT, "clara": CLARA},
        ).first()
    engine.dispose()
    return project_id, email


def test_a_team_finds_a_mentor_who_works_with_it(page, live_server, mailbox):
    project_id, member = _team(live_server["database"])
    workspace = f"/projects/{project_id}/workspace"

    # Clara looks for a mentor in her district and asks Dr. Sabine Richter.
    sign_in(page, CLARA)
    page.get_by_role("link", name="Mentor*innen").first.click()
    check_axe(page)
    page.locator("#f-district").select_option(label="Pieschen")
    page.get_by_role("button", name="Anzeigen").click()
    page.get_by_role("link", name="Dr. Sabine Richter").click()
    check_axe(page)
    assert "Förderverein Pieschener Hafen" in page.locator("main").inner_text()
    page.locator("#project").select_option(label=PROJECT)
    submit_main_form(page)  # without a message: the error shows next to the field
    assert page.locator("#message-error, .error").count()
    check_axe(page)
    page.locator("#message").fill("Wir suchen Rat, wo die Räder stehen dürfen.")
    submit_main_form(page)
    assert "Dr. Sabine Richter" in page.locator(".flash").inner_text()
    assert page.get_by_text("Wartet auf Antwort").count() or "Wartet" in page.content()
    check_axe(page)
    assert any("bittet Sie" in m["Subject"] or PROJECT in m["Subject"] for m in mailbox.to(MENTOR))

    # She accepts on her dashboard.
    sign_in(page, MENTOR)
    page.get_by_role("link", name="Mein Mentoring").click()
    check_axe(page)
    waiting = page.locator("section", has_text="Anfragen an Sie").locator("li", has_text=PROJECT)
    waiting.get_by_role("button", name="Annehmen").click()
    assert page.locator(".flash").count()
    mine = page.locator("section", has_text="Projekte, die ich begleite")
    assert mine.get_by_role("link", name=PROJECT).count() == 1

    # She records an introduction ...
    page.goto(workspace + "/introductions")
    check_axe(page)
    page.locator("#kind").select_option("department")
    page.locator("#contact").fill("Straßen- und Tiefbauamt, Sachgebiet Radverkehr")
    page.locator("#reason").fill("Weiß, wo Abstellflächen für Lastenräder erlaubt sind.")
    submit_main_form(page)
    assert "Sachgebiet Radverkehr" in page.locator("main").inner_text()
    check_axe(page)

    # ... and a political question, brings it into the council and records the answer.
    page.goto(workspace + "/questions")
    question = "Dürfen Lastenräder auf städtischen Parkplätzen abgestellt werden?"
    page.locator("#question").fill(question)
    submit_main_form(page)
    assert re.search(r"/questions/\d+$", re.sub(r"[#?].*$", "", page.url))
    assert question in page.locator("main").inner_text()
    check_axe(page)
    page.locator("#reference").fill("Anfrage AF 0815/26 im Ortsbeirat Pieschen")
    page.locator("#brought_on").fill("2026-11-02")
    page.locator("#bring-submit").click()
    assert "AF 0815/26" in page.locator("main").inner_text()
    assert "In den Stadtrat eingebracht" in page.locator("main").inner_text()
    page.locator("#answer-submit").click()  # no answer yet: an error, nothing lost
    assert page.locator(".error").count()
    assert page.locator("#reference").count() == 1
    check_axe(page)
    page.locator("#answer").fill("Ja, auf gekennzeichneten Flächen ab dem Frühjahr 2027.")
    page.locator("#answered_on").fill("2026-11-20")
    page.locator("#answer-submit").click()
    assert "Beantwortet" in page.locator("main").inner_text()
    check_axe(page)

    # A team member asks the mentor, privately, for help with a conflict.
    sign_in(page, member)
    page.goto(workspace + "/mediation")
    check_axe(page)
    page.locator("#subject").fill("Wer entscheidet über die Ausleihregeln?")
    page.locator("#message").fill("Im Team streiten wir seit Wochen über die Ausleihregeln.")
    submit_main_form(page)
    assert "Wer entscheidet über die Ausleihregeln?" in page.locator("main").inner_text()
    thread_url = re.sub(r"[#?].*$", "", page.url)
    if "/mediation/" not in thread_url:
        page.get_by_role("link", name="Wer entscheidet über die Ausleihregeln?").click()
        thread_url = re.sub(r"[#?].*$", "", page.url)
    assert re.search(r"/mediation/\d+$", thread_url)
    check_axe(page)

    # Clara, also on the team, sees nothing of it.
    sign_in(page, CLARA)
    page.goto(workspace + "/mediation")
    assert "Ausleihregeln" not in page.locator("main").inner_text()
    assert page.goto(thread_url).status == 404

    # Clara shows the answered question on the project page; the mentor shows there too.
    page.goto(workspace + "/questions")
    page.get_by_role("link", name=question).click()
    page.get_by_role("button", name="Auf der Projektseite zeigen").click()
    page.goto(f"/projects/{project_id}")
    main = page.locator("main").inner_text()
    assert question in main and "ab dem Frühjahr 2027" in main
    assert "Dr. Sabine Richter" in main and "Fraktion Bürgerliste" in main
    check_axe(page)

    # The mentor's dashboard shows the project with its open mediation request, and she
    # reads the request.
    sign_in(page, MENTOR)
    page.goto("/mentoring")
    row = page.locator("tr", has_text=PROJECT)
    cells = row.locator("td").all_inner_texts()
    assert cells[-1].strip() == "1"  # one open mediation request
    assert cells[-2].strip() == "0"  # the question is answered
    check_axe(page)
    page.goto(thread_url)
    assert "seit Wochen über die Ausleihregeln" in page.locator("main").inner_text()
    check_axe(page)
