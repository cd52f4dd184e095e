"""Needs and offers as teams and helpers meet them, and the city-wide help-wanted board.

Pages are read in English (the language switch), so that the assertions do not depend on the
German catalog."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from civic.accounts.models import User
from civic.core.errors import OperationError
from civic.db import db, utcnow
from civic.projects import operations as ops
from civic.projects.models import Need, Offer, Project
from civic.projects.workflow import NeedKind, NeedStatus, Phase, ProjectState, RequestStatus
from tests.factories import DistrictFactory, TopicFactory, UserFactory, make_project
from tests.helpers import browser, fresh, post, submit, text_of


def make_need(project, title="Wir suchen einen Raum", kind=NeedKind.ROOMS, **fields):
    need = Need(project_id=project.id, kind=kind, title=title, **fields)
    db.session.add(need)
    if need.status in (None, NeedStatus.OPEN):
        project.open_need_count += 1
    db.session.commit()
    return need


def need_url(need):
    return f"/projects/{need.project_id}/needs/{need.id}"


NEED = {"kind": "expertise", "title": "Jemand, der Förderanträge kennt", "description": ""}


# --- posting and editing ----------------------------------------------------------------------


def test_the_team_posts_a_need_that_is_shown_everywhere(app):
    member = UserFactory()
    district = DistrictFactory(name="Pieschen")
    project = make_project(members=[member], districts=[district], title="Gemeinschaftsgarten")
    client = browser(app, member)
    url = f"/projects/{project.id}/needs/new"
    page = text_of(client.get(url))
    assert "Kind of help" in page and "Co-planning and project management" in page
    response = submit(
        client, url, {**NEED, "description": "Wir brauchen **Erfahrung** mit Anträgen."}
    )
    assert response.status_code == 302
    need = db.session.scalar(select(Need).where(Need.project_id == project.id))
    assert response.location == need_url(need)

    response = client.get(response.location)
    page = text_of(response)
    assert "Jemand, der Förderanträge kennt" in page
    assert "Expertise" in page and "Open" in page
    assert "<strong>Erfahrung</strong>" in response.get_data(as_text=True)
    assert "Nobody has offered help yet." in page
    assert fresh(Project, project.id).open_need_count == 1

    board = text_of(browser(app).get("/needs"))
    assert "Jemand, der Förderanträge kennt" in board
    assert "Gemeinschaftsgarten" in board and "Pieschen" in board and "Expertise" in board
    assert "Need posted: Jemand, der Förderanträge kennt" in text_of(
        client.get(f"/projects/{project.id}/timeline")
    )


def test_long_titles_and_names_fit_the_timeline(app):
    """The longest titles and names allowed fit into the timeline in full (PostgreSQL refuses
    what does not fit its columns)."""
    member = UserFactory(display_name="Nachbarschaftsinitiative " + "N" * 55)
    project = make_project(members=[member])
    client = browser(app, member)
    title = ("Wir suchen dringend " * 6)[:120]
    response = submit(client, f"/projects/{project.id}/needs/new", {**NEED, "title": title})
    assert response.status_code == 302
    assert title.strip() in text_of(client.get(response.location))
    need = db.session.scalar(select(Need).where(Need.project_id == project.id))
    response = submit(client, need_url(need) + "/close", {"outcome": "met"})
    assert response.status_code == 302
    timeline = text_of(client.get(f"/projects/{project.id}/timeline"))
    assert "Need posted: " + title.strip() in timeline
    assert "Need met: " + title.strip() in timeline
    assert member.display_name in timeline


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("title", "", "Please say in a few words what you need."),
        ("title", "t" * 121, "120"),
        ("title", "<script>alert(1)</script>", "plain text"),
        ("description", "d" * 20_001, "20000"),
        ("kind", "spaceship", "Not a valid choice"),
    ],
)
def test_bad_needs_are_refused_beside_the_field_and_kept(app, field, value, error):
    member = UserFactory()
    project = make_project(members=[member])
    client = browser(app, member)
    data = {**NEED, "description": "Meine Beschreibung bleibt erhalten", field: value}
    response = submit(client, f"/projects/{project.id}/needs/new", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    start = html.index(f'id="{field}-error"')
    assert error in html[start : start + 400]
    assert "<script>alert" not in html
    if field != "kind":
        assert value.replace("<", "&lt;").replace(">", "&gt;") in html
    if field != "description":
        assert "Meine Beschreibung bleibt erhalten" in html
    assert db.session.scalar(select(func.count()).select_from(Need)) == 0


def test_markup_in_a_need_description_is_shown_as_text(app):
    member = UserFactory()
    project = make_project(members=[member])
    client = browser(app, member)
    payload = (
        "Hallo <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    response = submit(client, f"/projects/{project.id}/needs/new", {**NEED, "description": payload})
    html = browser(app).get(response.location).get_data(as_text=True)
    # Raw HTML in the Markdown is shown as text, never run.
    assert "Hallo &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert 'href="javascript' not in html


def test_the_team_edits_an_open_need(app):
    member = UserFactory()
    project = make_project(members=[member])
    need = make_need(project, description_markdown="Alter Text")
    client = browser(app, member)
    html = client.get(need_url(need) + "/edit").get_data(as_text=True)
    assert 'value="Wir suchen einen Raum"' in html and "Alter Text" in html
    assert '<option selected value="rooms">' in html
    response = submit(
        client,
        need_url(need) + "/edit",
        {"kind": "material", "title": "Wir suchen Holz", "description": "Für *Beete*"},
    )
    assert response.status_code == 302
    response = client.get(need_url(need))
    assert "Wir suchen Holz" in text_of(response) and "Material" in text_of(response)
    assert "<em>Beete</em>" in response.get_data(as_text=True)


# --- offering help ----------------------------------------------------------------------------


def test_a_citizen_offers_help_and_the_team_is_told(app, mailbox):
    initiator, member, helper = UserFactory(), UserFactory(), UserFactory()
    project = make_project(initiator, members=[member])
    need = make_need(project)
    client = browser(app, helper)
    page = text_of(client.get(need_url(need)))
    assert "Offer your help" in page
    response = submit(
        client,
        need_url(need),
        {"message": "Ich habe einen Gemeinschaftsraum."},
        action=need_url(need) + "/offer",
    )
    assert response.status_code == 302
    page = text_of(client.get(response.location))
    assert "Thank you! Your offer is sent to the team." in page
    assert "Your offer" in page and "Waiting for an answer" in page
    assert "Withdraw my offer" in page and "Offer your help" not in page

    for person in (initiator, member):
        body = mailbox.body(mailbox.last_to(person.email))
        assert helper.display_name in body and "Ich habe einen Gemeinschaftsraum." in body
        assert f"http://localhost{need_url(need)}" in body
    assert helper.display_name in mailbox.last_to(initiator.email)["Subject"]

    # The team sees the offer with its buttons; other citizens do not see it.
    team = text_of(browser(app, initiator).get(need_url(need)))
    assert "Ich habe einen Gemeinschaftsraum." in team
    assert f"Accept the offer of {helper.display_name}" in team
    assert "Ich habe einen Gemeinschaftsraum." not in text_of(
        browser(app, UserFactory()).get(need_url(need))
    )

    # Offering twice is refused.
    with app.test_request_context(), pytest.raises(OperationError, match="bereits Ihre Hilfe"):
        ops.offer_help(fresh(User, helper.id), fresh(Need, need.id), "Noch einmal")


def test_the_team_accepts_an_offer_and_the_helper_hears_of_it(app, mailbox):
    initiator, helper = UserFactory(), UserFactory()
    project = make_project(initiator)
    need = make_need(project)
    offer = Offer(need_id=need.id, user_id=helper.id, message="Ich helfe")
    db.session.add(offer)
    db.session.commit()
    team = browser(app, initiator)
    response = post(team, f"{need_url(need)}/offers/{offer.id}/accept")
    assert response.status_code == 302
    assert f"You have accepted the offer of {helper.display_name}." in text_of(
        team.get(response.location)
    )
    assert fresh(Offer, offer.id).status is RequestStatus.ACCEPTED
    body = mailbox.body(mailbox.last_to(helper.email))
    assert project.title in body and need.title in body
    assert f"http://localhost{need_url(need)}" in body

    page = text_of(browser(app, helper).get(need_url(need)))
    assert "Accepted" in page and "The team has accepted your offer" in page
    assert f"Offer of help by {helper.display_name} accepted: {need.title}" in text_of(
        team.get(f"/projects/{project.id}/timeline")
    )
    # Answering again changes nothing and sends nothing.
    mailbox.clear()
    response = post(team, f"{need_url(need)}/offers/{offer.id}/decline")
    assert "This offer has been answered already." in text_of(team.get(response.location))
    assert mailbox.messages == []


def test_a_declined_helper_can_offer_again(app, mailbox):
    initiator, helper = UserFactory(), UserFactory()
    project = make_project(initiator)
    need = make_need(project)
    offer = Offer(need_id=need.id, user_id=helper.id, message="Erster Versuch")
    db.session.add(offer)
    db.session.commit()
    post(browser(app, initiator), f"{need_url(need)}/offers/{offer.id}/decline")
    assert fresh(Offer, offer.id).status is RequestStatus.DECLINED
    assert need.title in mailbox.body(mailbox.last_to(helper.email))
    client = browser(app, helper)
    page = text_of(client.get(need_url(need)))
    assert "Declined" in page and "Offer your help" in page


def test_a_helper_withdraws_an_offer(app):
    initiator, helper = UserFactory(), UserFactory()
    project = make_project(initiator)
    need = make_need(project)
    offer = Offer(need_id=need.id, user_id=helper.id, message="Vielleicht")
    db.session.add(offer)
    db.session.commit()
    client = browser(app, helper)
    # Someone else cannot withdraw it.
    assert (
        post(
            browser(app, UserFactory()), f"{need_url(need)}/offers/{offer.id}/withdraw"
        ).status_code
        == 403
    )
    response = post(client, f"{need_url(need)}/offers/{offer.id}/withdraw")
    assert "Your offer is withdrawn." in text_of(client.get(response.location))
    team = text_of(browser(app, initiator).get(need_url(need)))
    assert "Withdrawn" in team and "Accept the offer" not in team


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", "Please write a short message."),
        ("m" * 2001, "2000"),
        ("<script>alert(1)</script>", "plain text"),
    ],
)
def test_bad_offers_are_refused_and_the_text_kept(app, mailbox, message, error):
    need = make_need(make_project())
    client = browser(app, UserFactory())
    response = submit(
        client, need_url(need), {"message": message}, action=need_url(need) + "/offer"
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    start = html.index('id="message-error"')
    assert error in html[start : start + 300]
    assert message.replace("<", "&lt;").replace(">", "&gt;") in html
    assert "<script>alert" not in html
    assert mailbox.messages == []
    assert db.session.scalar(select(func.count()).select_from(Offer)) == 0


def test_offers_and_needs_are_shown_as_text(app):
    initiator = UserFactory()
    helper = UserFactory(display_name="<script>alert(2)</script>")
    project = make_project(initiator)
    need = make_need(project, title="<b>Fett</b> & mehr")
    db.session.add(Offer(need_id=need.id, user_id=helper.id, message="Ich bringe <3 Kisten"))
    db.session.commit()
    for client in (browser(app, initiator), browser(app)):
        html = client.get(need_url(need)).get_data(as_text=True)
        assert "<b>Fett</b>" not in html and "&lt;b&gt;Fett&lt;/b&gt; &amp; mehr" in html
    html = browser(app, initiator).get(need_url(need)).get_data(as_text=True)
    assert "<script>alert(2)" not in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "Ich bringe &lt;3 Kisten" in html
    board = browser(app).get("/needs").get_data(as_text=True)
    assert "&lt;b&gt;Fett&lt;/b&gt; &amp; mehr" in board and "<b>Fett</b>" not in board


# --- closing ----------------------------------------------------------------------------------


def test_closing_a_need_as_met(app, mailbox):
    initiator, helper = UserFactory(), UserFactory()
    project = make_project(initiator)
    need = make_need(project)
    make_need(project, title="Noch offen")
    offer = Offer(need_id=need.id, user_id=helper.id, message="Ich helfe")
    db.session.add(offer)
    db.session.commit()
    client = browser(app, initiator)
    assert fresh(Project, project.id).open_need_count == 2
    page = text_of(client.get(need_url(need)))
    assert "Close as met" in page
    html = client.get(need_url(need) + "/close?outcome=met").get_data(as_text=True)
    assert "Close the need" in html and fresh(Need, need.id).status is NeedStatus.OPEN
    assert re.search(r'<input checked [^>]*value="met"', html)  # preselected
    response = submit(client, need_url(need) + "/close", {"outcome": "met"})
    assert response.status_code == 302
    page = text_of(client.get(response.location))
    assert "The need is closed as met." in page and "This need is met." in page
    assert "Close as met" not in page
    assert fresh(Need, need.id).status is NeedStatus.MET
    assert fresh(Project, project.id).open_need_count == 1
    # Waiting offers are declined; the board no longer lists the need.
    assert fresh(Offer, offer.id).status is RequestStatus.DECLINED
    board = text_of(browser(app).get("/needs"))
    assert "Wir suchen einen Raum" not in board and "Noch offen" in board
    assert "Need met: Wir suchen einen Raum" in text_of(
        client.get(f"/projects/{project.id}/timeline")
    )
    # The helper may no longer offer, and the team may no longer edit it.
    assert "Offer your help" not in text_of(browser(app, UserFactory()).get(need_url(need)))
    response = submit(client, need_url(need) + "/edit", {**NEED})
    assert "Only open needs can be changed." in text_of(response)
    response = submit(client, need_url(need) + "/close", {"outcome": "closed"})
    assert "This need is closed already." in text_of(response)


def test_closing_a_need_that_is_no_longer_needed(app):
    initiator = UserFactory()
    project = make_project(initiator)
    need = make_need(project)
    client = browser(app, initiator)
    assert 'id="outcome-error"' in submit(client, need_url(need) + "/close", {}).text
    response = submit(client, need_url(need) + "/close", {"outcome": "closed"})
    assert "The need is closed." in text_of(client.get(response.location))
    assert fresh(Need, need.id).status is NeedStatus.CLOSED
    assert fresh(Project, project.id).open_need_count == 0


# --- who may do what --------------------------------------------------------------------------


def test_only_the_team_manages_needs(app, mailbox):
    member = UserFactory()
    project = make_project(members=[member])
    need = make_need(project)
    helper = UserFactory()
    offer = Offer(need_id=need.id, user_id=helper.id, message="Ich helfe")
    db.session.add(offer)
    db.session.commit()
    stranger, visitor = browser(app, UserFactory()), browser(app)
    urls = [
        ("get", f"/projects/{project.id}/needs/new"),
        ("post", f"/projects/{project.id}/needs/new"),
        ("get", need_url(need) + "/edit"),
        ("post", need_url(need) + "/edit"),
        ("get", need_url(need) + "/close"),
        ("post", need_url(need) + "/close"),
        ("post", f"{need_url(need)}/offers/{offer.id}/accept"),
        ("post", f"{need_url(need)}/offers/{offer.id}/decline"),
    ]
    data = {**NEED, "outcome": "met"}
    for method, url in urls:
        if method == "get":
            assert stranger.get(url).status_code == 403, url
            response = visitor.get(url)
            assert response.status_code == 302 and "/login?next=" in response.location, url
        else:
            assert post(stranger, url, data).status_code == 403, url
            assert post(visitor, url, data).status_code == 302, url
    assert fresh(Need, need.id).status is NeedStatus.OPEN
    assert fresh(Offer, offer.id).status is RequestStatus.PENDING
    assert mailbox.messages == []


def test_who_may_offer_help(app):
    member = UserFactory()
    project = make_project(members=[member])
    need = make_need(project)
    # Team members do not offer help to themselves.
    client = browser(app, member)
    assert "Offer your help" not in text_of(client.get(need_url(need)))
    assert post(client, need_url(need) + "/offer", {"message": "Ich"}).status_code == 403
    # Visitors are asked to sign in.
    page = browser(app).get(need_url(need)).get_data(as_text=True)
    assert f"/login?next={need_url(need)}" in page
    assert post(browser(app), need_url(need) + "/offer", {"message": "x"}).status_code == 302
    # Needs of a paused project take no offers.
    paused = make_project(state=ProjectState.PAUSED)
    paused_need = make_need(paused)
    client = browser(app, UserFactory())
    assert "Offer your help" not in text_of(client.get(need_url(paused_need)))
    assert post(client, need_url(paused_need) + "/offer", {"message": "x"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Offer)) == 0


def test_ids_of_another_project_or_need_are_not_found(app):
    initiator = UserFactory()
    mine = make_project(initiator)
    my_need = make_need(mine)
    other_need = make_need(make_project(), title="Fremder Bedarf")
    offer = Offer(need_id=other_need.id, user_id=UserFactory().id, message="x")
    db.session.add(offer)
    db.session.commit()
    client = browser(app, initiator)
    assert client.get(f"/projects/{mine.id}/needs/{other_need.id}").status_code == 404
    assert client.get(f"/projects/{mine.id}/needs/{other_need.id}/edit").status_code == 404
    assert post(client, f"/projects/{mine.id}/needs/{other_need.id}/close").status_code == 404
    assert post(client, f"{need_url(my_need)}/offers/{offer.id}/accept").status_code == 404
    assert post(client, f"{need_url(my_need)}/offers/{offer.id}/withdraw").status_code == 404
    assert client.get(f"/projects/{mine.id}/needs/99999999").status_code == 404
    assert fresh(Offer, offer.id).status is RequestStatus.PENDING
    draft = make_project(state=ProjectState.DRAFT)
    draft_need = make_need(draft)
    assert browser(app, UserFactory()).get(need_url(draft_need)).status_code == 404


# --- the help-wanted board --------------------------------------------------------------------


def test_the_board_lists_open_needs_of_active_projects_and_filters(app):
    pieschen, neustadt = DistrictFactory(name="Pieschen"), DistrictFactory(name="Neustadt")
    garden_topic = TopicFactory(name_en="Gardening")
    garden = make_project(title="Gemeinschaftsgarten", districts=[pieschen], topics=[garden_topic])
    bikes = make_project(title="Lastenrad", districts=[neustadt], phase=Phase.DEVELOPMENT)
    paused = make_project(title="Pausiert", state=ProjectState.PAUSED)
    make_need(garden, title="Raum für Geräte", kind=NeedKind.ROOMS)
    make_need(bikes, title="Werbung im Viertel", kind=NeedKind.PUBLICITY)
    make_need(paused, title="Bedarf eines pausierten Projekts")
    make_need(garden, title="Erledigter Bedarf", status=NeedStatus.MET, closed_at=utcnow())
    client = browser(app)
    page = text_of(client.get("/needs"))
    assert "2 open needs found" in page
    assert "Raum für Geräte" in page and "Werbung im Viertel" in page
    assert "pausierten" not in page and "Erledigter" not in page

    def shown(query):
        page = text_of(client.get(f"/needs?{query}"))
        return {t for t in ("Raum für Geräte", "Werbung im Viertel") if t in page}

    assert shown(f"district={pieschen.slug}") == {"Raum für Geräte"}
    assert shown("kind=publicity") == {"Werbung im Viertel"}
    assert shown(f"topic={garden_topic.slug}") == {"Raum für Geräte"}
    assert shown("phase=development") == {"Werbung im Viertel"}
    assert shown("kind=nonsense&after=!!&district=%00") == {"Raum für Geräte", "Werbung im Viertel"}
    page = text_of(client.get("/needs?kind=financing"))
    assert "No open need matches these filters." in page and "Show all open needs" in page


def test_an_empty_board_says_so(app):
    make_project()
    page = text_of(browser(app).get("/needs"))
    assert "No project is looking for help at the moment." in page


def test_the_board_pages_through_every_need_once(app):
    district, topic = DistrictFactory(), TopicFactory()
    projects = [make_project(districts=[district], topics=[topic]) for _ in range(3)]
    start = utcnow() - timedelta(days=30)
    needs = []
    for i in range(25):
        # Some share a timestamp: the id breaks the tie.
        needs.append(
            make_need(
                projects[i % 3],
                title=f"Bedarf Nummer {i:02d}",
                created_at=start + timedelta(hours=i // 3),
            )
        )
    client = browser(app)
    seen, url, pages = [], "/needs", 0
    while True:
        html = client.get(url).get_data(as_text=True)
        seen += [n.title for n in needs if f">{n.title}<" in html]
        pages += 1
        if 'rel="next"' not in html:
            break
        url = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert pages == 2
    assert len(seen) == 25 and set(seen) == {n.title for n in needs}
    # Newest first: the first page starts with the newest need.
    first = client.get("/needs").get_data(as_text=True)
    newest = max(needs, key=lambda n: (n.created_at, n.id))
    oldest = min(needs, key=lambda n: (n.created_at, n.id))
    assert f">{newest.title}<" in first and f">{oldest.title}<" not in first
    # And back from the second page.
    prev = html.split('rel="prev"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert f">{newest.title}<" in client.get(prev).get_data(as_text=True)


@pytest.mark.parametrize("page", ["board", "need"])
def test_pages_use_a_fixed_number_of_queries(app, count_queries, page):
    initiator = UserFactory()
    project = make_project(initiator, members=2)
    need = make_need(project)

    def grow(n):
        for _ in range(n):
            other = make_project(districts=[DistrictFactory(), DistrictFactory()])
            make_need(other)
            db.session.add(Offer(need_id=need.id, user_id=UserFactory().id, message="Hilfe"))
        db.session.commit()

    grow(2)
    client = browser(app, initiator)
    url = "/needs" if page == "board" else need_url(need)
    client.get(url)
    count_queries.statements.clear()
    assert client.get(url).status_code == 200
    few = count_queries.count
    grow(10)
    count_queries.statements.clear()
    assert client.get(url).status_code == 200
    assert count_queries.count == few, count_queries.statements
