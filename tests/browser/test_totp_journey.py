"""A staff member protects the account with a second factor, in the browser: sets it up with
the key shown beside the QR code, keeps the recovery codes, signs in again with a code from the
app, and switches the factor off with the password and a recovery code. axe checks every page
of the flow, also with a form error shown."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pyotp

from tests.browser.conftest import ROOT
from tests.browser.conftest import check_axe as axe
from tests.browser.validator import HtmlPages

EMAIL = "zweiter-faktor@demo.civic.example"
PASSWORD = "ein sicheres Passwort"


def _create_staff_account(live_server) -> None:
    env = {**live_server["env"], "CIVIC_ADMIN_PASSWORD": PASSWORD}
    subprocess.run(
        [sys.executable, "-m", "flask", "civic", "create-admin", "--email", EMAIL]
        + ["--name", "Tilo"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def _sign_in(page) -> None:
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def _send_code(page, code: str) -> None:
    page.locator("#code").fill(code)
    page.locator("main form.form [type=submit]").click()


def test_set_up_sign_in_with_and_switch_off_the_second_factor(page, live_server):
    html = HtmlPages()

    def check_axe(page) -> None:
        """axe on the page, and its HTML kept for the validity check at the end."""
        html.add(page.url, page.content())
        axe(page)

    _create_staff_account(live_server)
    _sign_in(page)
    assert "Willkommen, Tilo!" in page.locator(".flash").inner_text()

    page.goto("/account")
    page.locator("a[href='/account/two-factor']").click()
    check_axe(page)
    page.locator("form[action='/account/two-factor/begin'] button").click()
    assert page.url.endswith("/account/two-factor/setup")
    # The QR code is an inline SVG drawn by the server; the key stands beside it as text.
    assert page.locator("main svg").count() == 1
    check_axe(page)
    secret = page.locator(".totp-secret").inner_text().replace(" ", "")
    app = pyotp.TOTP(secret)

    _send_code(page, "000000")
    assert page.locator("#code-error").is_visible()
    check_axe(page)

    _send_code(page, app.now())
    codes = [c.strip() for c in page.locator(".recovery-codes code").all_inner_texts()]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z0-9]{4}(-[a-z0-9]{4}){3}", c) for c in codes)
    check_axe(page)

    page.get_by_role("button", name="Abmelden").click()
    _sign_in(page)
    assert page.url.endswith("/login/second-step")
    check_axe(page)
    _send_code(page, "111111")
    assert page.locator("#code-error").is_visible()
    check_axe(page)
    # The app's next code (the one just used for the setup does not count twice).
    _send_code(page, app.at(time.time() + 30))
    assert "Willkommen, Tilo!" in page.locator(".flash").inner_text()

    page.goto("/account/two-factor/disable")
    check_axe(page)
    page.locator("#password").fill(PASSWORD)
    _send_code(page, codes[0])
    assert page.url.endswith("/account/two-factor")
    assert page.locator("form[action='/account/two-factor/begin']").is_visible()

    page.get_by_role("button", name="Abmelden").click()
    _sign_in(page)
    assert "Willkommen, Tilo!" in page.locator(".flash").inner_text()
    html.assert_valid()
