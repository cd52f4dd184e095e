"""A visitor comes across a barrier, follows "Report a barrier" at the foot of the page and sends
a report without an account; the admin is told by mail, signs in, finds the report in the admin
area and answers it; the visitor gets the answer by mail. axe and the HTML checker check the
pages on the way."""

from __future__ import annotations

import re

from tests.browser.conftest import check_axe
from tests.browser.validator import HtmlPages
from tests.conftest import Mailbox

ADMIN = "admin@demo.civic.example"
VISITOR = "jana.vogel@example.org"
MESSAGE = "Der Filter nach Stadtteilen lässt sich mit meinem Screenreader nicht öffnen."
ANSWER = "Vielen Dank! Der Filter ist jetzt eine Liste von Kontrollkästchen."


def test_a_visitor_reports_a_barrier_and_the_admin_answers(page, mailbox: Mailbox):
    html = HtmlPages()

    def check(label: str) -> None:
        check_axe(page)
        html.add(f"{label} {page.url}", page.content())

    page.goto("/projects")
    page.get_by_role("button", name="English").click()
    footer = page.locator("footer")
    footer.get_by_role("link", name="Report a barrier").click()
    assert re.search(r"/accessibility\?page=/projects#feedback$", page.url)
    form = page.locator("#feedback")
    assert form.get_by_label("On which page? (optional)").input_value() == "/projects"
    check("statement with form")

    # Sent without a message: the error stands beside the field, the rest is kept.
    form.get_by_label("Your name (optional)").fill("Jana Vogel")
    form.get_by_role("button", name="Send feedback").click()
    assert "Please describe the barrier." in page.locator("#message-error").inner_text()
    assert page.locator("#feedback").get_by_label("Your name (optional)").input_value() == (
        "Jana Vogel"
    )
    assert page.locator("#page").input_value() == "/projects"
    check("form with errors")

    form = page.locator("#feedback")
    form.get_by_label("What is the barrier?").fill(MESSAGE)
    form.get_by_label("Your e-mail address (optional)").fill(VISITOR)
    form.get_by_role("button", name="Send feedback").click()
    assert page.get_by_role("heading", name="Thank you for your feedback").is_visible()
    assert "We will answer you by e-mail" in page.locator("main").inner_text()
    check("confirmation")
    page.get_by_role("link", name="Back to the page you reported").click()
    assert page.url.endswith("/projects")

    # The admin is told by mail, with a link into the admin area.
    notice = mailbox.body(mailbox.last_to(ADMIN))
    assert MESSAGE in notice
    link = mailbox.link_to(ADMIN, "/admin/feedback/")

    page.goto("/login")
    page.get_by_label("E-mail address").fill(ADMIN)
    page.get_by_label("Password").fill("demo-passwort")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/admin/")
    overview = page.locator("main").inner_text()
    assert re.search(r"\d+ new reports? on accessibility", overview)
    page.get_by_role("link", name=re.compile(r"new reports? on accessibility")).click()
    check("admin list")
    row = page.locator("tr", has_text="Der Filter nach Stadtteilen")
    row.get_by_role("link", name=re.compile("^Answer")).click()
    assert page.url == link
    assert MESSAGE in page.locator("main").inner_text()
    assert VISITOR in page.locator("main").inner_text()
    check("admin report")

    page.get_by_role("button", name="Save and send answer").click()
    assert "Please write an answer." in page.locator("#answer-error").inner_text()
    check("answer with errors")
    page.get_by_label("Answer").fill(ANSWER)
    page.get_by_role("button", name="Save and send answer").click()
    assert f"The answer is saved and was sent to {VISITOR}." in page.locator(".flash").inner_text()
    assert page.get_by_role("button", name="Save and send answer").count() == 0
    check("answered report")

    answer = mailbox.body(mailbox.last_to(VISITOR))
    assert ANSWER in answer and "Hallo Jana Vogel," in answer
    assert MESSAGE in answer

    # Answered, the report is no longer among the new ones.
    page.goto("/admin/feedback?status=new")
    assert "Der Filter nach Stadtteilen" not in page.locator("main").inner_text()
    page.goto("/admin/feedback?status=answered")
    assert "Der Filter nach Stadtteilen" in page.locator("main").inner_text()
    html.assert_valid()
