from civic.projects.models import Project
from tests.factories import UserFactory, make_project
from tests.helpers import login, submit, csrf_token

def test_newline(app, client, mailbox):
    u = UserFactory()
    p = make_project(u)
    login(client, u.email)
    page = f"/projects/{p.id}/edit"
    r = submit(client, page, {"title": "Evil\r\nBcc: x@example.org title", "summary": "s", "districts": str(p.districts[0].id), "topics": str(p.topics[0].id)})
    print(r.status_code)
    from civic.db import db
    db.session.expire_all()
    print(repr(db.session.get(Project, p.id).title))
    r = submit(client, f"/projects/{p.id}/team", {"email": "new@example.org", "message": "hi"}, action=f"/projects/{p.id}/team/invite")
    print(r.status_code)
    assert r.status_code < 500
