"""The download of one's own data streams in constant memory: a person with 100,000 comments
gets every one of them, and the Python memory the download needs at its peak is not ten times
what 10,000 comments cost (the method of tests/opendata/test_export_memory.py)."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from flask import Flask
from sqlalchemy import func, select

from civic.db import db, utcnow
from civic.participation.models import Comment
from tests.factories import PASSWORD, UserFactory, make_project
from tests.helpers import csrf_token, login

FEW = 10_000
MANY = 100_000
INSERT_BATCH = 5_000
# As in tests/opendata/test_export_memory.py: streaming holds one batch of rows and one piece
# of output, so the peak for MANY stays well below twice the peak for FEW plus this slack;
# reading every comment at once would cost about ten times as much.
SLACK = 1024 * 1024


class Writer:
    """A person and their comments, inserted in bulk up to a number."""

    def __init__(self) -> None:
        self.person = UserFactory(display_name="Viel Schreiberin")
        self.project_id = make_project().id
        self.next_id = (db.session.scalar(select(func.max(Comment.id))) or 0) + 1
        self.count = 0

    def grow_to(self, total: int) -> None:
        now = utcnow()
        while self.count < total:
            size = min(total - self.count, INSERT_BATCH)
            ids = range(self.next_id, self.next_id + size)
            db.session.execute(
                Comment.__table__.insert(),
                [
                    {
                        "id": i,
                        "project_id": self.project_id,
                        "author_id": self.person.id,
                        "body_markdown": f"Kommentar Nummer {i}: Wann gießen wir die Beete?",
                        "body_html": f"<p>Kommentar Nummer {i}: Wann gießen wir die Beete?</p>",
                        "created_at": now,
                        "reply_count": 0,
                        "hidden_reason": "",
                    }
                    for i in ids
                ],
            )
            self.next_id += size
            self.count += size
        db.session.commit()


def comments_in(chunks) -> int:
    """Comments of the JSON download as they arrive (each is one line of the file)."""
    return sum(chunk.count(b'"body_markdown": "Kommentar Nummer') for chunk in chunks)


def download(app: Flask, email: str) -> tuple[int, int, bytes]:
    """The comments of one's data download read chunk by chunk, the peak of Python's memory
    meanwhile, and the file's last bytes."""
    client = app.test_client()
    login(client, email)
    token = csrf_token(client, "/account/data")
    tracemalloc.start()
    try:
        response = client.post(
            "/account/data",
            data={"csrf_token": token, "password": PASSWORD, "data": "1"},
            buffered=False,
        )
        assert response.status_code == 200
        last = b""
        count = 0
        try:
            for chunk in response.response:
                count += comments_in([chunk])
                last = (last + chunk)[-200:]
        finally:
            response.close()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak, last


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


@pytest.mark.timeout(900)
def test_the_data_of_a_person_with_100000_comments_streams_in_constant_memory(app: Flask) -> None:
    writer = Writer()
    email = writer.person.email
    writer.grow_to(1_000)  # a first download fills the caches
    assert download(app, email)[0] == 1_000
    writer.grow_to(FEW)
    few, few_peak, _last = download(app, email)
    writer.grow_to(MANY)
    many, many_peak, last = download(app, email)
    assert few == FEW
    assert many == MANY, f"{many} of {MANY} comments arrived"
    assert last.rstrip().endswith(b"}}")
    assert many_peak < 2 * few_peak + SLACK, (
        f"{megabytes(many_peak)} at the peak for {MANY} comments, {megabytes(few_peak)} for "
        f"{FEW}: the download holds rows in memory"
    )


def test_the_downloaded_file_is_valid_json_with_every_comment(app: Flask) -> None:
    writer = Writer()
    writer.grow_to(1_234)
    client = app.test_client()
    login(client, writer.person.email)
    token = csrf_token(client, "/account/data")
    response = client.post(
        "/account/data",
        data={"csrf_token": token, "password": PASSWORD, "data": "1"},
    )
    data = json.loads(response.get_data(as_text=True))
    comments = data["records"]["comments"]["author_id"]
    assert len(comments) == 1_234
    assert [c["id"] for c in comments] == sorted(c["id"] for c in comments)
