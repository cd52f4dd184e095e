"""The fund, clicked through in the browser as its people would: a team applies; a fund officer
sends the application back for more information; the team completes it; the officer approves a
partial amount above the four-eyes amount; a second officer confirms; two payments are
recorded; the team uploads receipts and a report; the officer accepts the proof and closes the
application, reclaiming the rest; the public fund page shows the right totals. axe checks the
pages on the way, also with a form error shown."""

from __future__ import annotations

import io
import re

from babel.numbers import format_currency
from PIL import Image
from sqlalchemy import create_engine, text

from tests.browser.conftest import check_axe
from tests.browser.test_accessibility import APPLYING
from tests.browser.test_project_journey import sign_in

OFFICER = "fonds@demo.civic.example"
SECOND_OFFICER = "fonds2@demo.civic.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _scene(database: str) -> tuple[int, str, int, int, int]:
    """A project that may apply, its initiator, and the fund's year, committed and paid."""
    engine = create_engine(database)
    with engine.connect() as conn:
        project_id = conn.execute(text(APPLYING)).scalar_one()
        email = conn.execute(
            text(
                "SELECT u.email FROM users u JOIN project_members m ON m.user_id = u.id "
                "WHERE m.project_id = :p AND m.role = 'initiator'"
            ),
            {"p": project_id},
        ).scalar_one()
        year, committed, paid = conn.execute(
            text("SELECT year, committed_cents, paid_cents FROM funds ORDER BY year DESC")
        ).first()
    engine.dispose()
    return project_id, email, year, committed, paid


def euros(cents: int) -> str:
    return format_currency(cents / 100, "EUR", locale="de_DE")


def status_of(page) -> str:
    return page.locator("main").inner_text()


def test_an_application_from_request_to_closing(page, live_server, mailbox):
    project_id, initiator, year, committed, paid = _scene(live_server["database"])

    # The team applies; an impossible amount is refused first, and nothing typed is lost.
    sign_in(page, initiator)
    page.goto(f"/projects/{project_id}/fund")
    check_axe(page)
    page.locator(f"a[href$='/projects/{project_id}/fund/apply']").click()
    check_axe(page)
    page.locator("#title").fill("Werkzeug und Material für die erste Saison")
    page.locator("#requested").fill("-5")
    page.locator("[name='cost_lines-0-label']").fill("Werkzeug und Material")
    page.locator("[name='cost_lines-0-amount']").fill("7.200,00")
    page.locator("#justification").fill("Ohne Werkzeug können wir nicht anfangen.")
    page.locator("input[name=submit]").click()
    assert page.locator(".error").count()
    assert page.locator("#justification").input_value() == (
        "Ohne Werkzeug können wir nicht anfangen."
    )
    check_axe(page)
    page.locator("#requested").fill("7.200,00")
    page.locator("input[name=submit]").click()
    assert re.search(r"/fund/applications/\d+$", page.url), page.url
    application = re.sub(r"[#?].*$", "", page.url)
    assert "Eingereicht" in status_of(page)
    check_axe(page)

    # An officer begins the formal check and sends it back for more information.
    sign_in(page, OFFICER)
    page.goto("/fund/queue")
    check_axe(page)
    page.goto(application + "/check")
    page.locator("form[action$='/check/start'] button").click()
    page.locator("input[name=checklist]").first.check()
    page.locator("#message").fill("Bitte nennen Sie, wo das Werkzeug gelagert wird.")
    page.locator("input[name=send_back]").click()
    assert "Zur Ergänzung zurückgegeben" in status_of(page)
    check_axe(page)

    # The team completes it and submits again.
    sign_in(page, initiator)
    page.goto(application)
    assert "wo das Werkzeug gelagert wird" in status_of(page)
    page.goto(application + "/edit")
    page.locator("#justification").fill(
        "Ohne Werkzeug können wir nicht anfangen. Es lagert im Keller des Nachbarschaftshauses."
    )
    page.locator("input[name=submit]").click()
    assert "Eingereicht" in status_of(page)

    # The officer passes the formal check, reviews and approves a part above the four-eyes
    # amount: the decision waits for a second officer.
    sign_in(page, OFFICER)
    page.goto(application + "/check")
    if page.locator("form[action$='/check/start'] button").count():
        page.locator("form[action$='/check/start'] button").click()
    for box in page.locator("input[name=checklist]").all():
        box.check()
    page.locator("input[name=pass_check]").click()
    assert "In Bewertung" in status_of(page) or "In Prüfung" in status_of(page)
    page.goto(application + "/review")
    check_axe(page)
    for score in page.locator("select[name^=score_]").all():
        score.select_option("4")
    page.locator("#assessment").fill("Guter Nutzen für den Stadtteil, Kosten etwas hoch.")
    page.locator("main form.form input[type=submit]").click()
    page.goto(application + "/decide")
    check_axe(page)
    page.locator("input[name=outcome][value=partial]").check()
    page.locator("#amount").fill("5.800,00")
    page.locator("#reason").fill("Das Lagerregal trägt die Stadt nicht; der Rest ist förderfähig.")
    page.locator("main form.form input[type=submit]").click()
    assert page.goto(application + "/confirm").status == 403

    # A second officer confirms.
    sign_in(page, SECOND_OFFICER)
    page.goto(application + "/confirm")
    check_axe(page)
    page.locator("input[name=confirm][value=yes]").check()
    page.locator("main form.form input[type=submit]").click()
    assert "Teilweise bewilligt" in status_of(page)

    # Two payments.
    sign_in(page, OFFICER)
    for amount, reference in (("3.000,00", "KA-2026-1101"), ("2.000,00", "KA-2026-1102")):
        page.goto(application + "/payments")
        page.locator("#amount").fill(amount)
        page.locator("#reference").fill(reference)
        page.locator("main form.form input[type=submit]").click()
        assert reference in status_of(page) or page.locator(".flash").count()
    check_axe(page)

    # The team uploads receipts and its report.
    sign_in(page, initiator)
    page.goto(application + "/proof")
    check_axe(page)
    upload = page.locator("form[enctype='multipart/form-data']")
    for name, mime, data in (
        ("rechnung-baumarkt.pdf", "application/pdf", PDF),
        ("quittung.png", "image/png", _png()),
    ):
        upload = page.locator("form[enctype='multipart/form-data']")
        upload.locator("input[type=file]").set_input_files(
            {"name": name, "mimeType": mime, "buffer": data}
        )
        upload.locator("input[type=submit]").click()
        assert name in page.locator("main").inner_text()
    page.locator("#report").fill(
        "Wir haben Werkzeug und Material gekauft und an acht Samstagen gearbeitet."
    )
    page.locator("#spent").fill("4.700,00")
    page.locator("#report").locator("xpath=ancestor::form").locator("input[type=submit]").click()
    assert "Verwendungsnachweis eingereicht" in status_of(page)

    # The officer accepts the proof and closes the application: 300 € come back.
    sign_in(page, OFFICER)
    page.goto(application + "/judge")
    check_axe(page)
    assert euros(300_00) in status_of(page)
    page.locator("input[name=close]").click()
    assert "Abgeschlossen" in status_of(page)

    # The public page shows what was really spent as committed and paid.
    page.goto(f"/fund/{year}")
    public = page.locator("main").inner_text()
    assert euros(committed + 4_700_00) in public
    assert euros(paid + 4_700_00) in public
    assert "Werkzeug und Material für die erste Saison" in public
    check_axe(page)
