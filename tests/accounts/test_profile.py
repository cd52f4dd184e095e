"""Profiles: public display name, everything else private unless chosen; council profiles."""

from __future__ import annotations

from civic.accounts.models import Role
from tests.factories import DistrictFactory, UserFactory
from tests.helpers import login, submit, text_of


def test_profile_is_private_by_default(client):
    user = UserFactory(display_name="Ida", about_markdown="geheim", about_html="<p>geheim</p>")
    page = text_of(client.get(f"/users/{user.id}"))
    assert "Ida" in page
    assert "geheim" not in page
    assert user.email not in page


def test_user_makes_the_about_text_public_and_markup_is_cleaned(client):
    user = UserFactory()
    login(client, user.email)
    response = submit(
        client,
        "/account/profile",
        {
            "display_name": "Ida Neu",
            "about": "Ich mag **Bäume** <script>alert(1)</script>",
            "profile_public": "y",
            "locale": "de",
        },
    )
    assert response.status_code == 302
    html = client.get(f"/users/{user.id}").get_data(as_text=True)
    assert "Ida Neu" in html
    assert "<strong>Bäume</strong>" in html
    assert "<script>alert(1)" not in html


def test_profile_form_errors_keep_the_text(client):
    user = UserFactory()
    login(client, user.email)
    response = submit(
        client,
        "/account/profile",
        {
            "display_name": "",
            "about": "Mein Text bleibt",
            "locale": "de",
        },
    )
    assert response.status_code == 200
    assert "Mein Text bleibt" in response.get_data(as_text=True)


def test_council_member_edits_her_public_profile(client):
    district = DistrictFactory(name="Neustadt")
    member = UserFactory(roles=[Role.COUNCIL_MEMBER], display_name="Rätin R")
    login(client, member.email)
    response = submit(
        client,
        f"/users/{member.id}/council-profile",
        {
            "faction": "Fraktion Grün",
            "committees": "Bauausschuss\nKulturausschuss",
            "expertise": "Radverkehr",
            "districts": [str(district.id)],
            "conflicts_of_interest": "Vorstand im Verein Elbgrün e. V.",
            "mentoring_open": "y",
            "mentor_capacity": "2",
        },
    )
    assert response.status_code == 302
    page = text_of(client.get(f"/users/{member.id}"))
    assert "Fraktion Grün" in page and "Kulturausschuss" in page and "Neustadt" in page
    assert "Vorstand im Verein Elbgrün e. V." in page
    mentor_page = text_of(client.get(f"/mentors/{member.id}"))
    assert "0 von 2 Plätzen belegt" in mentor_page


def test_council_profile_refuses_an_impossible_capacity(client):
    member = UserFactory(roles=[Role.COUNCIL_MEMBER])
    login(client, member.email)
    response = submit(
        client,
        f"/users/{member.id}/council-profile",
        {"faction": "Fraktion Grün", "mentor_capacity": "500", "expertise": "Radverkehr"},
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "0 bis 50" in page and "Radverkehr" in page


def test_nobody_can_declare_themselves_a_council_member(client):
    citizen = UserFactory()
    login(client, citizen.email)
    assert client.get(f"/users/{citizen.id}/council-profile").status_code == 403
    other = UserFactory(roles=[Role.COUNCIL_MEMBER])
    assert client.get(f"/users/{other.id}/council-profile").status_code == 403


def test_unknown_and_unconfirmed_profiles_are_not_found(client):
    hidden = UserFactory(unverified=True)
    assert client.get(f"/users/{hidden.id}").status_code == 404
    assert client.get("/users/999999").status_code == 404


def test_absurd_ids_are_simply_not_found(client):
    assert client.get("/users/99999999999999999999999").status_code == 404
    assert client.get("/users/-1").status_code == 404
