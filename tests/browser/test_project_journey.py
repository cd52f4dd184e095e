"""The whole life of a project, clicked through in the browser as its people would: a citizen
proposes an idea, two others join, the coordination office confirms each phase, the team writes
a plan in two versions, carries it out and completes it with a final report. axe checks every
page on the way."""

from __future__ import annotations

import re

from tests.browser.conftest import check_axe

CONCEPT = (
    "Im Hinterhof der Bürgerstraße stehen zwei ungenutzte Garagen. Wir richten dort eine "
    "Werkstatt ein, in der Nachbarinnen und Nachbaren Fahrräder, Möbel und Spielzeug "
    "gemeinsam reparieren. Ehrenamtliche mit Erfahrung leiten an, einmal im Monat gibt es "
    "einen offenen Reparaturtag für alle."
)
REPORT = (
    "Die Hofwerkstatt ist eingerichtet und an jedem ersten Samstag geöffnet. In einem Jahr "
    "wurden 140 Fahrräder und 60 Möbelstücke repariert. Das Werkzeug wurde zum großen Teil "
    "gespendet; gekauft haben wir eine Werkbank und Sicherheitsausrüstung. Offen bleibt eine "
    "Lösung für die Heizung im Winter."
)


def sign_in(page, email: str) -> None:
    if page.get_by_role("button", name="Abmelden").count():
        page.get_by_role("button", name="Abmelden").click()
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill("demo-passwort")
    page.get_by_role("button", name="Anmelden").click()


def submit_main_form(page) -> None:
    page.locator("main form.form input[name=submit]").click()


def coordinator_decides(page, project_title: str, decision: str, reason: str) -> None:
    sign_in(page, "koordination@demo.civic.example")
    page.goto("/admin/coordination")
    check_axe(page)
    row = page.locator("tr", has_text=project_title)
    row.locator("a[href*='/admin/coordination/']").click()
    check_axe(page)
    page.locator(f"input[name=decision][value={decision}]").check()
    page.locator("#reason").fill(reason)
    submit_main_form(page)
    assert page.locator(".flash").count()


def request_next_step(page, project_url: str, message: str) -> None:
    page.goto(project_url + "/phase")
    check_axe(page)
    page.locator("input[name=step]").first.check()
    page.locator("#message").fill(message)
    submit_main_form(page)
    check_axe(page)


def test_a_project_from_idea_to_completion(page, mailbox):
    # A citizen proposes an idea.
    sign_in(page, "buergerin@demo.civic.example")
    page.get_by_role("link", name="Meine Projekte").click()
    page.get_by_role("link", name="Idee vorschlagen").first.click()
    check_axe(page)
    title = "Hofwerkstatt in der Bürgerstraße"
    page.locator("#title").fill(title)
    page.locator("#summary").fill("Zwei leere Garagen werden zur Reparaturwerkstatt für alle.")
    page.locator("#description").fill("Wir wollen **gemeinsam reparieren** statt wegwerfen.")
    page.locator("#concept").fill(CONCEPT)
    page.get_by_label("Pieschen", exact=True).check()
    page.locator("input[name=topics]").first.check()
    page.get_by_role("button", name="Veröffentlichen").click()
    assert page.locator("h1").inner_text() == title
    project_url = re.sub(r"[#?].*$", "", page.url)
    assert re.search(r"/projects/\d+$", project_url)
    check_axe(page)

    # Two neighbours ask to join.
    for email, message in (
        ("linh.nguyen@demo.civic.example", "Ich kann gut mit Holz umgehen."),
        ("kevin.schreiber@demo.civic.example", "Ich repariere seit Jahren Fahrräder."),
    ):
        sign_in(page, email)
        page.goto(project_url)
        page.get_by_role("link", name="Im Team mitmachen").click()
        check_axe(page)
        page.locator("#message").fill(message)
        page.locator("main form button[type=submit]").last.click()
        assert page.locator(".flash").count()

    # The initiator accepts both; they are told by e-mail.
    sign_in(page, "buergerin@demo.civic.example")
    page.goto(project_url + "/team")
    check_axe(page)
    assert "Ich kann gut mit Holz umgehen." in page.locator("main").inner_text()
    for _ in range(2):
        page.locator("form[action$='/accept'] button").first.click()
    assert page.locator("form[action$='/accept']").count() == 0
    assert mailbox.to("linh.nguyen@demo.civic.example")
    assert mailbox.to("kevin.schreiber@demo.civic.example")
    page.goto(project_url)
    assert "Mindestens 3 Teammitglieder (jetzt 3)" in page.locator("main").inner_text()

    # On to development: the team asks, the coordination office confirms.
    request_next_step(page, project_url, "Wir sind drei und haben ein Konzept.")
    coordinator_decides(page, title, "confirm", "Gutes Konzept, viel Erfolg!")
    assert mailbox.to("buergerin@demo.civic.example")

    # The team writes the plan, then improves it: two versions.
    sign_in(page, "buergerin@demo.civic.example")
    page.goto(project_url)
    page.get_by_role("link", name=re.compile("Plan")).first.click()
    page.goto(project_url + "/plan/edit")
    check_axe(page)
    page.locator("#goals").fill("Eine offene Werkstatt für die Nachbarschaft.")
    page.locator("#milestones-0-title").fill("Garagen ausgeräumt")
    page.locator("#milestones-0-due").fill("2027-03-01")
    page.locator("#milestones-1-title").fill("Eröffnungsfest")
    page.locator("#milestones-1-due").fill("2027-05-15")
    page.locator("#cost_lines-0-label").fill("Werkbank")
    page.locator("#cost_lines-0-amount").fill("1.250,50")
    page.locator("#team_roles").fill("Linh: Holz. Kevin: Fahrräder. Clara: Organisation.")
    page.locator("#risks").fill("Die Garagen könnten feucht sein.")
    page.locator("#note").fill("Erste Fassung")
    submit_main_form(page)
    check_axe(page)
    assert "1.250,50" in page.locator("main").inner_text()
    page.goto(project_url + "/plan/edit")
    page.locator("#goals").fill("Eine offene Werkstatt für die ganze Nachbarschaft.")
    page.locator("#cost_lines-1-label").fill("Sicherheitsausrüstung")
    page.locator("#cost_lines-1-amount").fill("300")
    page.locator("#note").fill("Sicherheit ergänzt")
    submit_main_form(page)
    page.goto(project_url + "/plan/versions/1")
    check_axe(page)
    assert page.locator(".diff ins").count() > 0
    assert "Sicherheitsausrüstung" in page.locator(".diff").first.inner_text() or (
        "Sicherheitsausrüstung" in page.locator("main").inner_text()
    )

    # On to implementation.
    request_next_step(page, project_url, "Der Plan ist vollständig.")
    coordinator_decides(page, title, "confirm", "Der Plan überzeugt.")

    # The milestones are carried out.
    sign_in(page, "buergerin@demo.civic.example")
    page.goto(project_url + "/plan")
    check_axe(page)
    for note in ("Alles ausgeräumt und gestrichen.", "Über 100 Gäste kamen."):
        form = page.locator("form[action$='/done']").first
        form.locator("input[name$=note]").fill(note)
        form.locator("button[type=submit]").click()
    assert page.locator("form[action$='/done']").count() == 0
    page.goto(project_url)
    assert "2 von 2" in page.locator("main").inner_text()
    check_axe(page)

    # The final report, and completion.
    page.goto(project_url + "/report")
    check_axe(page)
    page.locator("#report").fill(REPORT)
    page.locator("#cost").fill("1.480,00")
    submit_main_form(page)
    request_next_step(page, project_url, "Der Abschlussbericht ist fertig.")
    coordinator_decides(page, title, "confirm", "Ein tolles Projekt, danke!")

    # Everyone can now read how it went.
    page.get_by_role("button", name="Abmelden").click()
    page.goto(project_url)
    check_axe(page)
    main = page.locator("main").inner_text()
    assert "Abgeschlossen" in main and "140 Fahrräder" in main
    page.goto(project_url + "/timeline")
    check_axe(page)
    timeline = page.locator("main").inner_text()
    for step in (
        "Idee veröffentlicht",
        "Linh Nguyen",
        "Kevin Schreiber",
        "Gutes Konzept, viel Erfolg!",
        "Der Plan überzeugt.",
        "Ein tolles Projekt, danke!",
        "Erste Fassung",
        "Sicherheit ergänzt",
        "Garagen ausgeräumt",
        "Eröffnungsfest",
    ):
        assert step in timeline, step
