"""Downloading one's own data (DSGVO Art. 15 and 20): after giving the password, a signed-in
person downloads everything the platform holds about them as JSON, and the files they
uploaded as a ZIP archive. Every table that points at a person is in the file; secrets are
not; the download is logged and never cached."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from sqlalchemy import select

from civic.accounts import privacy
from civic.accounts.models import Role
from civic.core.models import AccessibilityFeedback, AuditEntry
from civic.db import db
from civic.fund.models import Receipt
from civic.fund.workflow import Status
from civic.participation.models import Comment, Follow, FollowKind
from civic.projects.models import JoinRequest, Support
from tests.factories import (
    PASSWORD,
    UserFactory,
    make_application,
    make_fund,
    make_project,
)
from tests.helpers import login, submit, text_of


def _download(client, button: str = "data", password: str = PASSWORD):
    return submit(client, "/account/data", {"password": password, button: "1"})


def test_the_export_holds_the_persons_data_and_no_secrets(app, client):
    person = UserFactory(
        display_name="Ottilie Export",
        about_markdown="Ich gärtnere gern.",
        roles=[Role.COUNCIL_MEMBER],
    )
    stranger = UserFactory(display_name="Fremde Person")
    project = make_project(person, title="Gemeinschaftsgarten")
    other = make_project(stranger, title="Repair-Café")
    db.session.add_all(
        [
            Comment(
                project_id=other.id,
                author_id=person.id,
                body_markdown="Ich bringe Werkzeug mit.",
                body_html="<p>Ich bringe Werkzeug mit.</p>",
            ),
            Comment(
                project_id=other.id,
                author_id=stranger.id,
                body_markdown="Nicht von Ottilie.",
                body_html="<p>Nicht von Ottilie.</p>",
            ),
            Support(project_id=other.id, user_id=person.id),
            Follow(user_id=person.id, kind=FollowKind.PROJECT, target_id=other.id),
            JoinRequest(project_id=other.id, user_id=person.id, message="Darf ich?"),
            AccessibilityFeedback(user_id=person.id, message="Die Schrift ist zu klein."),
        ]
    )
    db.session.commit()
    login(client, person.email)

    page = client.get("/account/data")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    response = _download(client)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Type"].startswith("application/json")
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))

    assert data["account"]["email"] == person.email
    assert data["account"]["display_name"] == "Ottilie Export"
    assert data["account"]["about_markdown"] == "Ich gärtnere gern."
    assert "password_hash" not in data["account"]
    assert "council_member" in data["roles"]
    records = data["records"]
    comments = records["comments"]["author_id"]
    assert [c["body_markdown"] for c in comments] == ["Ich bringe Werkzeug mit."]
    assert records["supports"]["user_id"][0]["project_id"] == other.id
    assert records["follows"]["user_id"][0]["target_id"] == other.id
    assert records["join_requests"]["user_id"][0]["message"] == "Darf ich?"
    assert records["project_members"]["user_id"][0]["project_id"] == project.id
    assert records["council_profiles"]["user_id"][0]["faction"] == "Fraktion Test"
    assert records["accessibility_feedback"]["user_id"][0]["message"].startswith("Die Schrift")
    text = response.get_data(as_text=True)
    assert "Nicht von Ottilie" not in text and "Fremde Person" not in text
    assert "scrypt" not in text  # no password hash anywhere

    # The download is in the audit log, which the next download shows too.
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "account.export", AuditEntry.actor_id == person.id
        )
    )
    assert entry is not None and entry.details == {"what": "data"}
    again = json.loads(_download(client).get_data(as_text=True))
    assert any(e["action"] == "account.export" for e in again["records"]["audit_log"]["actor_id"])


def test_every_table_that_points_at_a_person_is_in_the_export(app, client):
    person = UserFactory()
    login(client, person.email)
    records = json.loads(_download(client).get_data(as_text=True))["records"]
    for table, column in privacy.user_references():
        if table.name == "users" or (table.name, column.name) in privacy.NOT_EXPORTED:
            continue
        assert column.name in records.get(table.name, {}), f"{table.name}.{column.name}"


def test_the_password_is_asked_again_and_errors_keep_the_page(client):
    person = UserFactory()
    login(client, person.email)
    wrong = _download(client, password="nicht das passwort")
    assert wrong.status_code == 200
    assert wrong.headers["Content-Type"].startswith("text/html")
    assert "Ihr Passwort ist nicht richtig." in text_of(wrong)
    empty = submit(client, "/account/data", {"password": "", "data": "1"})
    assert empty.status_code == 200
    assert 'aria-invalid="true"' in empty.get_data(as_text=True)
    assert (
        db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.export")) is None
    )


def test_the_export_needs_a_signed_in_person(client):
    response = client.get("/account/data")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_uploads_come_as_a_zip_archive_of_ones_own_files(app, client):
    person, teammate = UserFactory(), UserFactory()
    project = make_project(person, members=[teammate])
    application = make_application(
        project, make_fund(), status=Status.APPROVED, approved_cents=1_000_00
    )
    with app.test_request_context():
        folder = Path(app.config["UPLOAD_DIR"]) / "receipts"
    folder.mkdir(parents=True, exist_ok=True)
    mine, theirs = "b" * 32 + ".pdf", "c" * 32 + ".pdf"
    (folder / mine).write_bytes(b"%PDF-1.4 Ottilies Quittung" + b"x" * 200_000)
    (folder / theirs).write_bytes(b"%PDF-1.4 fremde Quittung")
    db.session.add_all(
        [
            Receipt(
                application_id=application.id,
                stored_name=mine,
                original_name="../Quittung Farbe.pdf",
                content_type="application/pdf",
                size=200_026,
                uploaded_by_id=person.id,
            ),
            Receipt(
                application_id=application.id,
                stored_name=theirs,
                original_name="Fremd.pdf",
                content_type="application/pdf",
                size=24,
                uploaded_by_id=teammate.id,
            ),
        ]
    )
    db.session.commit()
    login(client, person.email)

    response = _download(client, button="uploads")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = archive.namelist()
    assert len(names) == 1 and names[0].startswith("receipts/")
    assert names[0].endswith("Quittung Farbe.pdf") and ".." not in names[0]
    assert archive.read(names[0]).startswith(b"%PDF-1.4 Ottilies Quittung")
    assert archive.testzip() is None


def test_a_person_without_uploads_gets_an_empty_archive(client):
    person = UserFactory()
    login(client, person.email)
    response = _download(client, button="uploads")
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(response.get_data())).namelist() == []
