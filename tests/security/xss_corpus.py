"""Hostile text for every field a person can fill in: cross-site scripting in all the forms
seen in attacks on participation platforms.

Each payload, if it ever ran in a browser, would either set the global ``window.__xss`` or open
a dialog (``alert``/``confirm``/``prompt``); the browser test listens for both. The payloads
are kept short enough for most name fields; :func:`fitting` picks the ones that fit a column.
"""

from __future__ import annotations

from itertools import cycle

SCRIPT = [
    "<script>window.__xss=1</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script src=data:,window.__xss=1></script>",
    "</title><script>window.__xss=1</script>",
    "</textarea><script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script>",
    "<scr<script>ipt>window.__xss=1</script>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=window.__xss=1>",
    '<img src=x onerror="alert(1)">',
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<video><source onerror=window.__xss=1></video>",
    "<div onmouseover=window.__xss=1 style=position:fixed;inset:0>x</div>",
    "<marquee onstart=window.__xss=1>x</marquee>",
]

URLS = [
    "<a href=javascript:window.__xss=1>x</a>",
    "<a href=JaVaScRiPt:alert(1)>x</a>",
    "<a href='jav&#x09;ascript:window.__xss=1'>x</a>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    "<a href=data:text/html,<script>alert(1)</script>>x</a>",
    "<iframe src=javascript:window.__xss=1></iframe>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
]

SVG_AND_MATHML = [
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "<svg><a xlink:href=javascript:alert(1)><text y=20>x</text></a></svg>",
    "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<math href=javascript:alert(1)>x</math>",
]

MUTATION = [
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
    "<template><img src=x onerror=window.__xss=1></template>",
    "<style><img src=x onerror=window.__xss=1></style>",
    '<svg></p><style><a id="</style><img src=1 onerror=window.__xss=1>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=window.__xss=1//">',
    '<xmp><p title="</xmp><img src=x onerror=window.__xss=1>">',
    "<![CDATA[><img src=x onerror=window.__xss=1>]]>",
]

ATTRIBUTE_BREAKOUTS = [
    '" onmouseover="window.__xss=1" x="',
    "' onfocus='window.__xss=1' autofocus='",
    '"><img src=x onerror=window.__xss=1>',
    "'><svg onload=window.__xss=1>",
    "`-alert(1)-`",
    '";window.__xss=1;//',
    "';window.__xss=1;//",
    "</script><img src=x onerror=window.__xss=1>",
    "{{7*7}}{{constructor.constructor('window.__xss=1')()}}",
    "${window.__xss=1}",
]

UNICODE = [
    "Anna\u202egnp.exe",
    "\u2066Anna\u2069\u200b\u200d\ufeff",
    "\u0001<script>window.__xss=1</script>",
    "\uff1cscript\uff1ewindow.__xss=1\uff1c/script\uff1e",
    "<scr\u0001ipt>window.__xss=1</scr\u0001ipt>",
    "\u00bcscript\u00bewindow.__xss=1\u00bc/script\u00be",
]

MARKDOWN = [
    "[x](javascript:window.__xss=1)",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](java\nscript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "![x](javascript:alert(1))",
    '![x" onerror="window.__xss=1](https://example.org/x.png)',
    '[x](https://example.org "\\"onmouseover=window.__xss=1 x=\\"")',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "`<script>window.__xss=1</script>`",
    "```\n</code><script>window.__xss=1</script>\n```",
    "> <img src=x onerror=window.__xss=1>",
    "* <svg onload=window.__xss=1>",
]

CORPUS: list[str] = [
    *SCRIPT,
    *EVENT_HANDLERS,
    *URLS,
    *SVG_AND_MATHML,
    *MUTATION,
    *ATTRIBUTE_BREAKOUTS,
    *UNICODE,
    *MARKDOWN,
]


def fitting(length: int | None) -> list[str]:
    """The payloads that fit into a column of ``length`` characters (all when unlimited)."""
    return [p for p in CORPUS if length is None or len(p) <= length]


class Payloads:
    """Hands out the payloads in turn, each time one that fits, so that every payload is used
    and neighbouring fields get different ones."""

    def __init__(self) -> None:
        self._all = cycle(CORPUS)

    def next(self, length: int | None = None) -> str:
        for _ in range(len(CORPUS)):
            payload = next(self._all)
            if length is None or len(payload) <= length:
                return payload
        return "<b>x</b>"[: length or None]


# --- putting the corpus into every text field of a filled database -------------------------

# Columns that hold no text a person writes: keys, addresses, secrets, file names, codes that
# the platform looks up, and the append-only audit log.
NOT_TEXT = {
    "email",
    "pending_email",
    "password_hash",
    "locale",
    "slug",
    "primary_color",
    "accent_color",
    "logo_filename",
    "map_tile_url",
    "contact_email",
    "image_filename",
    "stored_name",
    "content_type",
    "kind",
    "link",
    "action",
    "object_type",
    "target_kind",
    "resolution",
    "period_key",
    "code_hash",
    "secret",
    "step",
    "from_status",
    "to_status",
    "from_value",
    "to_value",
    "checklist",
    "scores",
    "details",
}
SKIPPED_TABLES = {"audit_log", "alembic_version"}
# Inside JSON lists (plan milestones, cost lines): the keys that hold written text.
JSON_TEXT_KEYS = {"label", "title", "description", "note"}


def _poison_json(value: object, payloads: Payloads) -> object:
    if isinstance(value, list):
        return [_poison_json(item, payloads) for item in value]
    if isinstance(value, dict):
        return {
            key: payloads.next(120) if key in JSON_TEXT_KEYS and isinstance(item, str) else item
            for key, item in value.items()
        }
    return value


def poison(session: object) -> int:
    """Write a payload into every filled text column of every row (Markdown fields get the
    payload as their source and its rendering, as the operations would store it; plain fields
    get the raw payload, as if a form had let it through). Empty fields stay empty. Returns how
    many values were written."""
    from sqlalchemy import JSON, Enum, String, Text, select, update

    from civic.core.markdown import render_markdown
    from civic.db import Base

    payloads = Payloads()
    written = 0
    for table in Base.metadata.sorted_tables:
        if table.name in SKIPPED_TABLES:
            continue
        columns = [
            column
            for column in table.columns
            if column.name not in NOT_TEXT
            and not column.primary_key
            and not isinstance(column.type, Enum)
            and isinstance(column.type, String | Text | JSON)
            and not column.name.endswith("_html")
        ]
        if not columns:
            continue
        keys = list(table.primary_key.columns)
        rows = session.execute(select(*keys, *columns)).all()  # type: ignore[attr-defined]
        for row in rows:
            values: dict[str, object] = {}
            for column in columns:
                current = getattr(row, column.name)
                if current in (None, "", [], {}):
                    continue  # an empty field stays empty: the row keeps its state
                if isinstance(column.type, JSON):
                    values[column.name] = _poison_json(current, payloads)
                    continue
                length = getattr(column.type, "length", None)
                unique = column.unique or any(
                    column.name in constraint.columns.keys()  # noqa: SIM118
                    for constraint in table.constraints
                    if constraint.__class__.__name__ == "UniqueConstraint"
                )
                suffix = f" {row[0]}" if unique else ""
                payload = payloads.next(None if length is None else length - len(suffix))
                values[column.name] = payload + suffix
                html = column.name.removesuffix("_markdown") + "_html"
                if column.name.endswith("_markdown") and html in table.columns:
                    values[html] = render_markdown(payload)
            if not values:
                continue
            where = [key == getattr(row, key.name) for key in keys]
            session.execute(update(table).where(*where).values(**values))  # type: ignore[attr-defined]
            written += len(values)
    return written
