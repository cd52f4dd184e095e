"""The admin area: roles with an audit trail, districts, topics, departments, settings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from civic.accounts.models import Role, User
from civic.core.models import AuditEntry, District
from civic.db import db
from tests.factories import DepartmentFactory, UserFactory, make_project
from tests.helpers import login, submit, text_of

ADMIN_PAGES = [
    "/admin/",
    "/admin/users",
    "/admin/districts",
    "/admin/topics",
    "/admin/departments",
    "/admin/settings",
    "/admin/pages",
    "/admin/audit",
]

# Who may open which admin page: visitor → sign in (302), others 200 or 403.
MATRIX = {
    None: {page: 302 for page in ADMIN_PAGES},
    "citizen": {page: 403 for page in ADMIN_PAGES},
    Role.MODERATOR: {page: 403 for page in ADMIN_PAGES},
    Role.FUND_OFFICER: {page: 403 for page in ADMIN_PAGES},
    Role.COUNCIL_MEMBER: {page: 403 for page in ADMIN_PAGES},
    Role.DEPARTMENT_CONTACT: {page: 403 for page in ADMIN_PAGES},
    Role.COORDINATOR: {
        page: (200 if page in {"/admin/", "/admin/districts", "/admin/topics"} else 403)
        for page in ADMIN_PAGES
    },
    Role.ADMIN: {page: 200 for page in ADMIN_PAGES},
}


@pytest.mark.parametrize("role", list(MATRIX), ids=lambda r: str(r))
def test_admin_pages_permission_matrix(client, role):
    if role is not None:
        user = UserFactory(roles=[] if role == "citizen" else [role])
        login(client, user.email)
    for page, expected in MATRIX[role].items():
        assert client.get(page).status_code == expected, (role, page)


def test_admin_finds_users_and_grants_a_role_with_an_audit_entry(client):
    admin = UserFactory(roles=[Role.ADMIN])
    target = UserFactory(display_name="Gerda Graf", email="gerda@example.org")
    login(client, admin.email)
    found = text_of(client.get("/admin/users?q=gerda"))
    assert "Gerda Graf" in found and "1 Konto gefunden" in found

    response = submit(client, f"/admin/users/{target.id}", {"role": "moderator", "department": "0"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, target.id).has_role(Role.MODERATOR)
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "role.grant").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.actor_id == admin.id and entry.object_id == target.id
    assert entry.details["role"] == "moderator"
    assert "role.grant" in text_of(client.get("/admin/audit"))

    filtered = text_of(client.get("/admin/users?role=moderator"))
    assert "Gerda Graf" in filtered


def test_revoking_asks_for_confirmation_first(client):
    admin = UserFactory(roles=[Role.ADMIN])
    target = UserFactory(roles=[Role.MODERATOR])
    login(client, admin.email)
    page = client.get(f"/admin/users/{target.id}/roles/moderator/revoke")
    assert "wirklich" in text_of(page)
    db.session.expire_all()
    assert db.session.get(User, target.id).has_role(Role.MODERATOR)
    submit(client, f"/admin/users/{target.id}/roles/moderator/revoke", {})
    db.session.expire_all()
    assert not db.session.get(User, target.id).has_role(Role.MODERATOR)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "role.revoke"))


def test_department_contacts_need_a_department(client):
    admin = UserFactory(roles=[Role.ADMIN])
    target = UserFactory()
    department = DepartmentFactory(name="Umweltamt")
    login(client, admin.email)
    response = submit(
        client, f"/admin/users/{target.id}", {"role": "department_contact", "department": "0"}
    )
    assert response.status_code == 200
    assert 'id="department-error"' in response.get_data(as_text=True)
    submit(
        client,
        f"/admin/users/{target.id}",
        {"role": "department_contact", "department": str(department.id)},
    )
    db.session.expire_all()
    assert db.session.get(User, target.id).department.name == "Umweltamt"


def test_the_last_admin_cannot_be_removed(client):
    admin = UserFactory(roles=[Role.ADMIN])
    login(client, admin.email)
    response = submit(
        client, f"/admin/users/{admin.id}/roles/admin/revoke", {}, follow_redirects=True
    )
    assert "nicht selbst" in text_of(response)
    db.session.expire_all()
    assert db.session.get(User, admin.id).has_role(Role.ADMIN)


def test_unconfirmed_accounts_get_no_roles(client):
    admin = UserFactory(roles=[Role.ADMIN])
    target = UserFactory(unverified=True)
    login(client, admin.email)
    response = submit(
        client, f"/admin/users/{target.id}", {"role": "coordinator", "department": "0"}
    )
    assert response.status_code == 200
    assert 'id="role-error"' in response.get_data(as_text=True)


def test_deactivating_an_account_signs_the_person_out(app, client):
    admin = UserFactory(roles=[Role.ADMIN])
    target = UserFactory()
    theirs = app.test_client()
    login(theirs, target.email)
    login(client, admin.email)
    submit(client, f"/admin/users/{target.id}/deactivate", {})
    assert theirs.get("/account").status_code == 302


def test_coordinator_manages_districts(client):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    login(client, coordinator.email)
    response = submit(client, "/admin/districts", {"name": "Südvorstadt"})
    assert response.status_code == 302
    district = db.session.scalar(select(District).where(District.name == "Südvorstadt"))
    assert district.slug == "suedvorstadt"
    duplicate = submit(client, "/admin/districts", {"name": "südvorstadt"})
    assert duplicate.status_code == 200 and 'id="name-error"' in duplicate.get_data(as_text=True)
    submit(client, f"/admin/districts/{district.id}", {"name": "Südvorstadt-Ost"})
    assert "Südvorstadt-Ost" in text_of(client.get("/admin/districts"))
    submit(client, f"/admin/districts/{district.id}/delete", {})
    assert db.session.get(District, district.id) is None


def test_departments_in_use_cannot_be_deleted(client):
    admin = UserFactory(roles=[Role.ADMIN])
    contact = UserFactory(roles=[Role.DEPARTMENT_CONTACT])
    login(client, admin.email)
    department_id = contact.role_grants[0].department_id
    response = submit(
        client, f"/admin/departments/{department_id}/delete", {}, follow_redirects=True
    )
    assert "noch in Verwendung" in text_of(response)


def test_admin_changes_the_city_settings(client):
    admin = UserFactory(roles=[Role.ADMIN])
    login(client, admin.email)
    response = submit(
        client,
        "/admin/settings",
        {
            "city_name": "Pirna",
            "platform_name": "Pirna gestaltet",
            "primary_color": "#224466",
            "accent_color": "#884400",
            "contact_email": "",
            "tagline_de": "",
            "tagline_en": "",
            "gate_min_team_size": "4",
            "gate_min_concept_chars": "100",
            "gate_min_report_chars": "300",
        },
    )
    assert response.status_code == 302
    home = text_of(client.get("/"))
    assert "Pirna gestaltet" in home and "Pirna" in home
    # The gate criteria shown on project pages follow the settings.
    project = make_project()
    assert "Mindestens 4 Teammitglieder" in text_of(client.get(f"/projects/{project.id}"))
    bad = submit(
        client,
        "/admin/settings",
        {
            "city_name": "Pirna",
            "platform_name": "P",
            "primary_color": "rot",
            "accent_color": "#884400",
        },
    )
    assert bad.status_code == 200 and 'id="primary_color-error"' in bad.get_data(as_text=True)


def upload_logo(client, content: bytes, filename: str):
    from io import BytesIO

    admin = UserFactory(roles=[Role.ADMIN])
    login(client, admin.email)
    settings = {
        "city_name": "Pirna",
        "platform_name": "P",
        "primary_color": "#224466",
        "accent_color": "#884400",
        "gate_min_team_size": "3",
        "gate_min_concept_chars": "200",
        "gate_min_report_chars": "200",
    }
    return submit(
        client,
        "/admin/settings",
        {**settings, "logo": (BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_logo_upload_refuses_files_that_are_not_images(client):
    response = upload_logo(client, b"MZ\x90\x00 not an image", "logo.png")
    assert response.status_code == 200
    assert 'id="logo-error"' in response.get_data(as_text=True)


def test_logo_upload_strips_metadata(client, app):
    from io import BytesIO

    from PIL import Image

    image = Image.new("RGB", (40, 20), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    response = upload_logo(client, buffer.getvalue(), "logo.jpg")
    assert response.status_code == 302
    logo = client.get("/logo")
    data = logo.data
    logo.close()
    assert logo.status_code == 200
    assert b"SecretCamera" not in data
    assert Image.open(BytesIO(data)).size == (40, 20)


def test_cli_creates_an_admin_and_grants_roles(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "civic",
            "create-admin",
            "--email",
            "chef@example.org",
            "--name",
            "Chefin",
            "--password",
            "ein sicheres Passwort",
        ]
    )
    assert result.exit_code == 0, result.output
    UserFactory(email="rat@example.org")
    result = runner.invoke(args=["civic", "grant-role", "rat@example.org", "council_member"])
    assert result.exit_code == 0, result.output
    wrong = runner.invoke(args=["civic", "grant-role", "rat@example.org", "kaiser"])
    assert wrong.exit_code != 0 and "Unknown role" in wrong.output
    chef = db.session.scalar(select(User).where(User.email == "chef@example.org"))
    assert chef.has_role(Role.ADMIN) and chef.is_verified
    rat = db.session.scalar(select(User).where(User.email == "rat@example.org"))
    assert rat.has_role(Role.COUNCIL_MEMBER) and rat.council_profile is not None


def test_demo_data_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["civic", "demo-data"])
    assert first.exit_code == 0, first.output
    count = len(db.session.scalars(select(District)).all())
    second = runner.invoke(args=["civic", "demo-data"])
    assert second.exit_code == 0
    assert len(db.session.scalars(select(District)).all()) == count == 10
    assert "admin@demo.civic.example" in second.output


def test_user_list_uses_a_fixed_number_of_queries(client, count_queries):
    admin = UserFactory(roles=[Role.ADMIN])
    login(client, admin.email)
    UserFactory.create_batch(3, roles=[Role.MODERATOR])
    count_queries.statements.clear()
    client.get("/admin/users")
    few = count_queries.count
    UserFactory.create_batch(15, roles=[Role.MODERATOR, Role.FUND_OFFICER])
    count_queries.statements.clear()
    client.get("/admin/users")
    assert count_queries.count == few
