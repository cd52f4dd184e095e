"""Bar charts as inline SVG, drawn on the server: no JavaScript and no chart library.

A chart is a list of groups (e.g. one per year), each a list of bars. Every bar carries its
label above it and its value as text after it, so a reader never needs the colours to tell
bars apart; the colours come from the site's stylesheet (``.chart-*`` classes, which use its
CSS variables). The SVG has ``role="img"`` and takes its accessible name from an element of
the page (``aria-labelledby``); the page shows the same numbers in a table after it.

The drawing has no ``viewBox``: the bars' lengths are percentages of the chart's width and the
text has a fixed size in pixels, so on a narrow screen the bars get shorter while the text
stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import format_currency, format_number
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from civic.opendata.stats import STAGES, AreaRow, FundRow, Statistics, YearRow

# The longest bar takes this share of the width; the rest is room for its value.
BAR_SHARE = 62.0
TITLE_HEIGHT = 30
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
ROW_GAP = 10
GROUP_GAP = 12

STAGE_LABELS = {
    "initiation": _l("In initiation"),
    "development": _l("In development"),
    "implementation": _l("In implementation"),
    "completed": _l("Completed"),
    "withdrawn": _l("Withdrawn"),
}

YEAR_STEPS: tuple[tuple[str, Any], ...] = (
    ("published", _l("Published")),
    ("reached_development", _l("Reached development")),
    ("reached_implementation", _l("Reached implementation")),
    ("completed", _l("Completed")),
)

FUND_ITEMS: tuple[tuple[str, Any], ...] = (
    ("budget_cents", _l("Budget")),
    ("committed_cents", _l("Committed (approved)")),
    ("paid_cents", _l("of which paid")),
    ("remaining_cents", _l("Remaining")),
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str
    # Picks the colour: one of the ``.chart-bar-<style>`` classes.
    style: str = "primary"


@dataclass(frozen=True)
class Group:
    title: str | None
    bars: Sequence[Bar]


def _percent(value: int, maximum: int) -> str:
    share = BAR_SHARE * max(value, 0) / maximum if maximum > 0 else 0.0
    return f"{share:.2f}".rstrip("0").rstrip(".")


def bar_chart(groups: Sequence[Group], labelledby: str, css_class: str = "") -> Markup:
    """Horizontal bars, grouped: each group's title, then each bar with its label above and
    its value after it. All bars share one scale (the largest value)."""
    maximum = max((bar.value for group in groups for bar in group.bars), default=0)
    parts: list[Markup] = []
    y = 0
    for group in groups:
        if group.title is not None:
            parts.append(
                Markup('<text class="chart-group" x="0" y="{}">{}</text>').format(
                    y + 20, group.title
                )
            )
            y += TITLE_HEIGHT
        for bar in group.bars:
            width = _percent(bar.value, maximum)
            parts.append(
                Markup(
                    '<text class="chart-label" x="0" y="{label_y}">{label}</text>'
                    '<rect class="chart-bar chart-bar-{style}" x="0" y="{bar_y}" '
                    'width="{width}%" height="{height}"></rect>'
                    '<text class="chart-value" x="{width}%" dx="{dx}" y="{value_y}">{text}</text>'
                ).format(
                    label_y=y + 15,
                    label=bar.label,
                    style=bar.style,
                    bar_y=y + LABEL_HEIGHT,
                    width=width,
                    height=BAR_HEIGHT,
                    dx=6 if bar.value > 0 else 0,
                    value_y=y + LABEL_HEIGHT + BAR_HEIGHT - 4,
                    text=bar.text,
                )
            )
            y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
        y += GROUP_GAP
    height = max(y - GROUP_GAP - ROW_GAP + 4, 0)
    return Markup(
        '<svg class="chart {css_class}" role="img" aria-labelledby="{labelledby}" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg" width="100%" '
        'height="{height}">{body}</svg>'
    ).format(
        css_class=css_class,
        labelledby=labelledby,
        height=height,
        body=Markup("").join(parts),
    )


def _number(value: int) -> str:
    return str(format_number(value))


def _euros(cents: int) -> str:
    return str(format_currency(cents / 100, "EUR"))


# --- the charts of the statistics page --------------------------------------------------------


def stages_chart(stats: Statistics, labelledby: str) -> Markup:
    """Where the public projects stand now, from initiation to completion."""
    styles = {"completed": "success", "withdrawn": "muted"}
    bars = [
        Bar(
            str(STAGE_LABELS[stage]),
            stats.by_stage[stage],
            _number(stats.by_stage[stage]),
            styles.get(stage, "primary"),
        )
        for stage in STAGES
    ]
    return bar_chart([Group(None, bars)], labelledby)


def years_chart(rows: Sequence[YearRow], labelledby: str) -> Markup:
    """For each year of publication: published, and how many of them got how far."""
    styles = ("primary", "primary", "primary", "success")
    groups = [
        Group(
            str(row.year),
            [
                Bar(str(label), getattr(row, key), _number(getattr(row, key)), style)
                for (key, label), style in zip(YEAR_STEPS, styles, strict=True)
            ],
        )
        for row in rows
    ]
    return bar_chart(groups, labelledby)


def areas_chart(
    rows: Sequence[AreaRow],
    locale: str,
    labelledby: str,
    without: dict[str, int] | None = None,
    without_label: str = "",
) -> Markup:
    """Public projects per district or topic, most first; then those filed under none."""
    bars = [Bar(row.label(locale), row.count, _number(row.count)) for row in rows]
    unfiled = sum((without or {}).values())
    if unfiled:
        bars.append(Bar(without_label, unfiled, _number(unfiled), "muted"))
    return bar_chart([Group(None, bars)], labelledby)


def funds_chart(rows: Sequence[FundRow], labelledby: str) -> Markup:
    """Budget, committed, paid and remaining of each fund year."""
    styles = ("budget", "primary", "paid", "remaining")
    groups = [
        Group(
            str(row.year),
            [
                Bar(str(label), getattr(row, key), _euros(getattr(row, key)), style)
                for (key, label), style in zip(FUND_ITEMS, styles, strict=True)
            ],
        )
        for row in rows
    ]
    return bar_chart(groups, labelledby)


def template_helpers() -> dict[str, Any]:
    """The builders and labels the statistics template uses."""
    return {
        "stages_chart": stages_chart,
        "years_chart": years_chart,
        "areas_chart": areas_chart,
        "funds_chart": funds_chart,
        "STAGE_LABELS": STAGE_LABELS,
        "YEAR_STEPS": YEAR_STEPS,
        "FUND_ITEMS": FUND_ITEMS,
    }
