import base64, json, traceback
import pytest
from civic.accounts.models import Role
from civic.db import db
from civic.projects import operations as ops
from civic.projects.models import Need, Milestone, JoinRequest, Invitation
from civic.projects.workflow import Phase, NeedKind, Step
from tests.factories import UserFactory, make_project
from tests.helpers import login, csrf_token
from tests.projects.plans import project_in, team

def b64(o):
    return base64.urlsafe_b64encode(json.dumps(o).encode()).decode().rstrip("=")

VALUES = ["", "x"*30000, "\x00", "a\x00b", "\n\r", "Title\r\nBcc: x@example.org", str(10**30), "1e400", "NaN", "sNaN", "Infinity", "-Infinity", "-0", "-1",
          "0000-00-00", "99999-01-01", "0001-01-01", "9999-12-31", "²", "٣", "1e-400", "1e999999999999999999", "<script>", "€", ",", "1.2.3", "1_000", "0x10"]

def test_probe(app, client):
    people = team()
    coord = UserFactory(roles=[Role.COORDINATOR])
    dev = project_in(Phase.DEVELOPMENT, people)
    imp = project_in(Phase.IMPLEMENTATION, team())
    init = project_in(Phase.INITIATION, team())
    other = project_in(Phase.IMPLEMENTATION, team())
    with app.test_request_context():
        need = ops.post_need(people[0], dev, NeedKind.OTHER, "Hilfe", "x")
        helper = UserFactory()
        offer = ops.offer_help(helper, need, "ich")
        pr = ops.request_phase_change(init.memberships[0].user, init, Step.TO_DEVELOPMENT, "m")
        db.session.commit()
    ms = db.session.query(Milestone).filter_by(project_id=imp.id).first()
    problems = []
    def check(method, url, data=None, who=None):
        try:
            if method == "GET":
                r = client.get(url)
            else:
                r = client.post(url, data=data)
            if r.status_code >= 500:
                problems.append((method, url, {k: (v[:40] if isinstance(v, str) else v) for k, v in (data or {}).items()}, r.status_code))
        except Exception as e:
            problems.append((method, url, {k: (v[:40] if isinstance(v, str) else v) for k, v in (data or {}).items()}, repr(e)[:300]))
            db.session.rollback()
    # anonymous / query strings
    for v in VALUES + [b64([{"t": "2020-01-01T00:00:00"}, 1]), b64([1, 2]), b64([{"t": "0001-01-01T00:00:00+14:00"}, 1]), b64([{"t":"9999-12-31T23:59:59-14:00"}, 1]), b64(["a", 1]), b64([2**61, 2**61]), b64([{"t": 5}, 1]), b64({"a":1}), b64([[1],[2]]), b64([1.5, 2])]:
        for sort in ("newest", "supporters", "active"):
            for p in ("after", "before"):
                check("GET", f"/projects?sort={sort}&{p}={v}")
        check("GET", f"/needs?after={v}")
        check("GET", f"/needs?before={v}")
        for arg in ("district", "topic", "phase", "state", "kind", "needs", "sort"):
            check("GET", "/projects?" + arg + "=" + v)
    login(client, people[0].email)
    tok = csrf_token(client, "/imprint")
    forms = {
        f"/projects/new": ["title", "summary", "description", "concept", "districts", "topics", "location_name", "latitude", "longitude", "image_alt"],
        f"/projects/{dev.id}/edit": ["title", "summary", "description", "concept", "districts", "topics", "location_name", "latitude", "longitude", "image_alt", "publish"],
        f"/projects/{dev.id}/needs/new": ["kind", "title", "description"],
        f"/projects/{dev.id}/needs/{need.id}/edit": ["kind", "title", "description"],
        f"/projects/{dev.id}/needs/{need.id}/close": ["outcome"],
        f"/projects/{dev.id}/plan/edit": ["goals", "note", "own_contribution", "other_funding", "other_funding_note", "milestones-0-title", "milestones-0-due", "cost_lines-0-label", "cost_lines-0-amount", "milestones-999999999999999999999-title"],
        f"/projects/{dev.id}/team/invite": ["email", "message"],
        f"/projects/{dev.id}/team/hand-over": ["member", "stay_initiator"],
        f"/projects/{dev.id}/team/members/{dev.memberships[1].id}/task": ["task"],
        f"/projects/{dev.id}/state/pause": ["reason"],
        f"/projects/{dev.id}/phase": ["step", "message"],
        f"/projects/{imp.id}/report": ["report", "cost"],
        f"/projects/{imp.id}/milestones/{ms.id}/done": ["note"],
    }
    base = {"title": "Ein Titel hier", "summary": "s", "districts": str(dev.districts[0].id), "topics": str(dev.topics[0].id), "kind": "other", "outcome": "met", "goals": "g", "email": "a@example.org", "member": str(dev.memberships[1].user_id), "step": "implementation", "report": "r"*300, "cost": "5"}
    for url, fields in forms.items():
        if "/report" in url or "/milestones/" in url:
            continue
        for f in fields:
            for v in VALUES:
                data = {"csrf_token": tok, **base, f: v}
                check("POST", url, data)
    for v in VALUES:
        check("GET", f"/projects/{dev.id}/timeline?page={v}")
        check("GET", f"/projects/{dev.id}/needs/{need.id}/close?outcome={v}")
    client.post("/logout", data={"csrf_token": tok})
    login(client, imp.memberships[0].user.email)
    tok = csrf_token(client, "/imprint")
    for url in (f"/projects/{imp.id}/report", f"/projects/{imp.id}/milestones/{ms.id}/done"):
        for f in forms[url]:
            for v in VALUES:
                check("POST", url, {"csrf_token": tok, **base, f: v})
    # cross project ids
    oms = db.session.query(Milestone).filter_by(project_id=other.id).first()
    check("POST", f"/projects/{imp.id}/milestones/{oms.id}/done", {"csrf_token": tok, "note": "x"})
    client.post("/logout", data={"csrf_token": tok})
    login(client, coord.email)
    tok = csrf_token(client, "/imprint")
    for v in VALUES:
        check("GET", f"/admin/projects?q={v}")
        check("GET", f"/admin/projects?phase={v}")
        check("GET", f"/admin/projects?page={v}")
        check("GET", f"/admin/coordination?page={v}")
        for f in ("decision", "reason"):
            check("POST", f"/admin/coordination/{pr.id}", {"csrf_token": tok, "decision": "decline", "reason": "r", f: v})
        for f in ("contact",):
            check("POST", f"/admin/projects/{dev.id}", {"csrf_token": tok, "assign": "1", f: v})
        check("POST", f"/admin/projects/{dev.id}", {"csrf_token": tok, "save_featured": "1", "featured": v})
    for p in problems:
        print(p)
    assert not problems
