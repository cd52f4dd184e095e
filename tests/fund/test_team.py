"""The team's side of the fund, through HTTP: the project's fund page, applying (pre-filled
from the plan, errors next to their fields), editing a returned application, withdrawing, the
proof of use with its receipts, downloads only for those who may see them, the approval
notice, and the query count of the application page."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from civic.accounts.models import Role
from civic.db import db, utcnow
from civic.fund.models import Application, ApplicationEntry, Fund, Payment, Receipt
from civic.fund.workflow import RECEIPT_MAX_BYTES
from civic.fund.workflow import Status as FundStatus
from civic.projects.workflow import Phase, ProjectState
from tests.factories import UserFactory, make_application, make_fund, make_project
from tests.helpers import browser, csrf_token, fresh, post, submit, text_of
from tests.projects.plans import project_in, team

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _project(phase: Phase = Phase.DEVELOPMENT, **fields):
    people = team()
    return make_project(people[0], members=people[1:], phase=phase, **fields), people


def _form(contact_id: int, **overrides: str) -> dict[str, str]:
    data = {
        "title": "Material für die erste Saison",
        "requested": "1.500,00",
        "cost_lines-0-label": "Erde",
        "cost_lines-0-amount": "1.000,00",
        "cost_lines-1-label": "Saatgut",
        "cost_lines-1-amount": "500",
        "cost_lines-2-label": "",
        "cost_lines-2-amount": "",
        "own_contribution": "200",
        "other_funding": "",
        "other_funding_note": "",
        "justification": "Damit die Beete im Frühjahr bepflanzt werden können.",
        "contact": str(contact_id),
    }
    data.update(overrides)
    return data


def _applications(project) -> list[Application]:
    db.session.expire_all()
    return list(db.session.scalars(select(Application).where(Application.project_id == project.id)))


def _receipts(application) -> list[Receipt]:
    db.session.expire_all()
    return list(db.session.scalars(select(Receipt).where(Receipt.application_id == application.id)))


# --- the project's fund page -------------------------------------------------------------------


def test_the_fund_page_shows_the_call_and_the_apply_button_to_the_team_only(app):
    fund = make_fund(required_documents="Sachbericht\nBelege aller Ausgaben")
    project, people = _project()
    url = f"/projects/{project.id}/fund"

    page = browser(app, people[1]).get(url)
    assert page.status_code == 200
    text = text_of(page)
    assert f"The call of the fund {fund.year}" in text
    assert "€20,000.00" in text  # the maximum per project
    assert "Belege aller Ausgaben" in text and "Machbarkeit" in text
    assert f'href="/projects/{project.id}/fund/apply"' in page.get_data(as_text=True)
    assert "The project has not applied for money yet." in text

    # The project page leads there.
    detail = browser(app, people[1]).get(f"/projects/{project.id}").get_data(as_text=True)
    assert f'href="/projects/{project.id}/fund"' in detail

    assert browser(app, UserFactory()).get(url).status_code == 403
    visitor = browser(app).get(url)
    assert visitor.status_code == 302 and "/login" in visitor.location


def test_a_project_in_initiation_is_told_why_it_cannot_apply(app):
    make_fund()
    project, people = _project(phase=Phase.INITIATION)
    client = browser(app, people[0])

    text = text_of(client.get(f"/projects/{project.id}/fund"))
    assert "once they are in development or implementation" in text
    assert f"/projects/{project.id}/fund/apply" not in text

    response = client.get(f"/projects/{project.id}/fund/apply")
    assert response.status_code == 302
    assert "once they are in development or implementation" in text_of(
        client.get(response.location)
    )
    response = submit(
        client,
        f"/projects/{project.id}/fund",
        _form(people[0].id),
        f"/projects/{project.id}/fund/apply",
    )
    assert response.status_code == 200
    assert "once they are in development or implementation" in text_of(response)
    assert _applications(project) == []


def test_a_paused_project_cannot_apply(app):
    make_fund()
    project, people = _project(state=ProjectState.PAUSED)
    text = text_of(browser(app, people[0]).get(f"/projects/{project.id}/fund"))
    assert "Only active projects can apply for money" in text


def test_without_an_open_call_the_page_says_when_it_closed(app):
    today = utcnow().date()
    fund = make_fund(
        call_opens_on=today - timedelta(days=60), call_closes_on=today - timedelta(days=1)
    )
    project, people = _project()
    page = browser(app, people[0]).get(f"/projects/{project.id}/fund")
    assert f"The call of the fund {fund.year} closed on" in text_of(page)
    assert f"/projects/{project.id}/fund/apply" not in page.get_data(as_text=True)


# --- applying ----------------------------------------------------------------------------------


def test_the_form_starts_from_the_plan(app):
    make_fund()
    with app.test_request_context():
        project = project_in(Phase.DEVELOPMENT)
    initiator = project.memberships[0].user
    html = browser(app, initiator).get(f"/projects/{project.id}/fund/apply").get_data(as_text=True)
    # complete_plan(): Erde 500, Saatgut 125.50, own contribution 100 → 525.50 to finance.
    assert 'value="Erde"' in html and 'value="500.00"' in html
    assert 'value="Saatgut"' in html and 'value="125.50"' in html
    assert 'id="own_contribution"' in html and 'value="100.00"' in html
    assert 'name="requested" type="text" value="525.50"' in html or 'value="525.50"' in html
    assert 'name="cost_lines-4-label"' in html and 'name="cost_lines-5-label"' not in html
    # Every member can be the contact; the one applying is chosen.
    for member in project.memberships:
        assert f'value="{member.user_id}"' in html
    assert f'<option selected value="{initiator.id}">' in html


def test_more_rows_adds_rows_without_saving(app):
    make_fund()
    project, people = _project()
    client = browser(app, people[0])
    url = f"/projects/{project.id}/fund/apply"
    response = submit(client, url, {**_form(people[0].id), "more_rows": "More rows"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="cost_lines-5-label"' in html and 'value="Saatgut"' in html
    assert _applications(project) == []


def test_save_a_draft_then_submit_it_and_the_officers_hear_of_it(app, mailbox):
    fund = make_fund()
    officer = UserFactory(roles=[Role.FUND_OFFICER], locale="en")
    project, people = _project()
    client = browser(app, people[0])
    url = f"/projects/{project.id}/fund/apply"

    response = submit(client, url, {**_form(people[1].id), "save": "Save draft"})
    assert response.status_code == 302, text_of(response)
    (application,) = _applications(project)
    assert application.status is FundStatus.DRAFT and application.fund_id == fund.id
    assert application.requested_cents == 150_000
    assert application.cost_lines == [
        {"label": "Erde", "amount_cents": 100_000},
        {"label": "Saatgut", "amount_cents": 50_000},
    ]
    assert application.own_contribution_cents == 20_000
    assert application.contact_id == people[1].id
    assert response.location.endswith(f"/fund/applications/{application.id}")
    assert mailbox.to(officer.email) == []

    page = client.get(response.location)
    text = text_of(page)
    assert "Your draft is saved." in text and "Draft" in text
    assert "€1,500.00" in text and "€2,000.00" not in text and "€1,000.00" in text
    assert people[1].display_name in text and "Draft created" in text

    # The project's fund page lists it; a second application to the same fund is refused.
    text = text_of(client.get(f"/projects/{project.id}/fund"))
    assert "Material für die erste Saison" in text
    assert f"The project has applied to the fund {fund.year} already." in text

    response = post(client, f"/fund/applications/{application.id}/submit")
    assert response.status_code == 302
    assert fresh(Application, application.id).status is FundStatus.SUBMITTED
    mail = mailbox.last_to(officer.email)
    assert "New application" in mail["Subject"]
    assert f"/fund/applications/{application.id}" in mailbox.body(mail)
    text = text_of(client.get(response.location))
    assert "Your application is submitted." in text and "Submitted" in text
    # Submitted: nothing left to edit or submit, but it can be withdrawn.
    html = client.get(response.location).get_data(as_text=True)
    assert f"/fund/applications/{application.id}/edit" not in html
    assert f"/fund/applications/{application.id}/withdraw" in html


def test_submit_creates_and_submits_in_one_go(app, mailbox):
    make_fund()
    officer = UserFactory(roles=[Role.FUND_OFFICER], locale="en")
    project, people = _project()
    client = browser(app, people[0])
    response = submit(
        client,
        f"/projects/{project.id}/fund/apply",
        {**_form(people[0].id), "submit": "Submit application"},
    )
    assert response.status_code == 302
    (application,) = _applications(project)
    assert application.status is FundStatus.SUBMITTED and application.submitted_at
    assert mailbox.to(officer.email)


def test_submitting_an_incomplete_application_saves_nothing_and_keeps_the_input(app):
    make_fund()
    project, people = _project()
    client = browser(app, people[0])
    response = submit(
        client,
        f"/projects/{project.id}/fund/apply",
        {**_form(people[0].id, justification=""), "submit": "Submit application"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="justification-error"' in html
    assert "Please explain what the money is for." in text_of(response)
    assert 'value="Material für die erste Saison"' in html and 'value="Saatgut"' in html
    assert _applications(project) == []


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "Please enter an amount greater than zero."),
        ("0", "Please enter an amount greater than zero."),
        ("12,345", "Please enter an amount with at most two decimals."),
        ("1e999999", "This amount is too large."),
        ("99999999999", "This amount is too large."),
        ("abc", "Please enter an amount in euros"),
        ("", "Please enter an amount."),
        ("25.000,00", "The fund gives at most €20,000.00 per project."),
    ],
)
def test_a_wrong_amount_is_shown_next_to_the_field_and_the_input_is_kept(app, amount, message):
    make_fund()
    project, people = _project()
    client = browser(app, people[0])
    response = submit(
        client,
        f"/projects/{project.id}/fund/apply",
        {**_form(people[0].id, requested=amount), "save": "Save draft"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="requested-error"' in html and 'aria-invalid="true"' in html
    assert message in text_of(response)
    assert f'value="{amount}"' in html
    assert 'value="Material für die erste Saison"' in html and 'value="Erde"' in html
    assert _applications(project) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("own_contribution", "-1", "An amount cannot be negative."),
        ("other_funding", "1e999999", "This amount is too large."),
        ("cost_lines-0-amount", "-3", "Please enter an amount between 0 and 10,000,000 €."),
        ("cost_lines-0-label", "", "Please say what the money is for."),
    ],
)
def test_other_wrong_fields_are_refused_next_to_them(app, field, value, message):
    make_fund()
    project, people = _project()
    response = submit(
        browser(app, people[0]),
        f"/projects/{project.id}/fund/apply",
        {**_form(people[0].id, **{field: value}), "save": "Save draft"},
    )
    assert response.status_code == 200
    assert message in text_of(response)
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _applications(project) == []


def test_the_contact_must_be_on_the_team(app):
    make_fund()
    project, people = _project()
    stranger = UserFactory()
    response = submit(
        browser(app, people[0]),
        f"/projects/{project.id}/fund/apply",
        {**_form(stranger.id), "save": "Save draft"},
    )
    assert response.status_code == 200
    assert 'id="contact-error"' in response.get_data(as_text=True)
    assert _applications(project) == []


def test_an_application_after_the_call_closed_is_refused_with_a_clear_message(app):
    fund = make_fund()
    project, people = _project()
    client = browser(app, people[0])
    url = f"/projects/{project.id}/fund/apply"
    token_page = client.get(url)
    assert token_page.status_code == 200

    # The call closes while the team writes.
    fund = fresh(Fund, fund.id)
    fund.call_closes_on = utcnow().date() - timedelta(days=2)
    fund.call_opens_on = utcnow().date() - timedelta(days=40)
    db.session.commit()
    response = submit(
        client, f"/projects/{project.id}/fund", {**_form(people[0].id), "save": "Save draft"}, url
    )
    assert response.status_code == 200
    text = text_of(response)
    assert f"The call of the fund {fund.year} closed on" in text
    assert 'value="Material für die erste Saison"' in response.get_data(as_text=True)
    assert _applications(project) == []

    response = client.get(url)
    assert response.status_code == 302
    assert "closed on" in text_of(client.get(response.location))


# --- the application page ----------------------------------------------------------------------


def test_the_application_page_exists_only_for_the_team_and_the_fund_management(app):
    fund = make_fund()
    project, people = _project()
    application = make_application(project, fund, status=FundStatus.SUBMITTED)
    url = f"/fund/applications/{application.id}"
    assert browser(app, people[2]).get(url).status_code == 200
    assert browser(app, UserFactory()).get(url).status_code == 404
    assert browser(app, UserFactory(roles=[Role.FUND_OFFICER])).get(url).status_code == 200
    assert browser(app, UserFactory(roles=[Role.ADMIN])).get(url).status_code == 200
    assert browser(app).get(url).status_code == 404
    assert browser(app).get("/fund/applications/999999").status_code == 404


def test_a_returned_application_shows_what_is_needed_and_can_be_resubmitted(app, mailbox):
    fund = make_fund()
    officer = UserFactory(roles=[Role.FUND_OFFICER], locale="en")
    project, people = _project()
    application = make_application(
        project,
        fund,
        status=FundStatus.RETURNED,
        return_message="Bitte ergänzen Sie die Kosten für die Werkzeuge.",
    )
    client = browser(app, people[1])
    page = client.get(f"/fund/applications/{application.id}")
    text = text_of(page)
    assert "What the fund management needs from you" in text
    assert "Bitte ergänzen Sie die Kosten für die Werkzeuge." in text

    edit = f"/fund/applications/{application.id}/edit"
    html = client.get(edit).get_data(as_text=True)
    assert 'value="Material für die erste Saison"' in html and 'value="3,000.00"' in html
    assert "Bitte ergänzen Sie die Kosten für die Werkzeuge." in html

    data = _form(
        people[0].id,
        **{"cost_lines-2-label": "Werkzeuge", "cost_lines-2-amount": "300", "requested": "1800"},
    )
    response = submit(client, edit, {**data, "submit": "Submit application"})
    assert response.status_code == 302, text_of(response)
    changed = fresh(Application, application.id)
    assert changed.status is FundStatus.SUBMITTED and changed.return_message == ""
    assert changed.requested_cents == 180_000 and len(changed.cost_lines) == 3
    assert "New application" in mailbox.last_to(officer.email)["Subject"]

    # No longer editable.
    assert client.get(edit).status_code == 403


def test_an_officer_cannot_edit_the_teams_application(app):
    fund = make_fund()
    project, _people = _project()
    application = make_application(project, fund)
    officer = browser(app, UserFactory(roles=[Role.FUND_OFFICER]))
    assert officer.get(f"/fund/applications/{application.id}/edit").status_code == 403
    assert post(officer, f"/fund/applications/{application.id}/submit").status_code == 403


def test_withdraw_asks_for_confirmation_and_keeps_the_reason(app, mailbox):
    fund = make_fund()
    officer = UserFactory(roles=[Role.FUND_OFFICER], locale="en")
    project, people = _project()
    application = make_application(project, fund, status=FundStatus.IN_REVIEW)
    client = browser(app, people[0])
    url = f"/fund/applications/{application.id}/withdraw"

    page = client.get(url)
    assert page.status_code == 200
    assert "cannot be taken up again" in text_of(page)
    assert fresh(Application, application.id).status is FundStatus.IN_REVIEW

    response = submit(client, url, {"reason": "Wir haben einen Sponsor gefunden."})
    assert response.status_code == 302
    assert fresh(Application, application.id).status is FundStatus.WITHDRAWN
    text = text_of(client.get(response.location))
    assert "Your application is withdrawn." in text
    assert "Wir haben einen Sponsor gefunden." in text  # in the history
    assert "Application withdrawn" in mailbox.last_to(officer.email)["Subject"]

    # Withdrawn: it cannot be withdrawn again; the project may apply anew.
    assert client.get(url).status_code == 403
    html = client.get(f"/projects/{project.id}/fund").get_data(as_text=True)
    assert f'href="/projects/{project.id}/fund/apply"' in html


def test_withdraw_is_for_the_team_only(app):
    fund = make_fund()
    project, _people = _project()
    application = make_application(project, fund, status=FundStatus.SUBMITTED)
    url = f"/fund/applications/{application.id}/withdraw"
    assert browser(app, UserFactory()).get(url).status_code == 404
    assert browser(app, UserFactory(roles=[Role.FUND_OFFICER])).get(url).status_code == 403


# --- the proof of use --------------------------------------------------------------------------


def _approved(year: int | None = None, **fields):
    fund = make_fund(year, required_documents="Sachbericht\nBelege aller Ausgaben")
    project, people = _project(phase=Phase.IMPLEMENTATION)
    application = make_application(
        project,
        fund,
        status=FundStatus.APPROVED,
        requested_cents=3_000_00,
        approved_cents=3_000_00,
        conditions="Das Logo der Stadt erscheint auf dem Schild.",
        **fields,
    )
    return application, people


def _upload(client, application, content: bytes, name: str, description: str = ""):
    url = f"/fund/applications/{application.id}/proof"
    return submit(
        client,
        url,
        {"file": (BytesIO(content), name), "description": description},
        content_type="multipart/form-data",
    )


def test_the_proof_page_guides_the_team(app):
    application, people = _approved(proof_message="Es fehlt die Rechnung des Baumarkts.")
    client = browser(app, people[0])
    page = client.get(f"/fund/applications/{application.id}/proof")
    assert page.status_code == 200
    text = text_of(page)
    assert "Belege aller Ausgaben" in text and "Sachbericht" in text
    assert "Es fehlt die Rechnung des Baumarkts." in text
    assert 'enctype="multipart/form-data"' in page.get_data(as_text=True)

    # Before the decision there is no proof to give; strangers do not see the page.
    assert (
        browser(app, UserFactory()).get(f"/fund/applications/{application.id}/proof").status_code
        == 404
    )
    officer = browser(app, UserFactory(roles=[Role.FUND_OFFICER]))
    assert officer.get(f"/fund/applications/{application.id}/proof").status_code == 403


def test_upload_receipts_download_them_and_submit_the_proof(app, mailbox):
    application, people = _approved()
    officer_user = UserFactory(roles=[Role.FUND_OFFICER], locale="en")
    client = browser(app, people[0])

    response = _upload(client, application, PDF, "Rechnung Baumarkt.pdf", "Rechnung, 12. März")
    assert response.status_code == 302, text_of(response)
    response = _upload(client, application, PNG, "foto.png")
    assert response.status_code == 302
    pdf, png = sorted(_receipts(application), key=lambda r: r.id)
    assert (pdf.content_type, pdf.original_name, pdf.size) == (
        "application/pdf",
        "Rechnung Baumarkt.pdf",
        len(PDF),
    )
    assert png.content_type == "image/png"
    text = text_of(client.get(f"/fund/applications/{application.id}/proof"))
    assert "Rechnung Baumarkt.pdf" in text and "Rechnung, 12. März" in text

    for reader in (client, browser(app, officer_user)):
        download = reader.get(f"/fund/receipts/{pdf.id}")
        assert download.status_code == 200
        assert download.headers["Content-Type"] == "application/pdf"
        assert download.headers["Content-Disposition"].startswith("attachment;")
        assert "Rechnung" in download.headers["Content-Disposition"]
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        assert download.get_data() == PDF
        download.close()
    assert browser(app, UserFactory()).get(f"/fund/receipts/{pdf.id}").status_code == 404
    assert browser(app).get(f"/fund/receipts/{pdf.id}").status_code == 404
    assert browser(app, UserFactory()).get("/fund/receipts/999999").status_code == 404

    # Remove the photo again.
    response = post(client, f"/fund/receipts/{png.id}/remove")
    assert response.status_code == 302
    assert [r.id for r in _receipts(application)] == [pdf.id]

    url = f"/fund/applications/{application.id}/proof"
    response = submit(client, url, {"report": "Wir haben **Beete** angelegt.", "spent": "2.800"})
    assert response.status_code == 302, text_of(response)
    done = fresh(Application, application.id)
    assert done.status is FundStatus.PROOF_SUBMITTED and done.spent_cents == 280_000
    assert "Proof of use" in mailbox.last_to(officer_user.email)["Subject"]
    page = client.get(response.location)
    text = text_of(page)
    assert "Proof of use submitted" in text and "€2,800.00" in text
    assert "<strong>Beete</strong>" in page.get_data(as_text=True)
    assert f'href="/fund/receipts/{pdf.id}"' in page.get_data(as_text=True)
    # Submitted: no more uploads.
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, b"\x7fELF\x02\x01\x01" + b"\x00" * 100],
)
def test_an_executable_named_pdf_is_refused_next_to_the_field(app, content):
    application, people = _approved()
    response = _upload(browser(app, people[0]), application, content, "x.pdf")
    assert response.status_code == 200
    assert 'id="file-error"' in response.get_data(as_text=True)
    assert "Only PDF, JPEG and PNG files are accepted" in text_of(response)
    assert _receipts(application) == []


def test_no_file_and_an_oversized_file_are_refused(app):
    application, people = _approved()
    client = browser(app, people[0])
    url = f"/fund/applications/{application.id}/proof"
    response = submit(client, url, {"description": "nichts"}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Please choose a file." in text_of(response)

    # Encoded here in memory: the test client would spool a big body to a file it never closes.
    boundary, body = encode_multipart(
        {
            "csrf_token": csrf_token(client, url),
            "file": FileStorage(BytesIO(b"%PDF-1.4" + b"0" * RECEIPT_MAX_BYTES), "gross.pdf"),
        }
    )
    response = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 200
    assert "at most 10 MB" in text_of(response)
    assert _receipts(application) == []


def test_the_proof_needs_a_report_receipts_and_a_sensible_amount(app):
    application, people = _approved()
    client = browser(app, people[0])
    url = f"/fund/applications/{application.id}/proof"

    response = submit(client, url, {"report": "Bericht", "spent": "100"})
    assert response.status_code == 200
    assert "Please upload the receipts first." in text_of(response)
    _upload(client, application, PDF, "beleg.pdf")

    response = submit(client, url, {"report": "Bericht", "spent": "4.000"})
    assert response.status_code == 200
    assert 'id="spent-error"' in response.get_data(as_text=True)
    assert "The fund pays at most the €3,000.00 approved" in text_of(response)
    assert 'value="4.000"' in response.get_data(as_text=True)

    response = submit(client, url, {"report": "", "spent": "1e999999"})
    assert response.status_code == 200
    assert "Please write the report." in text_of(response)
    assert "This amount is too large." in text_of(response)
    assert fresh(Application, application.id).status is FundStatus.APPROVED


# --- the approval notice -----------------------------------------------------------------------


def test_the_approval_notice_is_printable_once_approved(app):
    application, people = _approved()
    decider = UserFactory(display_name="Frau Amtsrat")
    application.decided_by_id = decider.id
    db.session.add(
        Payment(
            application_id=application.id,
            amount_cents=1_000_00,
            paid_on=utcnow().date(),
            reference="KASSE-2027-17",
            recorded_by_id=decider.id,
        )
    )
    application.paid_cents = 1_000_00
    db.session.commit()
    project_title = application.project.title
    client = browser(app, people[1])

    page = client.get(f"/fund/applications/{application.id}")
    assert f'href="/fund/applications/{application.id}/notice"' in page.get_data(as_text=True)
    notice = client.get(f"/fund/applications/{application.id}/notice")
    assert notice.status_code == 200
    text = text_of(notice)
    assert "Approval notice" in text and project_title in text
    assert "Approved" in text and "€3,000.00" in text
    assert "Das Logo der Stadt erscheint auf dem Schild." in text
    assert "Entspricht den Kriterien." in text and "Frau Amtsrat" in text
    assert "KASSE-2027-17" in text and "€2,000.00" in text  # still to be paid
    assert "print" in text.lower()

    officer = browser(app, UserFactory(roles=[Role.FUND_OFFICER]))
    assert officer.get(f"/fund/applications/{application.id}/notice").status_code == 200
    stranger = browser(app, UserFactory())
    assert stranger.get(f"/fund/applications/{application.id}/notice").status_code == 404


@pytest.mark.parametrize(
    "status", [FundStatus.DRAFT, FundStatus.IN_REVIEW, FundStatus.REJECTED, FundStatus.WITHDRAWN]
)
def test_there_is_no_notice_before_an_approval(app, status):
    fund = make_fund()
    project, people = _project()
    application = make_application(project, fund, status=status)
    client = browser(app, people[0])
    assert client.get(f"/fund/applications/{application.id}/notice").status_code == 403
    html = client.get(f"/fund/applications/{application.id}").get_data(as_text=True)
    assert f"/fund/applications/{application.id}/notice" not in html


# --- the query count ---------------------------------------------------------------------------


def _with_activity(application, n: int, actor) -> None:
    for i in range(n):
        db.session.add(
            Payment(
                application_id=application.id,
                amount_cents=100,
                paid_on=utcnow().date(),
                reference=f"R-{i}",
                recorded_by_id=actor.id,
            )
        )
        db.session.add(
            Receipt(
                application_id=application.id,
                stored_name=f"{application.id}-{i}-{n}.pdf",
                original_name=f"beleg-{i}.pdf",
                content_type="application/pdf",
                size=1000,
                uploaded_by_id=actor.id,
            )
        )
        db.session.add(
            ApplicationEntry(
                application_id=application.id,
                step="payment",
                from_status="approved",
                to_status="approved",
                actor_id=UserFactory().id if i % 2 else actor.id,
                amount_cents=100,
                reason=f"R-{i}",
            )
        )
    application.paid_cents = 100 * n
    db.session.commit()


@pytest.mark.parametrize("role", ["team", "officer"])
def test_the_application_page_loads_with_a_fixed_number_of_queries(app, count_queries, role):
    counts = []
    officer = UserFactory(roles=[Role.FUND_OFFICER])
    for year, n in ((2030, 1), (2031, 10)):
        application, people = _approved(year)
        _with_activity(application, n, people[0])
        client = browser(app, people[0] if role == "team" else officer)
        url = f"/fund/applications/{application.id}"
        client.get(url)  # warm up
        count_queries.statements.clear()
        page = client.get(url)
        assert page.status_code == 200
        assert f"beleg-{n - 1}.pdf" in text_of(page) and f"R-{n - 1}" in text_of(page)
        counts.append(count_queries.count)
    assert counts[0] == counts[1], count_queries.statements
