"""The words of the platform explained in plain language: one list that the glossary page, the
term links in the pages (``term("gate")``) and the short explanations (``explain("gate")``)
all read from.

Each term has a stable key: it is the anchor on the glossary page (``/glossary#gate``), so a
key never changes once published. The keys of the three phases are the values of
:class:`civic.projects.workflow.Phase`, so a page can link a project's phase directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup


@dataclass(frozen=True)
class Group:
    key: str
    title: object  # a lazy string


@dataclass(frozen=True)
class Term:
    key: str
    group: str
    name: object  # a lazy string
    definition: object  # a lazy string
    related: tuple[str, ...] = ()


GROUPS: tuple[Group, ...] = (
    Group("phases", _l("Phases and steps of a project")),
    Group("people", _l("People and roles")),
    Group("mentoring", _l("Mentoring by council members")),
    Group("fund", _l("Money from the fund")),
    Group("taking-part", _l("Taking part")),
)

TERMS: tuple[Term, ...] = (
    # --- phases and steps ----------------------------------------------------------------------
    Term(
        "phase",
        "phases",
        _l("Phase"),
        _l(
            "Every project goes through three phases, one after the other: initiation, "
            "development and implementation. Each phase has its own tasks. The project page "
            "shows in which phase a project is."
        ),
        ("initiation", "development", "implementation"),
    ),
    Term(
        "initiation",
        "phases",
        _l("Initiation"),
        _l(
            "The first phase. Someone publishes an idea. Other people support the idea or join "
            "the team. The team writes a short concept."
        ),
        ("short-concept", "gate"),
    ),
    Term(
        "development",
        "phases",
        _l("Development"),
        _l(
            "The second phase. The team plans the project in detail: goals, milestones, costs, "
            "partners and risks. This is the implementation plan. A mentor from the city council "
            "can help."
        ),
        ("plan", "mentor"),
    ),
    Term(
        "implementation",
        "phases",
        _l("Implementation"),
        _l(
            "The third phase. The team carries out the plan. It reports on its progress. Money "
            "from the fund can be paid out. At the end the team writes a final report."
        ),
        ("final-report", "fund"),
    ),
    Term(
        "gate",
        "phases",
        _l("Gate"),
        _l(
            "The conditions a project must meet before it can move on to the next phase. "
            "Example: enough people in the team and a short concept. The project page shows "
            "the conditions as a checklist: what is done and what is still missing."
        ),
        ("phase-request",),
    ),
    Term(
        "phase-request",
        "phases",
        _l("Phase change request"),
        _l(
            "When all conditions are met, the team asks for the next phase. The coordination "
            "office checks the request. It says yes or no and gives a reason. The answer is "
            "shown in the project's timeline."
        ),
        ("gate", "coordination-office"),
    ),
    Term(
        "short-concept",
        "phases",
        _l("Short concept"),
        _l(
            "A short text about how the idea could work: who does what, what is needed and what "
            "the first steps are. A project needs it before it can move on to development."
        ),
    ),
    Term(
        "plan",
        "phases",
        _l("Implementation plan"),
        _l(
            "The detailed plan of a project: goals, milestones with dates, costs, roles in the "
            "team, risks and partners. Every change is saved as a new version. Older versions "
            "stay readable."
        ),
        ("milestone", "cost-plan"),
    ),
    Term(
        "milestone",
        "phases",
        _l("Milestone"),
        _l(
            "An important step of a project with a date. Example: “The first beds are planted "
            "by 1 May.” The team marks a milestone as done when it is reached."
        ),
    ),
    Term(
        "cost-plan",
        "phases",
        _l("Cost plan"),
        _l(
            "A list of what the project costs: one line for each thing, with the amount in "
            "euros. It also says how much money the team brings itself and how much comes "
            "from elsewhere."
        ),
        ("own-contribution",),
    ),
    Term(
        "own-contribution",
        "phases",
        _l("Own contribution"),
        _l(
            "What the team and its partners give themselves: money, or work they do without "
            "pay. The own contribution is stated in euros."
        ),
    ),
    Term(
        "final-report",
        "phases",
        _l("Final report"),
        _l(
            "At the end of the project the team writes what it has done, what it cost and what "
            "is still left to do. With the final report the project can be completed."
        ),
    ),
    Term(
        "timeline",
        "phases",
        _l("Timeline"),
        _l(
            "The public list of everything important that happened in a project: who did what "
            "and when. Example: a new phase, or the reason for a decision."
        ),
    ),
    Term(
        "draft",
        "phases",
        _l("Draft"),
        _l(
            "A project that is not published yet. Only its team can see it. The team can "
            "publish it or delete it."
        ),
    ),
    Term(
        "paused",
        "phases",
        _l("Paused"),
        _l(
            "The team takes a break from the project. It can continue the project later. "
            "Everyone can still read the project."
        ),
    ),
    Term(
        "withdrawn",
        "phases",
        _l("Withdrawn"),
        _l(
            "The team has stopped the project for good. Everyone can still read what the "
            "project did."
        ),
    ),
    Term(
        "completed",
        "phases",
        _l("Completed"),
        _l("The project is finished. The final report tells what was achieved."),
        ("final-report",),
    ),
    # --- people and roles ----------------------------------------------------------------------
    Term(
        "team",
        "people",
        _l("Project team"),
        _l(
            "The people who carry out a project together. Anyone with an account can ask to "
            "join a team. The team decides who joins."
        ),
        ("initiator",),
    ),
    Term(
        "initiator",
        "people",
        _l("Initiator"),
        _l(
            "The person who had the idea and published the project. The initiator leads the "
            "team and can hand this role over to someone else in the team."
        ),
    ),
    Term(
        "supporter",
        "people",
        _l("Supporter"),
        _l(
            "Someone who likes a project and says so with one click. Supporters do not have to "
            "work in the team. Many supporters show that the city wants the project."
        ),
    ),
    Term(
        "need",
        "people",
        _l("Need"),
        _l(
            "Something a team is looking for: people with certain knowledge, partners, rooms, "
            "material or money. All open needs are on the page “Help wanted”."
        ),
        ("offer",),
    ),
    Term(
        "offer",
        "people",
        _l("Offer of help"),
        _l(
            "The answer to a need: someone writes to the team how they can help. The team "
            "accepts the offer or declines it."
        ),
        ("need",),
    ),
    Term(
        "council-member",
        "people",
        _l("Council member"),
        _l(
            "A member of the city council. The people of the city elect the council. On this "
            "platform council members can help teams as mentors."
        ),
        ("mentor",),
    ),
    Term(
        "coordination-office",
        "people",
        _l("Coordination office"),
        _l(
            "A department of the city administration that looks after the platform. It checks "
            "phase change requests and says yes or no. It also finds the right contact in the "
            "administration for a project."
        ),
        ("phase-request", "department-contact"),
    ),
    Term(
        "department-contact",
        "people",
        _l("Department contact"),
        _l(
            "A person in a department of the city administration who is the contact for a "
            "project. Example: someone from the parks department for a garden project."
        ),
    ),
    Term(
        "fund-officer",
        "people",
        _l("Fund management"),
        _l(
            "The people in the city administration who check applications for money from the "
            "fund. They decide on them and pay out the money."
        ),
        ("fund-application",),
    ),
    Term(
        "moderation",
        "people",
        _l("Moderation"),
        _l(
            "People who make sure that everyone on the platform treats each other with "
            "respect. They look at reported posts. They can hide posts and block people who "
            "break the rules."
        ),
        ("report", "hidden"),
    ),
    # --- mentoring -----------------------------------------------------------------------------
    Term(
        "mentor",
        "mentoring",
        _l("Mentor"),
        _l(
            "A member of the city council who helps a project team. A mentor gives advice, "
            "knows people in the administration and can take questions to the council. "
            "Mentors do this on a voluntary basis."
        ),
        ("mentorship", "council-member"),
    ),
    Term(
        "mentorship",
        "mentoring",
        _l("Mentoring"),
        _l(
            "The time in which a mentor helps a team. The mentor can offer help, or the team "
            "can ask a mentor. The other side says yes or no. The project page shows the "
            "mentors of a project."
        ),
        ("workspace",),
    ),
    Term(
        "workspace",
        "mentoring",
        _l("Workspace"),
        _l(
            "A private area of a project for the team, its mentors and the coordination office. "
            "There they write messages and keep track of hurdles, introductions and questions "
            "for the council."
        ),
    ),
    Term(
        "hurdle",
        "mentoring",
        _l("Hurdle"),
        _l(
            "A problem that holds the project back. Example: a permit is missing. The mentor "
            "helps to solve it. Every hurdle is open, in progress or solved."
        ),
    ),
    Term(
        "introduction",
        "mentoring",
        _l("Introduction"),
        _l(
            "The mentor brings the team into contact with someone who can help: a group, a "
            "company, a sponsor or a department of the administration."
        ),
    ),
    Term(
        "political-question",
        "mentoring",
        _l("Political question"),
        _l(
            "A question only the city council can answer. The mentor brings the question into "
            "the council and notes when and how. The answer can be published on the project "
            "page."
        ),
    ),
    Term(
        "mediation",
        "mentoring",
        _l("Mediation"),
        _l(
            "If there is a conflict in the team, a team member can ask the mentor for help in "
            "private. The mentor talks to everyone and helps to find a solution."
        ),
    ),
    # --- the fund ------------------------------------------------------------------------------
    Term(
        "fund",
        "fund",
        _l("Citizen-projects fund"),
        _l(
            "Money that the city sets aside every year for projects of its citizens. Teams in "
            "development or implementation can apply for it. The fund page shows how much money "
            "there is and every decision."
        ),
        ("fund-application",),
    ),
    Term(
        "fund-application",
        "fund",
        _l("Fund application"),
        _l(
            "A request for money from the fund. The team says how much money it needs and what "
            "for. The fund management checks the application and decides: yes, partly or no."
        ),
        ("formal-check", "approval-notice"),
    ),
    Term(
        "formal-check",
        "fund",
        _l("Formal check"),
        _l(
            "The first check of a fund application: is everything there that is needed? Only "
            "then does the fund management look at the content."
        ),
    ),
    Term(
        "four-eyes",
        "fund",
        _l("Four-eyes principle"),
        _l(
            "Above a certain amount, two people must agree before money is approved. One person "
            "decides, a second person checks and confirms. This protects against mistakes."
        ),
    ),
    Term(
        "approval-notice",
        "fund",
        _l("Approval notice"),
        _l(
            "The official letter that says how much money a project gets and under which "
            "conditions. The team can print it."
        ),
    ),
    Term(
        "payment",
        "fund",
        _l("Payment"),
        _l(
            "The city transfers approved money to the project. This can happen in several "
            "parts. The payments are never more than the approved amount."
        ),
    ),
    Term(
        "proof-of-use",
        "fund",
        _l("Proof of use"),
        _l(
            "After the money is spent, the team shows what it was used for: a short report and "
            "the receipts. The fund management checks it. Money that was not used may have to "
            "be paid back."
        ),
    ),
    # --- taking part ---------------------------------------------------------------------------
    Term(
        "follow",
        "taking-part",
        _l("Follow"),
        _l(
            "If you follow a project, you hear about its news. You get a message on the "
            "platform and, if you want, a short e-mail once a day."
        ),
    ),
    Term(
        "report",
        "taking-part",
        _l("Reporting"),
        _l(
            "If a post is rude, hurtful or against the rules, you can report it. The "
            "moderation team then looks at it. The author does not learn who reported it."
        ),
        ("moderation",),
    ),
    Term(
        "hidden",
        "taking-part",
        _l("Hidden"),
        _l(
            "The moderation team has taken a post off the page because it broke the rules. It "
            "gives a reason. The author is told and can ask for a second look."
        ),
    ),
    Term(
        "markdown",
        "taking-part",
        _l("Markdown"),
        _l(
            "A simple way to format text with signs. **Two stars** around a word make it bold. "
            "*One star* makes it italic. A line that starts with a dash (-) becomes a list item."
        ),
    ),
    Term(
        "open-data",
        "taking-part",
        _l("Open data"),
        _l(
            "Information about the projects and the fund that everyone may download and use "
            "for free, for example as a table. Personal data is never part of it."
        ),
    ),
)

BY_KEY: dict[str, Term] = {term.key: term for term in TERMS}


def terms_by_group() -> list[tuple[Group, list[Term]]]:
    """The groups with their terms, each group in the order of ``TERMS``."""
    return [(group, [t for t in TERMS if t.group == group.key]) for group in GROUPS]


def glossary_url(key: str) -> str:
    return url_for("core.glossary", _anchor=BY_KEY[key].key)


def term_link(key: str, text: object = None) -> Markup:
    """A term as a link to its explanation: ``term("gate")`` → the link "Phasentor";
    ``term("mentor", _("mentors"))`` when the sentence needs another form of the word."""
    label = BY_KEY[key].name if text is None else text
    return Markup('<a class="term" href="{}">{}</a>').format(glossary_url(key), str(label))


def term_explanation(key: str) -> Markup:
    """A short explanation of a term that the reader opens when needed (no script): the
    question "What does … mean?", the definition and a link to the glossary."""
    term = BY_KEY[key]
    return Markup(
        '<details class="term-explain"><summary>{question}</summary>'
        '<p>{definition} <a href="{url}">{more}</a></p></details>'
    ).format(
        question=_("What does “%(term)s” mean?", term=str(term.name)),
        definition=str(term.definition),
        url=glossary_url(key),
        more=_("More words explained in the glossary"),
    )
