"""Full-text search over projects, with German stemming, behind one interface.

Each project has one search document: its title, its summary, and the rest of what it says
(description, concept and the current implementation plan). The document lives beside the
project and follows it: whenever a flush adds a project, changes one of those texts or saves a
new plan version, :func:`_follow_changes` writes it again in the same transaction.

- **SQLite** (the embedded default): an FTS5 table ``project_fts`` holds the German Snowball
  stems of the three parts, computed in Python; the ranking is BM25 with the title weighted
  highest.
- **PostgreSQL**: the table ``project_search`` holds a ``tsvector`` made with the ``german``
  configuration (title weighted A, summary B, the rest C) under a GIN index; the ranking is
  ``ts_rank``.

On both, a project whose title matches comes before every project that matches elsewhere only,
and the words of a query must all occur (:func:`apply_search`), or any of them for similar
projects (``any_word=True``). Both tables are created by the migrations only, and are left out
of the comparison of models and migrations (``civic.db.UNMANAGED_TABLES``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import snowballstemmer
from markupsafe import Markup, escape
from sqlalchemy import ColumnElement, Float, Integer, Select, case, event, func, inspect, select
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from civic.core.sanitize import plain_text
from civic.projects.models import PlanVersion, Project

# A query longer than this is cut; nobody types more, and each word costs.
MAX_WORDS = 12
MAX_QUERY_LENGTH = 200

# The Snowball list of German stop words, as PostgreSQL's ``german`` configuration uses it.
STOPWORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den des
    dem die das dass daß derselbe derselben denselben desselben demselben dieselbe dieselben
    dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du dies
    diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig
    einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren
    eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir
    ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes jene
    jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte
    machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines
    mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen
    seiner seines selbst sich sie ihnen sind so solche solchem solchen solcher solches soll
    sollte sondern sonst über um und uns unsere unserem unseren unser unseres unter viel vom
    von vor während war waren warst was weg weil weiter welche welchem welchen welcher welches
    wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur
    zwar zwischen
    """.split()
)

_WORD = re.compile(r"\w+")
_stemmer = snowballstemmer.stemmer("german")


def words(text: str) -> list[str]:
    """The words of a text, case-folded, without stop words."""
    return [w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS]


def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def query_words(query: str) -> list[str]:
    """The words of what someone typed into the search field, each once, at most MAX_WORDS."""
    seen: dict[str, None] = {}
    for word in words(query[:MAX_QUERY_LENGTH].replace("\x00", "")):
        seen.setdefault(word[:60], None)
    return list(seen)[:MAX_WORDS]


def is_searchable(query: str) -> bool:
    return bool(query_words(query))


# --- the search documents ----------------------------------------------------------------------


def _plan_text(plan: Any) -> str:
    parts = [plan.goals, plan.team_roles, plan.risks, plan.resources, plan.partners]
    for milestone in plan.milestones or []:
        parts += [str(milestone.get("title", "")), str(milestone.get("description", ""))]
    parts += [str(line.get("label", "")) for line in plan.cost_lines or []]
    return "\n".join(p for p in parts if p)


def _documents(connection: Connection, project_ids: list[int]) -> list[tuple[int, str, str, str]]:
    projects = connection.execute(
        select(
            Project.id,
            Project.title,
            Project.summary,
            Project.description_html,
            Project.concept_html,
        ).where(Project.id.in_(project_ids))
    ).all()
    latest = (
        select(func.max(PlanVersion.id))
        .where(PlanVersion.project_id.in_(project_ids))
        .group_by(PlanVersion.project_id)
    )
    plans = {
        plan.project_id: _plan_text(plan)
        for plan in connection.execute(
            select(
                PlanVersion.project_id,
                PlanVersion.goals,
                PlanVersion.team_roles,
                PlanVersion.risks,
                PlanVersion.resources,
                PlanVersion.partners,
                PlanVersion.milestones,
                PlanVersion.cost_lines,
            ).where(PlanVersion.id.in_(latest))
        )
    }
    return [
        (
            p.id,
            p.title,
            p.summary,
            "\n".join(
                [
                    plain_text(p.description_html or ""),
                    plain_text(p.concept_html or ""),
                    plans.get(p.id, ""),
                ]
            ),
        )
        for p in projects
    ]


def _stems(text: str) -> str:
    return " ".join(stem(w) for w in words(text))


def reindex(connection: Connection, project_ids: Iterable[int]) -> None:
    """Write the search documents of these projects again."""
    ids = sorted(set(project_ids))
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        documents = _documents(connection, batch)
        if connection.dialect.name == "sqlite":
            connection.execute(
                sql_text("DELETE FROM project_fts WHERE rowid = :id"), [{"id": i} for i in batch]
            )
            if documents:
                connection.execute(
                    sql_text(
                        "INSERT INTO project_fts (rowid, title, summary, body) "
                        "VALUES (:id, :title, :summary, :body)"
                    ),
                    [
                        {"id": i, "title": _stems(t), "summary": _stems(s), "body": _stems(b)}
                        for i, t, s, b in documents
                    ],
                )
        elif documents:
            connection.execute(
                sql_text(
                    "INSERT INTO project_search (project_id, title_vector, document) VALUES "
                    "(:id, to_tsvector('german', :title), "
                    "setweight(to_tsvector('german', :title), 'A') || "
                    "setweight(to_tsvector('german', :summary), 'B') || "
                    "setweight(to_tsvector('german', :body), 'C')) "
                    "ON CONFLICT (project_id) DO UPDATE SET "
                    "title_vector = excluded.title_vector, document = excluded.document"
                ),
                [{"id": i, "title": t, "summary": s, "body": b} for i, t, s, b in documents],
            )


def rebuild(connection: Connection) -> int:
    """Write every project's search document again (after a bulk import or a restore)."""
    if connection.dialect.name == "sqlite":
        connection.execute(sql_text("DELETE FROM project_fts"))
    else:
        connection.execute(sql_text("DELETE FROM project_search"))
    ids = list(connection.scalars(select(Project.id).order_by(Project.id)))
    reindex(connection, ids)
    return len(ids)


_INDEXED = ("title", "summary", "description_html", "concept_html")


@event.listens_for(Session, "after_flush")
def _follow_changes(session: Session, flush_context: Any) -> None:
    ids: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Project):
            ids.add(obj.id)
        elif isinstance(obj, PlanVersion):
            ids.add(obj.project_id)
    for obj in session.dirty:
        if isinstance(obj, Project):
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in _INDEXED):
                ids.add(obj.id)
    if ids:
        reindex(session.connection(), ids)


# --- searching ---------------------------------------------------------------------------------


def _fts_query(query_terms: list[str], any_word: bool) -> str:
    # Stems are word characters only; quoting keeps FTS5 from reading any of them as syntax.
    return (" OR " if any_word else " AND ").join(f'"{stem(w)}"' for w in query_terms)


def apply_search(
    stmt: Select[Any], query: str, *, any_word: bool = False
) -> tuple[Select[Any], list[ColumnElement[Any]]]:
    """Narrow a select of projects to those matching the query; returns it with the ordering
    by relevance (title matches first, then the rank, then the newest id)."""
    terms = query_words(query)
    if not terms:
        return stmt.where(sql_text("1 = 0")), [Project.id.desc()]
    dialect = stmt_dialect()
    if dialect == "sqlite":
        match = _fts_query(terms, any_word)
        hits = (
            sql_text(
                "SELECT rowid AS project_id, -bm25(project_fts, 10.0, 4.0, 1.0) AS score "
                "FROM project_fts WHERE project_fts MATCH :match"
            )
            .bindparams(match=match)
            .columns(sql_column("project_id", Integer), sql_column("score", Float))
            .subquery("hits")
        )
        in_title = (
            sql_text("SELECT rowid FROM project_fts WHERE project_fts MATCH :title_match")
            .bindparams(title_match=f"title : ({match})")
            .columns(sql_column("rowid", Integer))
        )
        stmt = stmt.join(hits, hits.c.project_id == Project.id)
        title_first = case((Project.id.in_(in_title), 1), else_=0)
        return stmt, [title_first.desc(), hits.c.score.desc(), Project.id.desc()]
    search = sql_table(
        "project_search",
        sql_column("project_id", Integer),
        sql_column("title_vector"),
        sql_column("document"),
    )
    tsquery = func.to_tsquery("german", (" | " if any_word else " & ").join(terms))
    stmt = stmt.join(search, search.c.project_id == Project.id).where(
        search.c.document.op("@@")(tsquery)
    )
    title_first = case((search.c.title_vector.op("@@")(tsquery), 1), else_=0)
    rank = func.ts_rank(search.c.document, tsquery)
    return stmt, [title_first.desc(), rank.desc(), Project.id.desc()]


def stmt_dialect() -> str:
    from civic.db import db

    return db.session.get_bind().dialect.name


# --- showing the hits --------------------------------------------------------------------------


def highlight(text: str, query: str) -> Markup:
    """The text, escaped, with every word that matches the query marked."""
    wanted = {stem(w) for w in query_words(query)}
    if not wanted or not text:
        return escape(text)
    out: list[str] = []
    last = 0
    for found in _WORD.finditer(text):
        word = found.group(0).casefold()
        if word not in STOPWORDS and stem(word) in wanted:
            out.append(str(escape(text[last : found.start()])))
            out.append(f"<mark>{escape(found.group(0))}</mark>")
            last = found.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))  # noqa: S704 - every part above is escaped


def excerpt(text: str, query: str, width: int = 160) -> Markup | None:
    """A short passage of the text around the first matching word, marked; None when no word
    of the text matches."""
    wanted = {stem(w) for w in query_words(query)}
    for found in _WORD.finditer(text):
        word = found.group(0).casefold()
        if word not in STOPWORDS and stem(word) in wanted:
            start = max(0, found.start() - width // 2)
            end = min(len(text), start + width)
            if start > 0:
                space = text.find(" ", start)
                start = space + 1 if 0 <= space < found.start() else start
            if end < len(text):
                space = text.rfind(" ", found.end(), end)
                end = space if space > 0 else end
            passage = " ".join(text[start:end].split())
            return Markup("{}{}{}").format(
                "… " if start > 0 else "",
                highlight(passage, query),
                " …" if end < len(text) else "",
            )
    return None
