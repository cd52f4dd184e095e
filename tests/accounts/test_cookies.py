"""Privacy by default (DSGVO, DESIGN.md §8): the only cookie the platform sets is the session
cookie (so it needs no cookie banner), uploaded images lose their metadata such as the GPS
position, and a profile shows no more than its owner chose to make public, except that council
members' profiles are public by their role."""

from __future__ import annotations

from http.cookies import SimpleCookie
from io import BytesIO

from PIL import Image

from civic.accounts.models import Role, User
from civic.core.images import store_image
from civic.db import db
from tests.factories import PASSWORD, UserFactory, make_council_member, make_project
from tests.helpers import csrf_token, submit, text_of

SESSION_COOKIE = "civic_session"
GPS_IFD = 0x8825


def cookie_names(response) -> set[str]:
    names = set()
    for header in response.headers.getlist("Set-Cookie"):
        names.update(SimpleCookie(header).keys())
    return names


def test_only_the_session_cookie_is_ever_set(app, client):
    user = UserFactory()
    project = make_project()
    seen: set[str] = set()
    pages = [
        "/",
        "/projects",
        f"/projects/{project.id}",
        "/imprint",
        "/privacy",
        "/accessibility",
        "/events",
        "/open-data",
        "/login",
        "/register",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        seen |= cookie_names(response)
    # Switching the language, signing in (staying signed in for 30 days), a signed-in page,
    # signing out.
    switched = submit(client, "/imprint", {"lang": "en", "next": "/imprint"}, action="/language")
    seen |= cookie_names(switched)
    signed_in = submit(
        client, "/login", {"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    assert signed_in.status_code == 302
    seen |= cookie_names(signed_in)
    seen |= cookie_names(client.get("/account"))
    seen |= cookie_names(client.post("/logout", data={"csrf_token": csrf_token(client, "/")}))
    assert seen == {SESSION_COOKIE}
    for header in signed_in.headers.getlist("Set-Cookie"):
        assert "HttpOnly" in header and "SameSite=Lax" in header


def _photo_with_position() -> bytes:
    """A JPEG as a phone writes it: with the camera and the GPS position in its EXIF data."""
    exif = Image.Exif()
    exif[0x010F] = "GeheimKamera"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (51.0, 3.0, 12.5), 3: "E", 4: (13.0, 44.0, 1.0)})
    buffer = BytesIO()
    Image.new("RGB", (60, 40), "green").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_an_uploaded_photo_loses_its_gps_position(app, client):
    original = _photo_with_position()
    assert dict(Image.open(BytesIO(original)).getexif().get_ifd(GPS_IFD))  # the test's photo
    with app.test_request_context():
        stored = store_image(BytesIO(original), field="image")
    project = make_project(image_filename=stored, image_alt="Ein grünes Beet")

    response = client.get(f"/projects/{project.id}/image")
    served = response.get_data()
    response.close()
    assert response.status_code == 200
    image = Image.open(BytesIO(served))
    assert image.size == (60, 40)
    assert not image.getexif()
    assert not dict(image.getexif().get_ifd(GPS_IFD))
    assert b"GeheimKamera" not in served and b"Exif" not in served


def test_a_profile_shows_only_what_its_owner_made_public(client):
    private = UserFactory(
        display_name="Ruth Privat", about_markdown="x", about_html="<p>Meine Adresse</p>"
    )
    page = text_of(client.get(f"/users/{private.id}"))
    assert "Ruth Privat" in page
    assert "Meine Adresse" not in page and private.email not in page
    assert "Stadtrat" not in page
    db.session.get(User, private.id).profile_public = True
    db.session.commit()
    assert "Meine Adresse" in text_of(client.get(f"/users/{private.id}"))


def test_a_council_members_profile_is_public_by_role(client):
    member = make_council_member(display_name="Rätin Offen")
    member.council_profile.faction = "Fraktion Grünfläche"
    member.council_profile.committees = "Bauausschuss"
    member.about_html = "<p>Privates über mich</p>"
    db.session.commit()
    assert member.profile_public is False
    page = text_of(client.get(f"/users/{member.id}"))
    assert "Fraktion Grünfläche" in page and "Bauausschuss" in page
    assert "Privates über mich" not in page and member.email not in page


def test_the_open_data_names_no_e_mail_address_and_no_profile_text(client):
    person = UserFactory(
        about_markdown="Geheimer Text", about_html="<p>Geheimer Text</p>", profile_public=True
    )
    project = make_project(person)
    UserFactory(roles=[Role.COUNCIL_MEMBER])
    for url in (f"/api/v1/projects/{project.id}", "/api/v1/projects", "/open-data/projects.csv"):
        body = client.get(url).get_data(as_text=True)
        assert person.email not in body and "Geheimer Text" not in body, url
