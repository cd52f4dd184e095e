"""Finding a mentor through the site: the public list of mentors and a mentor's page, asking
and offering, answering, withdrawing and ending, the mentoring page of a project, the mentor
dashboard, who may do what, and a fixed number of queries per page.

Each test drives the site with the test client as the people concerned would, reading the
pages in English, and checks what they would notice: what a page says, where a button leads,
who receives a mail."""

from __future__ import annotations

import re

import pytest
from flask import Response
from sqlalchemy import select

from civic.accounts.models import Role, User
from civic.db import db
from civic.mentoring.models import Mentorship
from civic.mentoring.workflow import MentorshipStatus, Origin
from civic.projects.models import Project
from civic.projects.workflow import ProjectState
from tests.factories import (
    DistrictFactory,
    TopicFactory,
    UserFactory,
    add_mentor,
    make_council_member,
    make_project,
)
from tests.helpers import browser, fresh, post, submit, text_of

# --- helpers ----------------------------------------------------------------------------------


def council_member(
    name,
    *,
    faction="Fraktion Test",
    districts=(),
    topics=(),
    expertise="",
    committees="",
    conflicts="",
    capacity=3,
    mentoring_open=True,
):
    """A council member with a filled-in public profile."""
    user = make_council_member(capacity=capacity, display_name=name)
    profile = user.council_profile
    profile.faction = faction
    profile.districts = list(districts)
    profile.topics = list(topics)
    profile.expertise = expertise
    profile.committees = committees
    profile.conflicts_of_interest = conflicts
    profile.mentoring_open = mentoring_open
    db.session.commit()
    return user


def section(response, title_id):
    """The text of the page's section labelled by the heading ``title_id``."""
    html = response.get_data(as_text=True)
    match = re.search(
        rf'<section aria-labelledby="{title_id}"[^>]*>(.*?)</section>', html, flags=re.S
    )
    assert match, f"no section {title_id} on the page"
    return text_of(Response(match.group(1)))


def mentorships_of(project):
    """The project's mentorships as the database has them now (``project`` or its id)."""
    project_id = getattr(project, "id", project)
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Mentorship).where(Mentorship.project_id == project_id).order_by(Mentorship.id)
        )
    )


def only_mentorship(project):
    rows = mentorships_of(project)
    assert len(rows) == 1, rows
    return rows[0]


def recipients(mailbox):
    return sorted(message["To"] for message in mailbox.messages)


def emails(*users):
    return sorted(user.email for user in users)


def is_login_redirect(response):
    return response.status_code == 302 and "/login" in response.location


def ask(client, mentor, project, message="Wir brauchen Hilfe beim Antrag."):
    """The signed-in team member asks ``mentor`` on the mentor's page."""
    return submit(client, f"/mentors/{mentor.id}", {"project": project.id, "message": message})


def offer(client, project, message="Ich kenne das Amt für Stadtgrün gut."):
    """The signed-in council member offers to mentor ``project``."""
    url = f"/projects/{project.id}/mentoring/offer"
    return submit(client, url, {"message": message})


# --- the public list --------------------------------------------------------------------------


def test_the_list_shows_council_members_with_their_profile_and_load(app):
    pieschen, neustadt = DistrictFactory(name="Pieschen"), DistrictFactory(name="Neustadt")
    traffic = TopicFactory(name_en="Traffic")
    anna = council_member(
        "Anna Berg",
        faction="Grüne",
        districts=[pieschen, neustadt],
        topics=[traffic],
        expertise="Verkehrsplanung\nFördermittel",
        conflicts="Vorstand im Radverein Pieschen",
        capacity=2,
    )
    add_mentor(make_project(), anna)
    bernd = council_member("Bernd Clausen", faction="CDU", capacity=1)
    add_mentor(make_project(), bernd)
    council_member("Carla Dietz", mentoring_open=False)
    UserFactory(display_name="Dora Bürgerin")

    response = browser(app).get("/mentors")
    assert response.status_code == 200
    page = text_of(response)
    assert "2 mentors" in page
    assert "Carla Dietz" not in page  # takes on no projects
    assert "Dora Bürgerin" not in page  # not on the council
    anna_card, bernd_card = page.split("Anna Berg")[1].split("Bernd Clausen")
    assert "Grüne" in anna_card
    assert "Districts: Neustadt, Pieschen" in anna_card
    assert "Topics: Traffic" in anna_card
    assert "Expertise: Verkehrsplanung, Fördermittel" in anna_card
    assert "Conflicts of interest: Vorstand im Radverein Pieschen" in anna_card
    assert "1 of 2 places taken" in anna_card and "no free place" not in anna_card
    assert "CDU" in bernd_card
    assert "Districts: not stated" in bernd_card
    assert "Conflicts of interest: none declared" in bernd_card
    assert "1 of 1 places taken · no free place at the moment" in bernd_card


def test_the_list_links_to_the_mentor_page_with_all_facts(app):
    anna = council_member(
        "Anna Berg",
        faction="Grüne",
        districts=[DistrictFactory(name="Pieschen")],
        topics=[TopicFactory(name_de="Verkehr", name_en="Traffic")],
        committees="Bauausschuss\nKulturausschuss",
        conflicts="Vorstand im Radverein Pieschen",
    )
    mentored = make_project(title="Radwerkstatt Pieschen")
    add_mentor(mentored, anna)
    client = browser(app)
    assert f'href="/mentors/{anna.id}"' in client.get("/mentors").get_data(as_text=True)

    page = text_of(client.get(f"/mentors/{anna.id}"))
    assert "Member of the city council, Grüne" in page
    assert "Committees Bauausschuss, Kulturausschuss" in page
    assert "Districts Pieschen" in page
    assert "Topics Traffic" in page  # in the reader's language
    assert "Declared conflicts of interest Vorstand im Radverein Pieschen" in page
    assert "Capacity 1 of 3 places taken" in page
    assert "Projects mentored now Radwerkstatt Pieschen" in page
    # A visitor is asked to sign in before asking.
    assert "Sign in to ask for mentorship for your project." in page


def test_the_list_filters_by_district_topic_expertise_and_free_place(app):
    pieschen, neustadt = DistrictFactory(slug="pieschen"), DistrictFactory(slug="neustadt")
    traffic, culture = TopicFactory(slug="verkehr"), TopicFactory(slug="kultur")
    council_member("Anna Berg", districts=[pieschen], topics=[traffic], expertise="Verkehrsplanung")
    council_member(
        "Bernd Clausen",
        districts=[neustadt],
        topics=[culture],
        committees="Kulturausschuss",
        capacity=1,
    )
    full = council_member("Carla Dietz", districts=[pieschen], topics=[culture], capacity=1)
    add_mentor(make_project(), full)
    client = browser(app)

    def listed(query):
        response = client.get("/mentors" + query)
        assert response.status_code == 200
        page = text_of(response)
        return {name for name in ("Anna Berg", "Bernd Clausen", "Carla Dietz") if name in page}

    assert listed("") == {"Anna Berg", "Bernd Clausen", "Carla Dietz"}
    assert listed("?district=pieschen") == {"Anna Berg", "Carla Dietz"}
    assert listed("?topic=kultur") == {"Bernd Clausen", "Carla Dietz"}
    assert listed("?district=pieschen&topic=kultur") == {"Carla Dietz"}
    # Expertise: any part of a word, in any case; committees count as expertise too.
    assert listed("?expertise=VERKEHR") == {"Anna Berg"}
    assert listed("?expertise=planung") == {"Anna Berg"}
    assert listed("?expertise=kultur") == {"Bernd Clausen"}
    assert listed("?free=1") == {"Anna Berg", "Bernd Clausen"}
    assert listed("?free=1&district=pieschen") == {"Anna Berg"}

    page = text_of(client.get("/mentors?district=neustadt&topic=verkehr"))
    assert "0 mentors" in page
    assert "No mentor matches these filters." in page and "Show all mentors" in page
    # The chosen filters stay chosen.
    html = client.get("/mentors?district=pieschen&expertise=Verkehr&free=1").get_data(as_text=True)
    assert '<option value="pieschen" selected>' in html
    assert 'name="expertise" value="Verkehr"' in html
    assert 'value="1" checked' in html


def test_without_any_mentor_the_list_says_so(app):
    council_member("Carla Dietz", mentoring_open=False)
    page = text_of(browser(app).get("/mentors"))
    assert "No council member offers mentoring yet." in page
    assert "Carla Dietz" not in page


def test_the_list_is_paginated_and_keeps_the_filters(app):
    for number in range(21):
        council_member(f"Mentor {number:02d}", expertise="Bauplanung")
    council_member("Zora Ohne", expertise="Kultur")
    client = browser(app)
    response = client.get("/mentors?expertise=bau")
    first = text_of(response)
    assert "21 mentors" in first and "Page 1 of 2" in first
    assert "Mentor 19" in first and "Mentor 20" not in first
    next_page = re.search(r'href="([^"]+)" rel="next"', response.get_data(as_text=True))
    assert next_page
    second = text_of(client.get(next_page.group(1).replace("&amp;", "&")))
    assert "Page 2 of 2" in second
    assert "Mentor 20" in second and "Mentor 00" not in second
    assert "Zora Ohne" not in second  # the filter still applies


@pytest.mark.parametrize(
    "query",
    [
        "?district=%00",
        "?topic=%00kultur",
        "?district=" + "x" * 5000,
        "?page=abc",
        "?page=-1",
        "?page=%C2%B2",
        "?page=99999999999999999999",
        "?expertise=" + "Verkehr " * 1000,
        "?expertise=%00",
        "?expertise=%25%25",
        "?expertise=_",
        "?free=yes",
        "?district=pieschen&district=neustadt",
    ],
)
def test_odd_query_strings_never_break_the_list(app, query):
    council_member("Anna Berg", districts=[DistrictFactory(slug="pieschen")])
    response = browser(app).get("/mentors" + query)
    assert response.status_code == 200
    assert "Mentors from the city council" in text_of(response)


def test_a_long_expertise_filter_is_cut_not_refused(app):
    council_member("Anna Berg", expertise="Verkehrsplanung")
    page = text_of(browser(app).get("/mentors?expertise=" + "verkehr" + "x" * 5000))
    assert "No mentor matches these filters." in page


def test_only_council_members_have_a_mentor_page(app):
    client = browser(app)
    citizen = UserFactory()
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    gone = council_member("Egon Fort")
    gone.is_active = False
    db.session.commit()
    for user_id in (citizen.id, coordinator.id, gone.id, 99_999_999):
        assert client.get(f"/mentors/{user_id}").status_code == 404
    assert client.get("/mentors/abc").status_code == 404


def test_a_council_member_who_takes_on_nothing_cannot_be_asked(app):
    carla = council_member("Carla Dietz", mentoring_open=False)
    initiator = UserFactory()
    project = make_project(initiator)
    client = browser(app, initiator)
    response = client.get(f"/mentors/{carla.id}")
    assert response.status_code == 200
    assert "Carla Dietz takes on no projects at the moment." in text_of(response)
    assert "Ask for mentorship" not in text_of(response)
    # A form sent anyway (from a page opened before she closed) creates nothing.
    response = submit(
        client,
        "/imprint",
        {"project": project.id, "message": "Bitte!"},
        action=f"/mentors/{carla.id}",
    )
    assert "Carla Dietz takes on no projects at the moment." in text_of(response)
    assert response.status_code == 200
    assert mentorships_of(project) == []


# --- asking and accepting ---------------------------------------------------------------------


def test_a_team_asks_a_mentor_who_accepts(app, mailbox):
    pieschen = DistrictFactory(name="Pieschen")
    anna = council_member("Anna Berg", faction="Grüne", districts=[pieschen])
    initiator = UserFactory(display_name="Ida Initiatorin")
    member = UserFactory()
    project = make_project(
        initiator, members=[member], title="Werkzeugbibliothek Pieschen", districts=[pieschen]
    )
    make_project(initiator, title="Mein Entwurf", state=ProjectState.DRAFT)
    team = browser(app, initiator)

    html = team.get(f"/mentors/{anna.id}").get_data(as_text=True)
    assert f'<option value="{project.id}">Werkzeugbibliothek Pieschen</option>' in html
    assert "Mein Entwurf" not in html  # drafts cannot ask
    response = ask(team, anna, project)
    assert response.status_code == 302
    assert response.location.endswith(f"/projects/{project.id}/mentoring")

    # The mentor gets a mail with the message and the way to the dashboard.
    assert recipients(mailbox) == emails(anna)
    body = mailbox.body(mailbox.last_to(anna.email))
    assert "Wir brauchen Hilfe beim Antrag." in body
    assert "http://localhost/mentoring" in body

    # The team sees the request waiting, and can withdraw but not accept it.
    page = team.get(response.location)
    assert "Your request has been sent to Anna Berg." in text_of(page)
    pending = section(page, "pending-title")
    assert "Ida Initiatorin asked Anna Berg for mentorship." in pending
    assert "Wir brauchen Hilfe beim Antrag." in pending
    assert "Withdraw request" in pending and "Accept" not in pending
    assert "The project has no mentor yet." in section(page, "active-title")
    # The mentor cannot be asked twice for the same project.
    assert "Werkzeugbibliothek Pieschen" not in team.get(f"/mentors/{anna.id}").get_data(
        as_text=True
    )

    # The mentor finds it on the dashboard and accepts.
    desk = browser(app, anna)
    dashboard = desk.get("/mentoring")
    waiting = section(dashboard, "waiting-title")
    assert "Ida Initiatorin asks you to mentor “Werkzeugbibliothek Pieschen”." in waiting
    assert "Accept" in waiting and "Decline" in waiting
    assert "You do not mentor a project yet." in section(dashboard, "mine-title")
    mailbox.clear()
    mentorship = only_mentorship(project)
    response = post(desk, f"/mentorships/{mentorship.id}/accept")
    assert response.status_code == 302 and response.location.endswith("/mentoring")
    assert only_mentorship(project).status is MentorshipStatus.ACTIVE

    dashboard = desk.get("/mentoring")
    assert "The mentorship has begun." in text_of(dashboard)
    assert "No request is waiting for you." in section(dashboard, "waiting-title")
    assert "Werkzeugbibliothek Pieschen" in section(dashboard, "mine-title")
    assert "1 of 3 places taken" in text_of(dashboard)

    # The team hears it by mail, with the way into the workspace.
    assert recipients(mailbox) == emails(initiator, member)
    assert f"http://localhost/projects/{project.id}/workspace" in mailbox.body(
        mailbox.last_to(member.email)
    )

    # Everyone sees the mentor on the project page, and the timeline tells it.
    visitor = browser(app)
    page = visitor.get(f"/projects/{project.id}")
    assert "Anna Berg (Grüne)" in section(page, "mentors-title")
    assert "Anna Berg mentors the project" in section(page, "timeline-title")
    # The list and the mentor page show the new load.
    assert "1 of 3 places taken" in text_of(visitor.get("/mentors"))
    mentor_page = text_of(visitor.get(f"/mentors/{anna.id}"))
    assert "Projects mentored now Werkzeugbibliothek Pieschen" in mentor_page
    # The team's mentoring page shows the mentor, and nothing waits.
    page = team.get(f"/projects/{project.id}/mentoring")
    assert "Anna Berg (Grüne)" in section(page, "active-title")
    assert "No request or offer is waiting." in section(page, "pending-title")


def test_asking_needs_a_message_and_keeps_the_choice(app):
    anna = council_member("Anna Berg")
    initiator = UserFactory()
    make_project(initiator, title="Aaa Projekt")
    project = make_project(initiator, title="Zzz Projekt")
    team = browser(app, initiator)
    response = ask(team, anna, project, message="   ")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="message-error"' in html
    assert "Please write a short message." in text_of(response)
    assert f'<option selected value="{project.id}">Zzz Projekt</option>' in html
    assert mentorships_of(project) == []


def test_a_project_of_someone_else_cannot_be_slipped_into_the_form(app):
    anna = council_member("Anna Berg")
    initiator = UserFactory()
    make_project(initiator)
    foreign = make_project()
    response = ask(browser(app, initiator), anna, foreign)
    assert response.status_code == 200
    assert 'id="project-error"' in response.get_data(as_text=True)
    assert mentorships_of(foreign) == []


def test_someone_without_a_project_cannot_post_a_request(app):
    anna = council_member("Anna Berg")
    project = make_project()
    client = browser(app, UserFactory())
    page = text_of(client.get(f"/mentors/{anna.id}"))
    assert "None of your projects can ask Anna Berg at the moment" in page
    assert ask(client, anna, project).status_code == 403
    assert mentorships_of(project) == []


# --- offering, accepting, declining -----------------------------------------------------------


def test_a_council_member_offers_and_the_team_accepts(app, mailbox):
    anna = council_member("Anna Berg", faction="Grüne")
    initiator, member = UserFactory(), UserFactory()
    project = make_project(initiator, members=[member], title="Gemeinschaftsgarten Hecht")
    desk = browser(app, anna)

    project_page = text_of(desk.get(f"/projects/{project.id}"))
    assert "Offer to mentor this project" in project_page
    form = text_of(desk.get(f"/projects/{project.id}/mentoring/offer"))
    assert "Offer to mentor “Gemeinschaftsgarten Hecht”" in form
    assert "Your places: 0 of 3 taken." in form
    response = offer(desk, project)
    assert response.status_code == 302 and response.location.endswith("/mentoring")

    dashboard = desk.get("/mentoring")
    assert "Your offer has been sent to the team." in text_of(dashboard)
    waiting = section(dashboard, "waiting-title")
    assert "Your offers waiting for the team" in waiting
    assert "Gemeinschaftsgarten Hecht" in waiting and "Withdraw request" in waiting
    assert recipients(mailbox) == emails(initiator, member)
    assert "Ich kenne das Amt für Stadtgrün gut." in mailbox.body(mailbox.last_to(member.email))
    assert f"http://localhost/projects/{project.id}/mentoring" in mailbox.body(
        mailbox.last_to(member.email)
    )

    # Anyone on the team may answer.
    team = browser(app, member)
    page = team.get(f"/projects/{project.id}/mentoring")
    pending = section(page, "pending-title")
    assert "Anna Berg offers to mentor the project." in pending
    assert "Ich kenne das Amt für Stadtgrün gut." in pending
    assert "Accept" in pending and "Decline" in pending and "Withdraw" not in pending
    mailbox.clear()
    mentorship = only_mentorship(project)
    response = post(team, f"/mentorships/{mentorship.id}/accept")
    assert response.status_code == 302
    assert response.location.endswith(f"/projects/{project.id}/mentoring")
    page = team.get(response.location)
    assert "The mentorship has begun." in text_of(page)
    assert "Anna Berg (Grüne)" in section(page, "active-title")
    assert recipients(mailbox) == emails(anna)
    assert "Anna Berg (Grüne)" in section(team.get(f"/projects/{project.id}"), "mentors-title")
    # A mentor does not offer twice.
    assert "Offer to mentor this project" not in text_of(desk.get(f"/projects/{project.id}"))
    assert desk.get(f"/projects/{project.id}/mentoring/offer").status_code == 403


def test_the_team_declines_an_offer_with_a_note_that_is_mailed(app, mailbox):
    anna = council_member("Anna Berg")
    initiator = UserFactory(display_name="Ida Initiatorin")
    project = make_project(initiator, title="Gemeinschaftsgarten Hecht")
    desk = browser(app, anna)
    offer(desk, project)
    mentorship = only_mentorship(project)
    mailbox.clear()

    team = browser(app, initiator)
    url = f"/mentorships/{mentorship.id}/decline"
    page = text_of(team.get(url))
    assert "Decline mentorship" in page
    assert "Project: Gemeinschaftsgarten Hecht · Mentor: Anna Berg" in page
    assert "Ich kenne das Amt für Stadtgrün gut." in page
    response = submit(team, url, {"note": "Wir haben schon eine Mentorin gefunden."})
    assert response.status_code == 302
    assert response.location.endswith(f"/projects/{project.id}/mentoring")

    assert only_mentorship(project).status is MentorshipStatus.DECLINED
    assert recipients(mailbox) == emails(anna)
    assert "Wir haben schon eine Mentorin gefunden." in mailbox.body(mailbox.last_to(anna.email))
    page = team.get(response.location)
    assert "You have declined. The other side is told by e-mail." in text_of(page)
    assert "No request or offer is waiting." in section(page, "pending-title")
    past = section(page, "past-title")
    assert "Anna Berg" in past and "Declined" in past
    assert "Reason: Wir haben schon eine Mentorin gefunden." in past
    assert "Your offers waiting for the team" not in text_of(desk.get("/mentoring"))
    # Nothing is left to answer.
    assert team.get(url).status_code == 403


def test_the_mentor_declines_a_request_without_a_note(app, mailbox):
    anna = council_member("Anna Berg")
    initiator = UserFactory()
    project = make_project(initiator)
    ask(browser(app, initiator), anna, project)
    mentorship = only_mentorship(project)
    mailbox.clear()
    desk = browser(app, anna)
    response = submit(desk, f"/mentorships/{mentorship.id}/decline", {"note": ""})
    assert response.status_code == 302 and response.location.endswith("/mentoring")
    assert only_mentorship(project).status is MentorshipStatus.DECLINED
    assert recipients(mailbox) == emails(initiator)
    assert "No request is waiting for you." in section(desk.get("/mentoring"), "waiting-title")
    assert "0 of 3 places taken" in text_of(browser(app).get("/mentors"))


# --- withdrawing and ending -------------------------------------------------------------------


def test_the_team_withdraws_its_request(app, mailbox):
    anna = council_member("Anna Berg")
    initiator = UserFactory()
    project = make_project(initiator, title="Werkzeugbibliothek Pieschen")
    team = browser(app, initiator)
    ask(team, anna, project)
    mentorship = only_mentorship(project)

    response = post(team, f"/mentorships/{mentorship.id}/withdraw")
    assert response.status_code == 302
    assert response.location.endswith(f"/projects/{project.id}/mentoring")
    assert only_mentorship(project).status is MentorshipStatus.WITHDRAWN
    page = team.get(response.location)
    assert "The request is withdrawn." in text_of(page)
    assert "No request or offer is waiting." in section(page, "pending-title")
    assert "Withdrawn" in section(page, "past-title")
    assert "No request is waiting for you." in section(
        browser(app, anna).get("/mentoring"), "waiting-title"
    )
    # The team may ask again later.
    assert "Werkzeugbibliothek Pieschen" in team.get(f"/mentors/{anna.id}").get_data(as_text=True)
    assert ask(team, anna, project).status_code == 302
    assert [m.status for m in mentorships_of(project)] == [
        MentorshipStatus.WITHDRAWN,
        MentorshipStatus.PENDING,
    ]


def test_the_mentor_withdraws_an_offer(app):
    anna = council_member("Anna Berg")
    project = make_project(title="Gemeinschaftsgarten Hecht")
    desk = browser(app, anna)
    offer(desk, project)
    response = post(desk, f"/mentorships/{only_mentorship(project).id}/withdraw")
    assert response.status_code == 302 and response.location.endswith("/mentoring")
    assert only_mentorship(project).status is MentorshipStatus.WITHDRAWN
    assert "Your offers waiting for the team" not in text_of(desk.get("/mentoring"))


def test_ending_a_mentorship_needs_a_reason(app, mailbox):
    anna = council_member("Anna Berg", faction="Grüne")
    initiator, member = UserFactory(display_name="Ida Initiatorin"), UserFactory()
    project = make_project(initiator, members=[member], title="Radwerkstatt")
    mentorship = add_mentor(project, anna)
    team = browser(app, initiator)
    page = team.get(f"/projects/{project.id}/mentoring")
    assert f'href="/mentorships/{mentorship.id}/end"' in page.get_data(as_text=True)

    url = f"/mentorships/{mentorship.id}/end"
    page = text_of(team.get(url))
    assert "Do you really want to end the mentorship of Anna Berg for “Radwerkstatt”?" in page
    for reason in ("", "   "):
        response = submit(team, url, {"reason": reason})
        assert response.status_code == 200
        assert 'id="reason-error"' in response.get_data(as_text=True)
        assert "Please write a short message." in text_of(response)
    too_long = "Zu lang. " * 250
    response = submit(team, url, {"reason": too_long})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="reason-error"' in html
    assert too_long.strip() in html  # what was typed is kept
    assert only_mentorship(project).status is MentorshipStatus.ACTIVE
    assert mailbox.messages == []
    assert "Anna Berg (Grüne)" in section(team.get(f"/projects/{project.id}"), "mentors-title")

    response = submit(team, url, {"reason": "Das Projekt braucht jetzt andere Hilfe."})
    assert response.status_code == 302
    assert response.location.endswith(f"/projects/{project.id}/mentoring")
    assert only_mentorship(project).status is MentorshipStatus.ENDED
    assert "The mentorship has ended." in text_of(team.get(response.location))
    # The mentor and the rest of the team read the reason in a mail.
    assert recipients(mailbox) == emails(anna, member)
    assert "Das Projekt braucht jetzt andere Hilfe." in mailbox.body(mailbox.last_to(anna.email))

    # The mentor is gone from the project page; the timeline tells the end and why.
    page = team.get(f"/projects/{project.id}")
    assert "The project has no mentor yet." in section(page, "mentors-title")
    assert "Anna Berg" not in section(page, "mentors-title")
    timeline = section(page, "timeline-title")
    assert "The mentorship of Anna Berg ended" in timeline
    assert "Das Projekt braucht jetzt andere Hilfe." in timeline
    visitor = browser(app)
    assert 'aria-labelledby="mentors-title"' not in visitor.get(f"/projects/{project.id}").get_data(
        as_text=True
    )
    # The place is free again, and the mentor's dashboard no longer lists the project.
    assert "0 of 3 places taken" in text_of(visitor.get("/mentors"))
    mine = section(browser(app, anna).get("/mentoring"), "mine-title")
    assert "Radwerkstatt" not in mine
    # Ending twice is not possible.
    assert team.get(url).status_code == 403


def test_the_mentor_ends_from_their_side(app):
    anna = council_member("Anna Berg")
    project = make_project(title="Radwerkstatt")
    mentorship = add_mentor(project, anna)
    desk = browser(app, anna)
    response = submit(desk, f"/mentorships/{mentorship.id}/end", {"reason": "Keine Zeit mehr."})
    assert response.status_code == 302 and response.location.endswith("/mentoring")
    assert "Radwerkstatt" not in section(desk.get("/mentoring"), "mine-title")
    # Once ended, the former mentor no longer sees the project's mentoring page.
    assert desk.get(f"/projects/{project.id}/mentoring").status_code == 403


# --- capacity -----------------------------------------------------------------------------------


def test_a_mentor_at_full_capacity_cannot_be_asked(app):
    anna = council_member("Anna Berg", capacity=1)
    add_mentor(make_project(), anna)
    initiator = UserFactory()
    project = make_project(initiator)
    team = browser(app, initiator)
    assert "1 of 1 places taken · no free place at the moment" in text_of(
        team.get(f"/mentors/{anna.id}")
    )
    response = ask(team, anna, project)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="project-error"' in html
    assert (
        "Anna Berg cannot take on another project at the moment (1 of 1 places taken)."
        in text_of(response)
    )
    assert "Wir brauchen Hilfe beim Antrag." in html  # the message is kept
    assert mentorships_of(project) == []


def test_a_full_mentor_cannot_offer_either(app):
    anna = council_member("Anna Berg", capacity=1)
    add_mentor(make_project(), anna)
    project = make_project()
    response = offer(browser(app, anna), project)
    assert response.status_code == 200
    assert "Anna Berg cannot take on another project at the moment" in text_of(response)
    assert mentorships_of(project) == []


def test_accepting_when_full_shows_an_error_and_leaves_the_request_open(app):
    anna = council_member("Anna Berg", capacity=1)
    initiator = UserFactory()
    project = make_project(initiator, title="Werkzeugbibliothek Pieschen")
    ask(browser(app, initiator), anna, project)
    mentorship_id = only_mentorship(project).id
    add_mentor(make_project(), fresh(User, anna.id))  # the last place is taken meanwhile

    desk = browser(app, anna)
    response = post(desk, f"/mentorships/{mentorship_id}/accept")
    assert response.status_code == 302 and response.location.endswith("/mentoring")
    dashboard = desk.get("/mentoring")
    assert "Anna Berg has no free place for another project; the request stays open." in text_of(
        dashboard
    )
    assert "The mentorship has begun." not in text_of(dashboard)
    assert "Werkzeugbibliothek Pieschen" in section(dashboard, "waiting-title")
    assert only_mentorship(project).status is MentorshipStatus.PENDING
    assert "1 of 1 places taken" in text_of(dashboard)


# --- who may do what ----------------------------------------------------------------------------


@pytest.fixture
def pending_request(app):
    """A team asked Anna; the request waits for her answer."""
    anna = council_member("Anna Berg")
    initiator, member = UserFactory(), UserFactory()
    project = make_project(initiator, members=[member])
    ask(browser(app, initiator), anna, project)
    return only_mentorship(project).id, project.id, anna, initiator, member


def test_the_mentoring_page_of_a_project_is_for_the_team_mentors_and_coordinators(app):
    initiator = UserFactory()
    project = make_project(initiator)
    anna = council_member("Anna Berg")
    add_mentor(project, anna)
    url = f"/projects/{project.id}/mentoring"

    assert is_login_redirect(browser(app).get(url))
    for outsider in (UserFactory(), council_member("Bernd Clausen")):
        assert browser(app, outsider).get(url).status_code == 403
    for insider in (initiator, anna, UserFactory(roles=[Role.COORDINATOR])):
        assert browser(app, insider).get(url).status_code == 200
    draft = make_project(initiator, state=ProjectState.DRAFT)
    assert browser(app, UserFactory()).get(f"/projects/{draft.id}/mentoring").status_code == 404
    assert browser(app, initiator).get("/projects/99999999/mentoring").status_code == 404


def test_only_the_answering_side_accepts_or_declines(app, pending_request):
    mentorship_id, project_id, anna, initiator, member = pending_request
    accept = f"/mentorships/{mentorship_id}/accept"
    decline = f"/mentorships/{mentorship_id}/decline"
    for user in (initiator, member, UserFactory(), council_member("Bernd Clausen")):
        client = browser(app, user)
        assert post(client, accept).status_code == 403
        assert client.get(decline).status_code == 403
        assert post(client, decline, {"note": "Nein"}).status_code == 403
    visitor = browser(app)
    assert is_login_redirect(post(visitor, accept))
    assert is_login_redirect(visitor.get(decline))
    assert only_mentorship(project_id).status is MentorshipStatus.PENDING
    assert post(browser(app, anna), "/mentorships/99999999/accept").status_code == 404


def test_only_the_asking_side_withdraws(app, pending_request):
    mentorship_id, project_id, anna, _initiator, member = pending_request
    url = f"/mentorships/{mentorship_id}/withdraw"
    for user in (anna, UserFactory()):
        assert post(browser(app, user), url).status_code == 403
    assert is_login_redirect(post(browser(app), url))
    assert only_mentorship(project_id).status is MentorshipStatus.PENDING
    # Anyone on the team may withdraw the team's request.
    assert post(browser(app, member), url).status_code == 302
    assert only_mentorship(project_id).status is MentorshipStatus.WITHDRAWN


def test_only_the_two_sides_and_coordinators_end_a_mentorship(app):
    project = make_project()
    mentorship = add_mentor(project, council_member("Anna Berg"))
    url = f"/mentorships/{mentorship.id}/end"
    for outsider in (UserFactory(), council_member("Bernd Clausen")):
        client = browser(app, outsider)
        assert client.get(url).status_code == 403
        assert submit(client, "/imprint", {"reason": "Weg damit"}, action=url).status_code == 403
    assert is_login_redirect(browser(app).get(url))
    assert only_mentorship(project).status is MentorshipStatus.ACTIVE
    coordinator = browser(app, UserFactory(roles=[Role.COORDINATOR]))
    assert submit(coordinator, url, {"reason": "Auf Wunsch beider Seiten."}).status_code == 302
    assert only_mentorship(project).status is MentorshipStatus.ENDED


def test_the_dashboard_and_offers_are_for_council_members(app):
    initiator = UserFactory()
    project = make_project(initiator)
    offer_url = f"/projects/{project.id}/mentoring/offer"
    assert is_login_redirect(browser(app).get("/mentoring"))
    assert is_login_redirect(browser(app).get(offer_url))
    for user in (UserFactory(), UserFactory(roles=[Role.COORDINATOR]), initiator):
        client = browser(app, user)
        assert client.get("/mentoring").status_code == 403
        assert client.get(offer_url).status_code == 403
        assert "Offer to mentor this project" not in text_of(client.get(f"/projects/{project.id}"))
    assert browser(app, initiator).get("/mentoring").status_code == 403
    # A council member on the team does not offer to mentor the own project.
    anna = council_member("Anna Berg")
    own = make_project(anna)
    assert browser(app, anna).get(f"/projects/{own.id}/mentoring/offer").status_code == 403
    # Closed projects need no mentor; drafts are not there for outsiders.
    done = make_project(state=ProjectState.COMPLETED)
    assert browser(app, anna).get(f"/projects/{done.id}/mentoring/offer").status_code == 403
    draft = make_project(state=ProjectState.DRAFT)
    assert browser(app, anna).get(f"/projects/{draft.id}/mentoring/offer").status_code == 404
    assert mentorships_of(project) == []


def test_posts_without_a_csrf_token_are_refused(app, pending_request):
    mentorship_id, project_id, anna, initiator, _member = pending_request
    desk, team = browser(app, anna), browser(app, initiator)
    other = make_project(initiator)
    elsewhere = make_project()
    refused = [
        desk.post(f"/mentorships/{mentorship_id}/accept"),
        desk.post(f"/mentorships/{mentorship_id}/decline", data={"note": "Nein"}),
        team.post(f"/mentorships/{mentorship_id}/withdraw"),
        team.post(f"/mentors/{anna.id}", data={"project": other.id, "message": "Hallo"}),
        desk.post(f"/projects/{elsewhere.id}/mentoring/offer", data={"message": "Hallo"}),
    ]
    assert [response.status_code for response in refused] == [400] * len(refused)
    assert only_mentorship(project_id).status is MentorshipStatus.PENDING
    assert mentorships_of(other) == [] and mentorships_of(elsewhere) == []
    active = add_mentor(make_project(), fresh(User, anna.id))
    response = desk.post(f"/mentorships/{active.id}/end", data={"reason": "Keine Zeit"})
    assert response.status_code == 400
    assert only_mentorship(active.project_id).status is MentorshipStatus.ACTIVE


# --- the dashboard ------------------------------------------------------------------------------


def test_the_dashboard_lists_unmentored_projects_in_my_districts(app):
    pieschen, neustadt = DistrictFactory(name="Pieschen"), DistrictFactory(name="Neustadt")
    anna = council_member("Anna Berg", districts=[pieschen])
    first = make_project(title="Ohne Mentor in Pieschen", districts=[pieschen])
    make_project(title="Ohne Mentor in Neustadt", districts=[neustadt])
    make_project(title="Beides", districts=[neustadt, pieschen])
    add_mentor(make_project(title="Mit Mentor in Pieschen", districts=[pieschen]))
    make_project(title="Entwurf in Pieschen", districts=[pieschen], state=ProjectState.DRAFT)
    make_project(title="Fertig in Pieschen", districts=[pieschen], state=ProjectState.COMPLETED)
    pending = make_project(title="Angefragt in Pieschen", districts=[pieschen])
    db.session.add(
        Mentorship(
            project_id=pending.id,
            mentor_id=council_member("Bernd Clausen").id,
            origin=Origin.MENTOR,
            asked_by_id=pending.memberships[0].user_id,
        )
    )
    db.session.commit()

    desk = browser(app, anna)
    unmentored = section(desk.get("/mentoring"), "unmentored-title")
    assert "Ohne Mentor in Pieschen" in unmentored and "Beides" in unmentored
    assert "Angefragt in Pieschen" in unmentored  # a pending offer is no mentor yet
    for title in (
        "Ohne Mentor in Neustadt",
        "Mit Mentor in Pieschen",
        "Entwurf in Pieschen",
        "Fertig in Pieschen",
    ):
        assert title not in unmentored
    assert "Offer mentorship" in unmentored

    # Once Anna mentors a project there, it moves to the projects she mentors.
    add_mentor(fresh(Project, first.id), fresh(User, anna.id))
    dashboard = desk.get("/mentoring")
    assert "Ohne Mentor in Pieschen" not in section(dashboard, "unmentored-title")
    assert "Ohne Mentor in Pieschen" in section(dashboard, "mine-title")


def test_a_dashboard_without_districts_asks_for_them(app):
    anna = council_member("Anna Berg")
    make_project()
    page = text_of(browser(app, anna).get("/mentoring"))
    assert "Your profile names no districts yet." in page


# --- a fixed number of queries --------------------------------------------------------------------


def _queries(client, url, count_queries):
    client.get(url)  # warm up: the first request loads what every page needs
    count_queries.statements.clear()
    assert client.get(url).status_code == 200
    return list(count_queries.statements)


def test_the_mentor_list_needs_a_fixed_number_of_queries(app, count_queries):
    def build(n):
        for _ in range(n):
            mentor = council_member(
                "Mentor",
                districts=[DistrictFactory(), DistrictFactory()],
                topics=[TopicFactory(), TopicFactory()],
                expertise="Verkehr\nBau",
            )
            add_mentor(make_project(), mentor)

    client = browser(app)
    build(3)
    few = _queries(client, "/mentors", count_queries)
    build(12)
    many = _queries(client, "/mentors", count_queries)
    assert "15 mentors" in text_of(client.get("/mentors"))
    assert len(many) == len(few), many


@pytest.mark.parametrize("viewer", ["visitor", "team", "mentor", "council member"])
def test_the_project_page_needs_a_fixed_number_of_queries(app, count_queries, viewer):
    initiator = UserFactory()
    project = make_project(initiator)
    first = council_member("Anna Berg", districts=[DistrictFactory()], topics=[TopicFactory()])
    add_mentor(project, first)
    user = {
        "visitor": None,
        "team": initiator,
        "mentor": first,
        "council member": council_member("Bernd Clausen"),
    }[viewer]
    client = browser(app, user)
    url = f"/projects/{project.id}"
    few = _queries(client, url, count_queries)
    for number in range(4):
        add_mentor(
            fresh(Project, project.id),
            council_member(
                f"Mentor {number}", districts=[DistrictFactory()], topics=[TopicFactory()]
            ),
        )
    many = _queries(client, url, count_queries)
    assert section(client.get(url), "mentors-title").count("Fraktion Test") == 5
    assert len(many) == len(few), many


def test_the_dashboard_needs_a_fixed_number_of_queries(app, count_queries):
    district = DistrictFactory()
    anna = council_member("Anna Berg", districts=[district], capacity=20)
    client = browser(app, anna)

    def build(n):
        for _ in range(n):
            add_mentor(make_project(districts=[district]), fresh(User, anna.id))

    build(1)
    few = _queries(client, "/mentoring", count_queries)
    build(4)
    many = _queries(client, "/mentoring", count_queries)
    assert section(client.get("/mentoring"), "mine-title").count("Initiation") == 5
    assert len(many) == len(few), many


@pytest.mark.parametrize("kind", ["requests", "offers", "unmentored"])
def test_the_other_dashboard_lists_need_a_fixed_number_of_queries(app, count_queries, kind):
    district = DistrictFactory()
    anna = council_member("Anna Berg", districts=[district], capacity=20)
    client = browser(app, anna)

    def build(n):
        for _ in range(n):
            if kind == "requests":
                initiator = UserFactory()
                ask(browser(app, initiator), anna, make_project(initiator))
            elif kind == "offers":
                offer(client, make_project())
            else:
                make_project(districts=[district])

    build(1)
    few = _queries(client, "/mentoring", count_queries)
    build(4)
    many = _queries(client, "/mentoring", count_queries)
    html = client.get("/mentoring").get_data(as_text=True)
    assert html.count("/withdraw" if kind == "offers" else "/accept") == (
        5 if kind != "unmentored" else 0
    )
    assert len(many) == len(few), many
