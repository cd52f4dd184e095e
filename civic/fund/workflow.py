"""The life of a fund application (DESIGN.md §5): its states, the one table of allowed
transitions, the formal checklist and the labels. Operations consult these tables; nothing
else decides whether a transition is allowed."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    FORMAL_CHECK = "formal_check"
    RETURNED = "returned"
    IN_REVIEW = "in_review"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    APPROVED = "approved"
    PARTIALLY_APPROVED = "partially_approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    PROOF_SUBMITTED = "proof_submitted"
    CLOSED = "closed"


class Outcome(enum.StrEnum):
    """What a decision says."""

    APPROVE = "approve"
    PARTIAL = "partial"
    REJECT = "reject"


# States in which the team can still withdraw the application.
OPEN = frozenset(
    {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.FORMAL_CHECK,
        Status.RETURNED,
        Status.IN_REVIEW,
        Status.AWAITING_CONFIRMATION,
    }
)
# States in which money is committed to the application.
FUNDED = frozenset({Status.APPROVED, Status.PARTIALLY_APPROVED, Status.PROOF_SUBMITTED})
# States the team may edit the application in.
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})

# (from, to): the name of the step. One operation per step.
TRANSITIONS: dict[tuple[Status, Status], str] = {
    (Status.DRAFT, Status.SUBMITTED): "submit",
    (Status.RETURNED, Status.SUBMITTED): "submit",
    (Status.SUBMITTED, Status.FORMAL_CHECK): "start_check",
    (Status.FORMAL_CHECK, Status.RETURNED): "send_back",
    (Status.FORMAL_CHECK, Status.IN_REVIEW): "pass_check",
    (Status.IN_REVIEW, Status.AWAITING_CONFIRMATION): "propose",
    (Status.IN_REVIEW, Status.APPROVED): "decide",
    (Status.IN_REVIEW, Status.PARTIALLY_APPROVED): "decide",
    (Status.IN_REVIEW, Status.REJECTED): "decide",
    (Status.AWAITING_CONFIRMATION, Status.APPROVED): "confirm",
    (Status.AWAITING_CONFIRMATION, Status.PARTIALLY_APPROVED): "confirm",
    (Status.AWAITING_CONFIRMATION, Status.REJECTED): "confirm",
    (Status.AWAITING_CONFIRMATION, Status.IN_REVIEW): "refuse_confirmation",
    (Status.APPROVED, Status.PROOF_SUBMITTED): "submit_proof",
    (Status.PARTIALLY_APPROVED, Status.PROOF_SUBMITTED): "submit_proof",
    (Status.PROOF_SUBMITTED, Status.APPROVED): "ask_for_more",
    (Status.PROOF_SUBMITTED, Status.PARTIALLY_APPROVED): "ask_for_more",
    (Status.PROOF_SUBMITTED, Status.CLOSED): "close",
    **{(state, Status.WITHDRAWN): "withdraw" for state in OPEN},
}


def allowed(before: Status, after: Status) -> bool:
    return (before, after) in TRANSITIONS


STATUS_LABELS = {
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Submitted"),
    Status.FORMAL_CHECK: _l("Formal check"),
    Status.RETURNED: _l("Returned for more information"),
    Status.IN_REVIEW: _l("In review"),
    Status.AWAITING_CONFIRMATION: _l("Decision awaiting confirmation"),
    Status.APPROVED: _l("Approved"),
    Status.PARTIALLY_APPROVED: _l("Partially approved"),
    Status.REJECTED: _l("Rejected"),
    Status.WITHDRAWN: lazy_pgettext("application", "Withdrawn"),
    Status.PROOF_SUBMITTED: _l("Proof of use submitted"),
    Status.CLOSED: lazy_pgettext("application", "Closed"),
}

OUTCOME_LABELS = {
    Outcome.APPROVE: _l("Approve in full"),
    Outcome.PARTIAL: _l("Approve in part"),
    Outcome.REJECT: _l("Reject"),
}

# The formal check: what an officer confirms before the review (key, label).
CHECKLIST: list[tuple[str, object]] = [
    ("phase", _l("The project is in development or implementation.")),
    ("costs", _l("The cost plan is complete and adds up.")),
    ("amount", _l("The amount requested is within the fund's maximum per project.")),
    ("funding", _l("Own contribution and other funding are stated.")),
    ("contact", _l("A contact person is named.")),
    ("justification", _l("The justification explains what the money is for.")),
]

# Receipts and documents of the proof of use: what is accepted, by content.
RECEIPT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
RECEIPT_MAX_BYTES = 10 * 1024 * 1024
