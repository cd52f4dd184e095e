"""What changed between two versions of an implementation plan, section by section.

Each section becomes a list of text lines (milestones as "2027-03-01 – Title", cost lines as
"Label: 1.250,00 €"), compared line by line with :mod:`difflib`. The HTML is built here with
every piece of user text escaped; only our own ``<ins>``/``<del>`` tags are markup.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from flask_babel import format_currency
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from civic.projects.models import PlanVersion

SECTIONS: list[tuple[str, Any]] = [
    ("goals", _l("Goals")),
    ("milestones", _l("Milestones")),
    ("costs", _l("Cost plan")),
    ("team_roles", _l("Roles in the team")),
    ("risks", _l("Risks")),
    ("resources", _l("Resources needed")),
    ("partners", _l("Partners")),
]


def _euros(cents: int) -> str:
    return str(format_currency(cents / 100, "EUR"))


def _text_lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().splitlines()]


def section_lines(plan: PlanVersion, section: str) -> list[str]:
    """One section of a plan as the lines the comparison works on."""
    if section == "milestones":
        lines = []
        for item in plan.milestones:
            lines.append(f"{item.get('due') or '–'} – {item.get('title', '')}")
            lines += ["    " + line for line in _text_lines(item.get("description", ""))]
        return lines
    if section == "costs":
        lines = [
            f"{line['label']}: {_euros(int(line['amount_cents']))}" for line in plan.cost_lines
        ]
        lines.append(f"{_l('Total')}: {_euros(plan.total_cost_cents)}")
        lines.append(f"{_l('Own contribution')}: {_euros(plan.own_contribution_cents)}")
        other = f"{_l('Other funding')}: {_euros(plan.other_funding_cents)}"
        if plan.other_funding_note:
            other += f" ({plan.other_funding_note})"
        lines.append(other)
        lines.append(f"{_l('Still to be financed')}: {_euros(plan.requested_cents)}")
        return lines
    return _text_lines(getattr(plan, section))


_BLANK = Markup("<br>")  # an empty line keeps its height


@dataclass
class SectionDiff:
    label: Any
    html: Markup


def _render(old: list[str], new: list[str]) -> Markup:
    removed = Markup('<span class="visually-hidden">{}</span>').format(_l("Removed:"))
    added = Markup('<span class="visually-hidden">{}</span>').format(_l("Added:"))
    parts: list[Markup] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts += [Markup("<div>{}</div>").format(line or _BLANK) for line in old[i1:i2]]
            continue
        parts += [Markup("<div><del>{} {}</del></div>").format(removed, x) for x in old[i1:i2]]
        parts += [Markup("<div><ins>{} {}</ins></div>").format(added, x) for x in new[j1:j2]]
    return Markup('<div class="diff">{}</div>').format(Markup("").join(parts))


def diff_plans(old: PlanVersion, new: PlanVersion) -> list[SectionDiff]:
    """The sections that differ, each with its lines marked as kept, removed or added."""
    changes = []
    for section, label in SECTIONS:
        before, after = section_lines(old, section), section_lines(new, section)
        if before != after:
            changes.append(SectionDiff(label, _render(before, after)))
    return changes
