"""axe-core (WCAG 2.1 A and AA) on every page of the platform, as the roles that see it, also
with form errors shown. The list of pages comes from the application's URL map: a new page
without an entry here fails the test, so no page escapes the check."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import create_engine, text

from tests.browser.conftest import RequestLog, check_axe
from tests.browser.validator import HtmlPages

NOT_HTML = {
    "static",
    "core.theme_css",
    "core.logo",
    "core.healthz",
    "projects.image",
    "fund.decisions_csv",
    "fund.receipt",
    "participation.feed",
    "participation.project_feed",
    "participation.update_image",
    "participation.open_notification",
}
# Pages shown only in the middle of a flow; the journey test checks them.
IN_FLOW = {"accounts.check_mail"}
# The second factor: signing in with it, setting it up and switching it off are pages of one
# flow each (tests/browser/test_totp_journey.py checks them); its overview is a staff page.
IN_FLOW |= {"accounts.login_second_step", "accounts.totp_setup", "accounts.totp_disable"}
ACCOUNT_PAGES = {
    "accounts.settings",
    "accounts.edit_profile",
    "accounts.change_password",
    "accounts.change_email",
    "accounts.export_data",
    "accounts.delete_account",
}
# Pages of a project team, seen by Clara Bürgerin (demo initiator in every phase).
TEAM_PAGES = {
    "projects.new",
    "projects.mine",
    "projects.edit",
    "projects.team",
    "projects.member_task",
    "projects.join",
    "projects.leave",
    "projects.phase_request",
    "projects.state_change",
    "projects.edit_plan",
    "projects.final_report",
    "projects.new_need",
    "projects.edit_need",
    "projects.close_need",
}
# Pages only the initiator of a draft sees.
DRAFT_PAGES = {"projects.delete_draft"}
# Calendar files of the events domain.
NOT_HTML |= {"events.ics_event", "events.feed"}
# The GeoJSON that feeds the map of projects.
NOT_HTML |= {"opendata.projects_geojson"}
# The list of similar projects that the proposal form's script puts into the page.
NOT_HTML |= {"projects.similar"}
# The JSON API under /api/v1/ (tests/opendata/test_api.py).
NOT_HTML |= {
    "api.openapi_document",
    "api.projects",
    "api.project",
    "api.districts",
    "api.topics",
    "api.events",
    "api.event",
    "api.funds",
    "api.fund",
    "api.statistics",
}
# Open data downloads and Atom feeds.
NOT_HTML |= {
    "opendata.projects_csv",
    "opendata.fund_decisions_csv",
    "opendata.fund_decisions_geojson",
    "opendata.projects_feed",
    "opendata.district_projects_feed",
    "opendata.topic_projects_feed",
    "opendata.events_feed",
}
# Pages of an event's organisers; the admin looks after every event.
EVENT_ORGANISER_PAGES = {
    "events.new",
    "events.edit",
    "events.cancel",
    "events.participants",
    "events.report",
}
# Clara Bürger holds a seat at the demo district meeting in Pieschen.
TEAM_PAGES |= {"events.unregister"}
# Workspace pages of Clara's development project, which Aylin Demir mentors.
TEAM_PAGES |= {
    "mentoring.project_mentors",
    "mentoring.end",
    "mentoring.workspace",
    "mentoring.introductions",
    "mentoring.introduction_outcome",
    "mentoring.hurdles",
    "mentoring.hurdle",
    "mentoring.questions",
    "mentoring.question",
    "mentoring.mediation_list",
}
# Pages of a council member (Dr. Sabine Richter) and of a mentor (Aylin Demir, who sees the
# mediation request a member of Clara's team made).
COUNCIL_PAGES = {"mentoring.dashboard", "mentoring.offer", "mentoring.decline"}
MENTOR_PAGES = {"mentoring.mediation", "mentoring.close_mediation"}
# The fund: Clara's team pages (a draft, an approved application), a team that may still
# apply, and the fund officers (the second one confirms what the first proposed).
TEAM_PAGES |= {
    "fund.project_applications",
    "fund.application",
    "fund.edit_application",
    "fund.withdraw_application",
    "fund.proof",
    "fund.notice",
}
APPLICANT_PAGES = {"fund.apply"}
# Participation: Clara's own pages, comments and news; moderators' pages.
TEAM_PAGES |= {
    "participation.following",
    "participation.notifications",
    "participation.settings",
    "participation.edit_comment",
    "participation.delete_comment",
    "participation.new_update",
    "participation.edit_update",
    "participation.delete_update",
    "moderation.report",
}
MODERATOR_PAGES = {
    "accounts.totp_settings",
    "moderation.deleted",
    "moderation.restore_deleted",
    "moderation.queue",
    "moderation.blocks",
    "moderation.item",
    "moderation.user",
    "moderation.block",
}
OFFICER_PAGES = {
    "fund.queue",
    "fund.check",
    "fund.review",
    "fund.decide",
    "fund.payments",
    "fund.judge_proof",
}
SECOND_OFFICER_PAGES = {"fund.confirm_decision"}
# Whom each role signs in as; None: looked up in the demo data (see ``_people``).
SIGN_IN = {
    "citizen": "buergerin@demo.civic.example",
    "drafter": None,
    "applicant": None,
    "council": "stadtraetin@demo.civic.example",
    "mentor": "stadtraetin-demir@demo.civic.example",
    "officer": "fonds@demo.civic.example",
    "moderator": "moderation@demo.civic.example",
    "second_officer": "fonds2@demo.civic.example",
    "admin": "admin@demo.civic.example",
}
APPLYING = (
    "SELECT min(p.id) FROM projects p WHERE p.state = 'active' "
    "AND p.phase IN ('development', 'implementation') AND p.id NOT IN "
    "(SELECT project_id FROM fund_applications WHERE status NOT IN ('withdrawn', 'rejected'))"
)
# Forms with parameters, sent empty by the role that sees them (see ``pages_by_role``): each
# answers with errors next to its fields. (Confirmations and forms whose fields are all
# optional are not here: sent empty, they would do what they confirm.)
FORM_PAGES_WITH_ERRORS = {
    "accounts.edit_profile",
    "admin.edit_term",
    "admin.edit_fund",
    "admin.edit_page",
    "admin.settings",
    "admin.user_detail",
    "admin.decide_phase_request",
    "events.edit",
    "events.report",
    "fund.edit_application",
    "fund.proof",
    "fund.apply",
    "fund.check",
    "fund.review",
    "fund.decide",
    "projects.edit",
    "projects.new_need",
    "projects.edit_need",
    "projects.final_report",
    "participation.new_update",
    "participation.edit_update",
    "mentoring.hurdles",
    "mentoring.questions",
    "mentoring.mediation_list",
    "mentoring.introduction_outcome",
    "mentoring.mediation",
    "mentoring.offer",
    "moderation.report",
    "moderation.block",
    "accounts.edit_council_profile",
    "events.cancel",
    "mentoring.end",
    "fund.payments",
    "fund.confirm_decision",
    "admin.terms",
    "mentoring.workspace",
    "projects.close_need",
    "accounts.export_data",
    "accounts.delete_account",
}
FORMS_WITH_ERRORS = [
    "/login",
    "/register",
    "/password/forgot",
    "/verify/resend",
    "/account/password",
    "/account/email",
    "/admin/districts",
    "/admin/topics",
    "/admin/departments",
    "/projects/new",
    "/events/new",
    "/admin/funds/new",
    "/accessibility",
]


def _ids(database: str) -> dict[str, int]:
    engine = create_engine(database)
    with engine.connect() as conn:

        def one(sql: str) -> int:
            return conn.execute(text(sql)).scalar_one()

        ids = {
            "council": one("SELECT id FROM users WHERE email = 'stadtraetin@demo.civic.example'"),
            "moderator": one("SELECT id FROM users WHERE email = 'moderation@demo.civic.example'"),
            "citizen": one("SELECT id FROM users WHERE email = 'buergerin@demo.civic.example'"),
            "district": one("SELECT min(id) FROM districts"),
            "topic": one("SELECT min(id) FROM topics"),
            "department": one("SELECT min(id) FROM departments"),
        }
        clara = "(SELECT id FROM users WHERE email = 'buergerin@demo.civic.example')"

        def claras(phase: str, role: str = "initiator") -> int:
            return one(
                "SELECT min(p.id) FROM projects p JOIN project_members m ON m.project_id = p.id "
                f"WHERE m.user_id = {clara} AND m.role = '{role}' AND p.phase = '{phase}' "
                "AND p.state = 'active'"
            )

        ids.update(
            initiation=claras("initiation"),
            development=claras("development"),
            implementation=claras("implementation"),
            member_of=one(
                "SELECT min(p.id) FROM projects p JOIN project_members m "
                f"ON m.project_id = p.id WHERE m.user_id = {clara} AND m.role = 'member'"
            ),
            other=one(
                "SELECT min(id) FROM projects WHERE state = 'active' AND id NOT IN "
                f"(SELECT project_id FROM project_members WHERE user_id = {clara}) AND id NOT IN "
                f"(SELECT project_id FROM join_requests WHERE user_id = {clara})"
            ),
            draft=one("SELECT min(id) FROM projects WHERE state = 'draft'"),
            phase_request=one("SELECT min(id) FROM phase_requests WHERE status = 'pending'"),
            mentorship=one(
                "SELECT min(id) FROM mentorships WHERE status = 'active' AND project_id = "
                + str(claras("development"))
            ),
            pending_mentorship=one(
                "SELECT min(m.id) FROM mentorships m JOIN users u ON u.id = m.mentor_id "
                "WHERE m.status = 'pending' AND m.origin = 'team' "
                "AND u.email = 'stadtraetin@demo.civic.example'"
            ),
            unmentored=one(
                "SELECT min(id) FROM projects WHERE state = 'active' "
                "AND id NOT IN (SELECT project_id FROM mentorships)"
            ),
        )
        development = ids["development"]

        def application(status: str, clara_only: bool = False) -> int:
            claras_projects = (
                f" AND project_id IN (SELECT project_id FROM project_members "
                f"WHERE user_id = {clara})"
                if clara_only
                else ""
            )
            return one(
                f"SELECT min(id) FROM fund_applications WHERE status = '{status}'" + claras_projects
            )

        ids.update(
            claras_comment=one(f"SELECT min(id) FROM comments WHERE author_id = {clara}"),
            others_comment=one(
                f"SELECT min(id) FROM comments WHERE author_id <> {clara} AND hidden_at IS NULL "
                "AND deleted_at IS NULL"
            ),
            commented=one("SELECT min(project_id) FROM comments"),
            deleted_comment=one("SELECT min(id) FROM comments WHERE deleted_at IS NOT NULL"),
            with_updates=one("SELECT min(project_id) FROM project_updates"),
            claras_update=one(
                "SELECT min(id) FROM project_updates WHERE project_id IN (SELECT project_id "
                f"FROM project_members WHERE user_id = {clara})"
            ),
            reported_kind=conn.execute(
                text("SELECT min(target_kind) FROM reports WHERE resolved_at IS NULL")
            ).scalar_one(),
            reported_id=one(
                "SELECT min(target_id) FROM reports WHERE resolved_at IS NULL AND target_kind = "
                "(SELECT min(target_kind) FROM reports WHERE resolved_at IS NULL)"
            ),
            fund=one("SELECT max(id) FROM funds"),
            fund_year=one("SELECT max(year) FROM funds"),
            applying=one(APPLYING),
            draft_application=application("draft", clara_only=True),
            approved_application=application("approved", clara_only=True),
            submitted_application=application("submitted"),
            review_application=application("in_review"),
            awaiting_application=application("awaiting_confirmation"),
            proof_application=application("proof_submitted"),
        )
        ids.update(
            introduction=one(
                f"SELECT min(id) FROM introductions WHERE project_id = {development} "
                "AND outcome = ''"
            ),
            hurdle=one(f"SELECT min(id) FROM hurdles WHERE project_id = {development}"),
            question=one(
                f"SELECT min(id) FROM political_questions WHERE project_id = {development} "
                "AND status = 'brought'"
            ),
            mediation=one(
                f"SELECT min(id) FROM mediation_requests WHERE project_id = {development} "
                "AND status = 'open'"
            ),
        )
        ids["member"] = one(
            f"SELECT min(id) FROM project_members WHERE project_id = {ids['initiation']}"
        )
        ids["need"] = one(
            f"SELECT min(id) FROM needs WHERE status = 'open' AND project_id = {ids['initiation']}"
        )
        ids.update(
            event=one(
                "SELECT min(r.event_id) FROM event_registrations r JOIN users u "
                "ON u.id = r.user_id WHERE u.email = 'buergerin@demo.civic.example' "
                "AND r.status = 'registered'"
            ),
            event_report=one("SELECT min(id) FROM events WHERE report_markdown <> ''"),
            event_cancelled=one("SELECT min(id) FROM events WHERE cancelled_at IS NOT NULL"),
        )
        # Feedback on accessibility: a new report and an answered one.
        ids.update(
            feedback_new=one("SELECT min(id) FROM accessibility_feedback WHERE status = 'new'"),
            feedback_answered=one(
                "SELECT min(id) FROM accessibility_feedback WHERE status = 'answered'"
            ),
        )
    engine.dispose()
    return ids


def role_of(endpoint: str) -> str:
    """The role whose account sees the page (see ``SIGN_IN``), or "visitor"."""
    if (
        endpoint.startswith("admin.")
        or endpoint == "accounts.edit_council_profile"
        or endpoint in EVENT_ORGANISER_PAGES
    ):
        return "admin"
    for role, pages in (
        ("citizen", ACCOUNT_PAGES | TEAM_PAGES),
        ("drafter", DRAFT_PAGES),
        ("council", COUNCIL_PAGES),
        ("mentor", MENTOR_PAGES),
        ("applicant", APPLICANT_PAGES),
        ("officer", OFFICER_PAGES),
        ("moderator", MODERATOR_PAGES),
        ("second_officer", SECOND_OFFICER_PAGES),
    ):
        if endpoint in pages:
            return role
    return "visitor"


def pages_by_role(
    app, database: str, with_arguments: bool = True, only: set[str] | None = None
) -> dict[str, list[str]]:
    """The URL of every HTML page, by the role that sees it. ``with_arguments=False``: only
    pages without parameters (the empty platform has no rows to point at); ``only``: just
    these endpoints."""
    ids = _ids(database) if with_arguments else defaultdict(int)
    with_args = {
        "core.page": [{"slug": s} for s in ("imprint", "privacy", "accessibility")],
        "admin.feedback_detail": [
            {"feedback_id": ids["feedback_new"]},
            {"feedback_id": ids["feedback_answered"]},
        ],
        "accounts.verify_email": [{"token": "ungueltig"}],
        "accounts.reset_password": [{"token": "ungueltig"}],
        "accounts.profile": [{"user_id": ids["council"]}, {"user_id": ids["citizen"]}],
        "accounts.edit_council_profile": [{"user_id": ids["council"]}],
        "admin.user_detail": [{"user_id": ids["council"]}],
        "admin.revoke_role": [{"user_id": ids["moderator"], "role": "moderator"}],
        "admin.set_active": [{"user_id": ids["citizen"], "action": "deactivate"}],
        "admin.terms": [{"kind": k} for k in ("districts", "topics", "departments")],
        "admin.edit_term": [
            {"kind": "districts", "term_id": ids["district"]},
            {"kind": "topics", "term_id": ids["topic"]},
            {"kind": "departments", "term_id": ids["department"]},
        ],
        "admin.delete_term": [{"kind": "topics", "term_id": ids["topic"]}],
        "admin.edit_page": [
            {"slug": "privacy", "locale": "de"},
            {"slug": "imprint", "locale": "en"},
        ],
        "admin.reset_page": [{"slug": "privacy", "locale": "de"}],
        "admin.project": [{"project_id": ids["development"]}],
        "admin.decide_phase_request": [{"request_id": ids["phase_request"]}],
        "projects.detail": [
            {"project_id": ids[k]} for k in ("initiation", "development", "implementation")
        ],
        "projects.timeline": [{"project_id": ids["development"]}],
        "projects.plan": [
            {"project_id": ids["development"]},
            {"project_id": ids["implementation"]},
        ],
        "projects.plan_version": [{"project_id": ids["development"], "number": 1}],
        "projects.need": [{"project_id": ids["initiation"], "need_id": ids["need"]}],
        "projects.invitation": [{"token": "ungueltig"}],
        "projects.edit": [{"project_id": ids["initiation"]}],
        "projects.team": [{"project_id": ids["initiation"]}],
        "projects.member_task": [{"project_id": ids["initiation"], "member_id": ids["member"]}],
        "projects.join": [{"project_id": ids["other"]}],
        "projects.leave": [{"project_id": ids["member_of"]}],
        "projects.phase_request": [{"project_id": ids["initiation"]}],
        "projects.state_change": [
            {"project_id": ids["initiation"], "action": "pause"},
            {"project_id": ids["development"], "action": "withdraw"},
        ],
        "projects.edit_plan": [{"project_id": ids["development"]}],
        "projects.final_report": [{"project_id": ids["implementation"]}],
        "projects.new_need": [{"project_id": ids["initiation"]}],
        "projects.edit_need": [{"project_id": ids["initiation"], "need_id": ids["need"]}],
        "projects.close_need": [{"project_id": ids["initiation"], "need_id": ids["need"]}],
        "projects.delete_draft": [{"project_id": ids["draft"]}],
        "events.detail": [
            {"event_id": ids[k]} for k in ("event", "event_report", "event_cancelled")
        ],
        "events.edit": [{"event_id": ids["event"]}],
        "events.cancel": [{"event_id": ids["event"]}],
        "events.participants": [{"event_id": ids["event"]}],
        "events.report": [{"event_id": ids["event_report"]}],
        "events.unregister": [{"event_id": ids["event"]}],
        "mentoring.mentor": [{"user_id": ids["council"]}],
        "mentoring.project_mentors": [{"project_id": ids["development"]}],
        "mentoring.offer": [{"project_id": ids["unmentored"]}],
        "mentoring.decline": [{"mentorship_id": ids["pending_mentorship"]}],
        "mentoring.end": [{"mentorship_id": ids["mentorship"]}],
        "mentoring.workspace": [{"project_id": ids["development"]}],
        "mentoring.introductions": [{"project_id": ids["development"]}],
        "mentoring.introduction_outcome": [
            {"project_id": ids["development"], "introduction_id": ids["introduction"]}
        ],
        "mentoring.hurdles": [{"project_id": ids["development"]}],
        "mentoring.hurdle": [{"project_id": ids["development"], "hurdle_id": ids["hurdle"]}],
        "mentoring.questions": [{"project_id": ids["development"]}],
        "mentoring.question": [{"project_id": ids["development"], "question_id": ids["question"]}],
        "mentoring.mediation_list": [{"project_id": ids["development"]}],
        "mentoring.mediation": [
            {"project_id": ids["development"], "mediation_id": ids["mediation"]}
        ],
        "mentoring.close_mediation": [
            {"project_id": ids["development"], "mediation_id": ids["mediation"]}
        ],
        "fund.year": [{"year": ids["fund_year"]}],
        "fund.project_applications": [{"project_id": ids["development"]}],
        "fund.apply": [{"project_id": ids["applying"]}],
        "fund.application": [
            {"application_id": ids["approved_application"]},
            {"application_id": ids["draft_application"]},
        ],
        "fund.edit_application": [{"application_id": ids["draft_application"]}],
        "fund.withdraw_application": [{"application_id": ids["draft_application"]}],
        "fund.proof": [{"application_id": ids["approved_application"]}],
        "fund.notice": [{"application_id": ids["approved_application"]}],
        "fund.check": [{"application_id": ids["submitted_application"]}],
        "fund.review": [{"application_id": ids["review_application"]}],
        "fund.decide": [{"application_id": ids["review_application"]}],
        "fund.confirm_decision": [{"application_id": ids["awaiting_application"]}],
        "fund.payments": [{"application_id": ids["approved_application"]}],
        "fund.judge_proof": [{"application_id": ids["proof_application"]}],
        "admin.edit_fund": [{"fund_id": ids["fund"]}],
        "participation.comments": [{"project_id": ids["commented"]}],
        "participation.updates": [{"project_id": ids["with_updates"]}],
        "participation.unsubscribe": [{"token": "ungueltig"}],
        "participation.edit_comment": [{"comment_id": ids["claras_comment"]}],
        "participation.delete_comment": [{"comment_id": ids["claras_comment"]}],
        "participation.new_update": [{"project_id": ids["initiation"]}],
        "participation.edit_update": [{"update_id": ids["claras_update"]}],
        "participation.delete_update": [{"update_id": ids["claras_update"]}],
        "moderation.report": [{"kind": "comment", "target_id": ids["others_comment"]}],
        "moderation.item": [{"kind": ids["reported_kind"], "target_id": ids["reported_id"]}],
        "moderation.user": [{"user_id": ids["citizen"]}],
        "moderation.block": [{"user_id": ids["citizen"]}],
        "moderation.restore_deleted": [{"kind": "comment", "target_id": ids["deleted_comment"]}],
    }
    roles: dict[str, list[str]] = {
        "visitor": [],
        "citizen": [],
        "drafter": [],
        "applicant": [],
        "council": [],
        "mentor": [],
        "officer": [],
        "moderator": [],
        "second_officer": [],
        "admin": [],
    }
    missing = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in NOT_HTML | IN_FLOW:
                continue
            if only is not None and rule.endpoint not in only:
                continue
            if rule.arguments and not with_arguments:
                continue
            if rule.arguments:
                if rule.endpoint not in with_args:
                    missing.append(rule.endpoint)
                    continue
                urls = [url_for(rule.endpoint, **args) for args in with_args[rule.endpoint]]
            else:
                urls = [url_for(rule.endpoint)]
            roles[role_of(rule.endpoint)] += urls
    assert not missing, f"pages without an entry in the accessibility check: {missing}"
    return roles


def _people(database: str) -> dict[str, str]:
    """The e-mail address each role signs in with."""
    engine = create_engine(database)
    initiator = (
        "SELECT u.email FROM users u JOIN project_members m ON m.user_id = u.id "
        "WHERE m.role = 'initiator' AND m.project_id = ({})"
    )
    with engine.connect() as conn:
        found = {
            "drafter": conn.execute(
                text(initiator.format("SELECT min(id) FROM projects WHERE state = 'draft'"))
            ).scalar_one(),
            "applicant": conn.execute(text(initiator.format(APPLYING))).scalar_one(),
        }
    engine.dispose()
    return {role: email or found[role] for role, email in SIGN_IN.items()}


def _sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill("demo-passwort")
    page.get_by_role("button", name="Anmelden").click()


def _visit(page, url: str, html: HtmlPages, label: str, expected=(200, 400)) -> None:
    """Open ``url``, keep its HTML for the checker and run axe on it."""
    response = page.goto(url)
    assert response.status in expected, (label, url, response.status)
    html.add(f"{label} {url}", response.text())
    check_axe(page)


def _submit_empty(page, url: str, html: HtmlPages, label: str) -> bool:
    """Open the form at ``url``, empty its fields, send it; keep the answer's HTML and run axe.
    Returns whether the page shows errors."""
    page.goto(url)
    form = page.locator("main form.form").last
    form.evaluate(
        """form => {
            form.noValidate = true;
            for (const field of form.elements) {
                if (field.type === "textarea" || (field.tagName === "INPUT" && ![
                    "hidden", "submit", "button", "checkbox", "radio", "file"
                ].includes(field.type))) field.value = "";
            }
        }"""
    )
    with page.expect_navigation() as navigation:
        form.locator("[type=submit]").first.click()
    response = navigation.value
    html.add(f"{label} {url} (with errors)", response.text())
    if response.status >= 500 or page.locator(".error").count() == 0:
        return False
    check_axe(page)
    return True


def _foreign(requests: RequestLog) -> str:
    return "requests to other hosts:\n" + "\n".join(requests.foreign())


# Hundreds of pages with axe each: more than the default time limit on a busy machine.
@pytest.mark.timeout(1200)
def test_every_page_passes_axe(app, page, live_server):
    roles = pages_by_role(app, live_server["database"])
    assert len(roles["admin"]) > 10 and len(roles["visitor"]) > 5
    html = HtmlPages()
    requests = RequestLog(page, live_server["url"])
    checked = 0
    people = _people(live_server["database"])
    for role, urls in roles.items():
        if role != "visitor":
            if role != "citizen":
                page.get_by_role("button", name="Abmelden").click()
            _sign_in(page, people[role])
        for url in urls:
            invalid_token = url.startswith(("/invitations/", "/unsubscribe/"))
            expected = (404,) if invalid_token else (200, 400)
            _visit(page, url, html, role, expected)
            checked += 1
    # English too, for one public and one admin page.
    page.get_by_role("button", name="English").click()
    for url in ("/", "/admin/users", "/easy-read", "/glossary"):
        _visit(page, url, html, "admin (English)")
        assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Deutsch").click()
    assert page.locator("html").get_attribute("lang") == "de"
    assert checked >= 25
    assert not requests.foreign(), _foreign(requests)
    html.assert_valid()


@pytest.mark.timeout(900)
def test_forms_with_errors_pass_axe(app, page, live_server):
    html = HtmlPages()
    requests = RequestLog(page, live_server["url"])
    silent = []
    public = ["/login", "/register", "/password/forgot", "/verify/resend"]
    by_role = pages_by_role(app, live_server["database"], only=FORM_PAGES_WITH_ERRORS)
    by_role["visitor"] = public + by_role["visitor"]
    by_role["admin"] = [url for url in FORMS_WITH_ERRORS if url not in public] + by_role["admin"]
    people = _people(live_server["database"])
    signed_in = False
    for role, urls in by_role.items():
        if not urls:
            continue
        if signed_in:
            page.get_by_role("button", name="Abmelden").click()
        if role != "visitor":
            _sign_in(page, people[role])
            signed_in = True
        for url in urls:
            if not _submit_empty(page, url, html, role):
                silent.append(f"{role} {url}")
    assert not silent, "forms without errors when sent empty: " + ", ".join(silent)
    assert not requests.foreign(), _foreign(requests)
    html.assert_valid()


# On the empty platform the citizen signs in for the team and account pages; the admin, who
# holds every role with pages of its own, for all others.
EMPTY_SIGN_IN = {"citizen": "buerger@leer.example", "admin": "admin@leer.example"}
# Searches and filters that find nothing, on the empty platform.
EMPTY_SEARCHES = ["/projects?q=Spielplatz", "/map?q=Spielplatz", "/projects?phase=development"]


@pytest.mark.timeout(900)
def test_the_empty_platform_passes_axe(app, empty_page, empty_server):
    page = empty_page
    roles = pages_by_role(app, empty_server["database"], with_arguments=False)
    by_account: dict[str, list[str]] = {"visitor": roles.pop("visitor") + EMPTY_SEARCHES}
    by_account["citizen"] = roles.pop("citizen")
    by_account["admin"] = [url for urls in roles.values() for url in urls]
    html = HtmlPages()
    requests = RequestLog(page, empty_server["url"])
    for account, urls in by_account.items():
        if account == "admin":
            page.get_by_role("button", name="Abmelden").click()
        if account != "visitor":
            page.goto("/login")
            page.get_by_label("E-Mail-Adresse").fill(EMPTY_SIGN_IN[account])
            page.get_by_label("Passwort").fill("leer-passwort")
            page.get_by_role("button", name="Anmelden").click()
            assert page.get_by_role("button", name="Abmelden").is_visible()
        for url in urls:
            _visit(page, url, html, f"empty platform, {account}", expected=(200,))
    assert len(by_account["admin"]) > 10 and len(by_account["citizen"]) > 3
    assert not requests.foreign(), _foreign(requests)
    html.assert_valid()
