"""A new person registers, confirms the address from the mail, signs in and out."""

from __future__ import annotations

import re

from tests.browser.conftest import check_axe
from tests.conftest import Mailbox


def test_register_confirm_sign_in_and_out(page, mailbox: Mailbox):
    page.goto("/")
    check_axe(page)
    page.get_by_role("link", name="Registrieren").first.click()
    check_axe(page)

    # First attempt with a short password: the error stands beside the field, input is kept.
    page.get_by_label("Anzeigename").fill("Paula Pieschen")
    page.get_by_label("E-Mail-Adresse").fill("paula@example.org")
    page.get_by_label("Passwort").fill("kurz")
    page.get_by_label("Ich habe die Datenschutzhinweise gelesen", exact=False).check()
    page.get_by_role("button", name="Konto erstellen").click()
    assert "mindestens 10 Zeichen" in page.locator("#password-error").inner_text()
    assert page.get_by_label("Anzeigename").input_value() == "Paula Pieschen"
    check_axe(page)

    page.get_by_label("Passwort").fill("ein gutes langes Passwort")
    page.get_by_role("button", name="Konto erstellen").click()
    assert "paula@example.org" in page.locator("main").inner_text()
    check_axe(page)

    body = mailbox.body(mailbox.last_to("paula@example.org"))
    link = re.search(r"http://\S+/verify/\S+", body).group(0)
    page.goto(link)
    assert "bestätigt" in page.locator(".flash").inner_text()

    page.get_by_label("E-Mail-Adresse").fill("paula@example.org")
    page.get_by_label("Passwort").fill("ein gutes langes Passwort")
    page.get_by_role("button", name="Anmelden").click()
    assert "Willkommen, Paula Pieschen!" in page.locator(".flash").inner_text()
    check_axe(page)

    page.get_by_role("button", name="Abmelden").click()
    assert page.get_by_role("link", name="Anmelden").is_visible()


def test_keyboard_alone_reaches_the_content_and_the_sign_in_form(page):
    page.goto("/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Zum Inhalt springen" in focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    tag = page.evaluate("document.activeElement.tagName + ':' + document.activeElement.id")
    assert tag == "INPUT:email"
