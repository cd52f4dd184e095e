"""The authorization matrix: every endpoint of the application × every role × GET and POST.

``RULES`` declares, in one table, who may use each endpoint. Everybody else must be refused —
403 or 404 for people who are signed in, 403/404 or the sign-in page for visitors — and a
refused request must not change any data (no INSERT, UPDATE or DELETE reaches the database).
Whoever may use an endpoint gets anything but a refusal or a server error. POSTs are sent with
empty bodies and with CSRF checks switched off, so that the authorization layer is what
answers (tests/security/test_csrf.py checks the tokens).

A new endpoint without an entry in ``RULES`` fails ``test_every_endpoint_has_a_rule``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy.engine import Connection

from tests.security.routes import (
    ROLES,
    Scene,
    client,
    endpoints,
    isolated,
    login_redirect,
    scene_transaction,
    url_of,
)

EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
SIGNED_IN = EVERYONE - {"visitor"}
# Signed in and not blocked by moderation: the people who post.
POSTING = SIGNED_IN - {"blocked"}
TEAM = frozenset({"team"})
ADMIN = frozenset({"admin"})
COORDINATION = frozenset({"coordinator", "admin"})
MODERATION = frozenset({"moderator", "admin"})
OFFICER = frozenset({"officer"})
FUND_STAFF = frozenset({"officer", "admin"})
COUNCIL = frozenset({"council", "mentor"})
STAFF = frozenset({"coordinator", "officer", "moderator", "admin"})
WORKSPACE = TEAM | {"mentor"} | COORDINATION
# The token in the address decides, not the person: everybody gets the same answer.
SAME_FOR_ALL = frozenset({"*same*"})


@dataclass(frozen=True)
class Rule:
    """Who may GET and who may POST (the same people unless ``post`` says otherwise).
    ``explained``: people who are refused on the form itself (200 with the reason shown),
    which must not write anything either."""

    get: frozenset[str]
    post: frozenset[str] | None = None
    explained: frozenset[str] = frozenset()

    def allowed(self, method: str) -> frozenset[str]:
        return self.get if method == "GET" or self.post is None else self.post


def rule(
    get: frozenset[str], post: frozenset[str] | None = None, explained: frozenset[str] = NOBODY
) -> Rule:
    return Rule(frozenset(get), None if post is None else frozenset(post), frozenset(explained))


# Endpoint → who may use it. The objects each URL points to are in tests/security/routes.py
# (``URL_ARGS``): e.g. the initiation project of the team, the draft application, the comment
# the citizen wrote, the event the council member organises.
RULES: dict[str, Rule] = {
    # accounts
    "accounts.change_email": rule(SIGNED_IN),
    "accounts.change_password": rule(SIGNED_IN),
    "accounts.check_mail": rule(EVERYONE),
    "accounts.edit_council_profile": rule({"council", "admin"}),
    "accounts.edit_profile": rule(SIGNED_IN),
    "accounts.forgot_password": rule(EVERYONE),
    "accounts.login": rule(EVERYONE),
    "accounts.logout": rule(EVERYONE),
    "accounts.profile": rule(EVERYONE),
    "accounts.register": rule(EVERYONE),
    "accounts.resend_verification": rule(EVERYONE),
    "accounts.reset_password": rule(SAME_FOR_ALL),
    "accounts.settings": rule(SIGNED_IN),
    "accounts.verify_email": rule(SAME_FOR_ALL),
    "accounts.delete_account": rule(SIGNED_IN),
    "accounts.export_data": rule(SIGNED_IN),
    # Without a pending first step, visitors are sent back to the sign-in page.
    "accounts.login_second_step": rule(SIGNED_IN),
    # The second factor is for staff accounts.
    "accounts.totp_begin": rule(STAFF),
    "accounts.totp_disable": rule(STAFF),
    "accounts.totp_settings": rule(STAFF),
    "accounts.totp_setup": rule(STAFF),
    # admin area
    "admin.audit_log": rule(ADMIN),
    "admin.coordination": rule(COORDINATION),
    "admin.decide_phase_request": rule(COORDINATION),
    "admin.delete_term": rule(COORDINATION),
    "admin.edit_fund": rule(ADMIN),
    "admin.feedback_detail": rule(ADMIN),
    "admin.feedback_list": rule(ADMIN),
    "admin.edit_page": rule(ADMIN),
    "admin.edit_term": rule(COORDINATION),
    "admin.funds": rule(ADMIN),
    "admin.index": rule(COORDINATION),
    "admin.new_fund": rule(ADMIN),
    "admin.pages": rule(ADMIN),
    "admin.project": rule(COORDINATION),
    "admin.projects": rule(COORDINATION),
    "admin.reset_page": rule(ADMIN),
    "admin.revoke_role": rule(ADMIN),
    "admin.set_active": rule(ADMIN),
    "admin.settings": rule(ADMIN),
    "admin.terms": rule(COORDINATION),
    "admin.user_detail": rule(ADMIN),
    "admin.users": rule(ADMIN),
    # the read-only API
    "api.districts": rule(EVERYONE),
    "api.event": rule(EVERYONE),
    "api.events": rule(EVERYONE),
    "api.fund": rule(EVERYONE),
    "api.funds": rule(EVERYONE),
    "api.openapi_document": rule(EVERYONE),
    "api.project": rule(EVERYONE),
    "api.projects": rule(EVERYONE),
    "api.statistics": rule(EVERYONE),
    "api.topics": rule(EVERYONE),
    # core
    "core.easy_read": rule(EVERYONE),
    "core.feedback_sent": rule(EVERYONE),
    "core.glossary": rule(EVERYONE),
    "core.healthz": rule(EVERYONE),
    "core.send_feedback": rule(EVERYONE),
    "core.home": rule(EVERYONE),
    "core.logo": rule(SAME_FOR_ALL),
    "core.page": rule(EVERYONE),
    "core.set_language": rule(EVERYONE),
    "core.theme_css": rule(EVERYONE),
    "static": rule(EVERYONE),
    # events (organised by the council member)
    "events.cancel": rule({"council"} | COORDINATION),
    "events.detail": rule(EVERYONE),
    "events.edit": rule({"council"} | COORDINATION),
    "events.feed": rule(EVERYONE),
    "events.ics_event": rule(EVERYONE),
    "events.index": rule(EVERYONE),
    "events.new": rule(COUNCIL | COORDINATION),
    "events.participants": rule({"council"} | COORDINATION),
    "events.register": rule(SIGNED_IN),
    "events.report": rule({"council"} | COORDINATION),
    # Acts on one's own registration only (nothing happens without one).
    "events.unregister": rule(SIGNED_IN),
    # the fund
    "fund.application": rule(TEAM | FUND_STAFF),
    "fund.apply": rule(TEAM),
    "fund.check": rule(OFFICER),
    "fund.confirm_decision": rule(OFFICER),
    "fund.decide": rule(OFFICER),
    "fund.decisions_csv": rule(EVERYONE),
    "fund.edit_application": rule(TEAM),
    "fund.index": rule(EVERYONE),
    "fund.judge_proof": rule(OFFICER),
    "fund.notice": rule(TEAM | FUND_STAFF),
    "fund.payments": rule(FUND_STAFF, post=OFFICER),
    "fund.project_applications": rule(TEAM),
    "fund.proof": rule(TEAM),
    "fund.queue": rule(FUND_STAFF),
    "fund.receipt": rule(TEAM | FUND_STAFF),
    "fund.remove_receipt": rule(TEAM),
    "fund.review": rule(OFFICER),
    "fund.start_check": rule(OFFICER),
    "fund.submit_application": rule(TEAM),
    "fund.withdraw_application": rule(TEAM),
    "fund.year": rule(EVERYONE),
    # mentoring (the team asked the council member; the mentor mentors the team)
    "mentoring.accept": rule({"council"}),
    "mentoring.answer_question": rule({"mentor"}),
    "mentoring.bring_question": rule({"mentor"}),
    "mentoring.close_mediation": rule(TEAM | {"mentor"}),
    "mentoring.dashboard": rule(COUNCIL),
    "mentoring.decline": rule({"council"}),
    "mentoring.end": rule(WORKSPACE),
    "mentoring.hurdle": rule(WORKSPACE, post=TEAM | {"mentor"}),
    "mentoring.hurdles": rule(WORKSPACE, post=TEAM | {"mentor"}),
    "mentoring.introduction_outcome": rule(TEAM | {"mentor"}),
    "mentoring.introductions": rule(WORKSPACE, post={"mentor"}),
    "mentoring.mediation": rule(TEAM | {"mentor"}),
    "mentoring.mediation_list": rule(WORKSPACE, post=TEAM),
    # Asking a mentor: members of any project's team (for their own project).
    "mentoring.mentor": rule(EVERYONE, post=TEAM | {"other_team"}),
    "mentoring.mentors": rule(EVERYONE),
    "mentoring.offer": rule(COUNCIL),
    "mentoring.project_mentors": rule(WORKSPACE),
    "mentoring.publish_question": rule(TEAM),
    "mentoring.question": rule(WORKSPACE),
    "mentoring.questions": rule(WORKSPACE, post=TEAM | {"mentor"}),
    "mentoring.withdraw": rule(TEAM),
    "mentoring.workspace": rule(WORKSPACE),
    # moderation (the citizen's comment was reported)
    "moderation.block": rule(MODERATION),
    "moderation.blocks": rule(MODERATION),
    "moderation.deleted": rule(MODERATION),
    "moderation.dismiss": rule(MODERATION),
    "moderation.hide": rule(MODERATION),
    "moderation.item": rule(MODERATION),
    "moderation.queue": rule(MODERATION),
    "moderation.report": rule(POSTING),
    "moderation.restore": rule(MODERATION),
    "moderation.restore_deleted": rule(MODERATION),
    "moderation.unblock": rule(MODERATION),
    "moderation.user": rule(MODERATION),
    # open data
    "opendata.district_projects_feed": rule(EVERYONE),
    "opendata.events_feed": rule(EVERYONE),
    "opendata.fund_decisions_csv": rule(EVERYONE),
    "opendata.fund_decisions_geojson": rule(EVERYONE),
    "opendata.index": rule(EVERYONE),
    "opendata.map": rule(EVERYONE),
    "opendata.projects_csv": rule(EVERYONE),
    "opendata.projects_feed": rule(EVERYONE),
    "opendata.projects_geojson": rule(EVERYONE),
    "opendata.statistics": rule(EVERYONE),
    "opendata.topic_projects_feed": rule(EVERYONE),
    # participation (the citizen wrote the comment and follows the project)
    "participation.comments": rule(EVERYONE),
    "participation.delete_comment": rule({"citizen"}),
    "participation.delete_update": rule(TEAM),
    "participation.edit_comment": rule({"citizen"}),
    "participation.edit_update": rule(TEAM),
    "participation.feed": rule(EVERYONE),
    "participation.follow": rule(SIGNED_IN),
    "participation.following": rule(SIGNED_IN),
    "participation.mark_all_read": rule(SIGNED_IN),
    "participation.mark_read": rule({"citizen"}),
    # A blocked person is told on the form that the account is blocked.
    "participation.new_comment": rule(POSTING, explained={"blocked"}),
    "participation.new_update": rule(TEAM),
    "participation.notifications": rule(SIGNED_IN),
    "participation.open_notification": rule({"citizen"}),
    "participation.project_feed": rule(EVERYONE),
    "participation.settings": rule(SIGNED_IN),
    "participation.unfollow": rule(SIGNED_IN),
    "participation.unsubscribe": rule(SAME_FOR_ALL),
    "participation.update_image": rule(SAME_FOR_ALL),
    "participation.updates": rule(EVERYONE),
    # projects (the team's initiation project unless the entry in URL_ARGS says otherwise)
    "projects.answer_join_request": rule(TEAM),
    "projects.answer_offer": rule(TEAM),
    "projects.board": rule(EVERYONE),
    "projects.cancel_phase_request": rule(TEAM),
    "projects.close_need": rule(TEAM),
    "projects.delete_draft": rule(TEAM),
    "projects.detail": rule(EVERYONE),
    "projects.edit": rule(TEAM),
    "projects.edit_need": rule(TEAM),
    "projects.edit_plan": rule(TEAM),
    "projects.final_report": rule(TEAM),
    "projects.hand_over": rule(TEAM),
    "projects.image": rule(EVERYONE),
    "projects.index": rule(EVERYONE),
    "projects.invitation": rule(SAME_FOR_ALL),
    "projects.invite": rule(TEAM),
    "projects.join": rule(POSTING - TEAM),
    # The other team's project, where the team is a plain member.
    "projects.leave": rule(TEAM | {"other_team"}),
    "projects.member_task": rule(TEAM),
    "projects.milestone_done": rule(TEAM),
    "projects.mine": rule(SIGNED_IN),
    "projects.need": rule(EVERYONE),
    "projects.new": rule(POSTING),
    "projects.new_need": rule(TEAM),
    "projects.offer": rule(POSTING - TEAM),
    # The gate checklist is public; the request is the team's.
    "projects.phase_request": rule(EVERYONE, post=TEAM),
    "projects.plan": rule(EVERYONE),
    "projects.plan_version": rule(EVERYONE),
    "projects.publish": rule(TEAM),
    "projects.reopen_milestone": rule(TEAM),
    "projects.revoke_invitation": rule(TEAM),
    "projects.similar": rule(EVERYONE),
    "projects.state_change": rule(TEAM),
    "projects.support": rule(SIGNED_IN),
    "projects.team": rule(TEAM),
    "projects.timeline": rule(EVERYONE),
    # Acts on one's own join request only (nothing happens without one).
    "projects.withdraw_join": rule(SIGNED_IN),
    "projects.withdraw_offer": rule({"citizen"}),
    "projects.withdraw_support": rule(SIGNED_IN),
    # The same endpoints on other objects (the objects are named in URL_ARGS).
    "projects.detail@draft": rule(TEAM | COORDINATION),
    # A hidden project's page shows everybody a notice in its place.
    "projects.detail@hidden": rule(EVERYONE),
    "projects.timeline@draft": rule(TEAM | COORDINATION),
    "projects.timeline@hidden": rule(TEAM | MODERATION),
    "projects.image@hidden": rule(TEAM | MODERATION),
    "participation.comments@hidden": rule(TEAM | MODERATION),
    "participation.updates@draft": rule(TEAM | COORDINATION),
    "mentoring.workspace@draft": rule(NOBODY),
    "api.project@draft": rule(NOBODY),
    "api.project@hidden": rule(NOBODY),
    "projects.edit@paused": rule(TEAM),
    "projects.state_change@resume": rule(TEAM),
    "projects.support@draft": rule(NOBODY),
    "fund.application@approved": rule(TEAM | FUND_STAFF),
    # A project in initiation may not apply yet: the team is told why, others are refused.
    "fund.apply@initiation": rule(TEAM),
    "moderation.report@hidden": rule(NOBODY),
    # Nobody blocks an admin.
    "moderation.block@admin": rule(NOBODY),
    # Departments are kept by admins only.
    "admin.terms@departments": rule(ADMIN),
    "admin.edit_term@departments": rule(ADMIN),
    "admin.delete_term@departments": rule(ADMIN),
}


@pytest.fixture(scope="module")
def world(app: Flask) -> Iterator[tuple[Connection, Scene]]:
    with scene_transaction(app) as built:
        app.config["WTF_CSRF_ENABLED"] = False
        try:
            yield built
        finally:
            app.config["WTF_CSRF_ENABLED"] = True


@pytest.fixture(autouse=True)
def _rollback(world: tuple[Connection, Scene]) -> Iterator[None]:
    """Replaces the suite's per-test transaction: the module's scene lives in one transaction
    and every request in a savepoint of its own (``isolated``)."""
    yield


def test_every_endpoint_has_a_rule(app: Flask) -> None:
    missing = sorted(set(endpoints(app)) - set(RULES))
    assert not missing, (
        f"endpoints without an entry in RULES of {__file__}: {missing}. Add one saying who may "
        "use each (and its URL arguments to URL_ARGS in tests/security/routes.py)."
    )
    stale = sorted({name for name in RULES if name.partition("@")[0] not in endpoints(app)})
    assert not stale, f"entries in RULES for endpoints that no longer exist: {stale}"


def _verdict(rule_: Rule, role: str, method: str, response, writes: list[str]) -> str | None:
    """What is wrong with the answer (None when it is as the table says)."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if role in rule_.allowed(method):
        if status in (401, 403, 404) or login_redirect(response):
            return f"refused ({status} {response.headers.get('Location', '')})"
        return None
    if writes:
        return f"refused with {status} but changed data: {writes}"
    if status in (403, 404) or (role == "visitor" and (status == 401 or login_redirect(response))):
        return None
    if status == 200 and role in rule_.explained:
        return None
    return f"not refused: {status} {response.headers.get('Location', '')}"


@pytest.mark.parametrize("endpoint", sorted(RULES))
def test_who_may_use_the_endpoint(app: Flask, world: tuple[Connection, Scene], endpoint) -> None:
    connection, scene = world
    rule_ = RULES[endpoint]
    methods = sorted(endpoints(app).get(endpoint.partition("@")[0], set()))
    assert methods, f"{endpoint} is not an endpoint of the application"
    url = url_of(app, scene, endpoint)
    problems = []
    for method in methods:
        statuses = {}
        for role in ROLES:
            with isolated(app, connection) as writes:
                response = client(app, scene, role).open(url, method=method)
                response.close()  # files and streamed downloads
                statuses[role] = response.status_code
                if rule_.allowed(method) == SAME_FOR_ALL:
                    if response.status_code >= 500 or writes.statements:
                        problems.append(f"{method} as {role}: {response.status_code}")
                    continue
                wrong = _verdict(rule_, role, method, response, writes.statements)
            if wrong:
                problems.append(f"{method} {url} as {role}: {wrong}")
        if rule_.allowed(method) == SAME_FOR_ALL and len(set(statuses.values())) > 1:
            problems.append(f"{method} {url} answers differently per role: {statuses}")
    assert not problems, "\n".join(problems)
