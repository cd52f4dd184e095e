"""The vocabulary of moderation: what can be reported, why, what a moderator decides, and the
reason templates a moderator picks from when hiding (or writes their own)."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from civic.moderation.models import ReportReason, TargetKind


class ActionKind(enum.StrEnum):
    """A moderator's decision, as ``ModerationAction.action`` records it."""

    HIDE = "hide"
    RESTORE = "restore"
    DISMISS = "dismiss"
    BLOCK = "block"
    UNBLOCK = "unblock"
    # A deleted project draft, comment or update brought back (``restore_deleted``).
    UNDELETE = "undelete"


class Resolution(enum.StrEnum):
    """How an open report ended (``Report.resolution``)."""

    HIDDEN = "hidden"
    RESTORED = "restored"
    DISMISSED = "dismissed"


# ``ModerationAction.target_kind`` of blocks and unblocks.
USER_TARGET = "user"

# The decision on an item settles its open reports this way.
RESOLUTION_OF = {
    ActionKind.HIDE: Resolution.HIDDEN,
    ActionKind.RESTORE: Resolution.RESTORED,
    ActionKind.DISMISS: Resolution.DISMISSED,
}

KIND_LABELS = {
    TargetKind.PROJECT: _l("Project"),
    TargetKind.COMMENT: _l("Comment"),
    TargetKind.UPDATE: _l("Project news"),
}

REASON_LABELS = {
    ReportReason.SPAM: _l("Advertising or spam"),
    ReportReason.INSULT: _l("Insult or discrimination"),
    ReportReason.PERSONAL_DATA: _l("Personal data of others"),
    ReportReason.OFF_TOPIC: _l("Off topic"),
    ReportReason.OTHER: _l("Something else"),
}

ACTION_LABELS = {
    ActionKind.HIDE: _l("Hidden"),
    ActionKind.RESTORE: _l("Restored"),
    ActionKind.DISMISS: _l("Reports dismissed"),
    ActionKind.BLOCK: _l("Blocked"),
    ActionKind.UNBLOCK: _l("Unblocked"),
    ActionKind.UNDELETE: _l("Restored after deletion"),
}

# The kinds of the list of deleted items, in the order of its tabs.
DELETED_KINDS = (TargetKind.COMMENT, TargetKind.UPDATE, TargetKind.PROJECT)
DELETED_KIND_LABELS = {
    TargetKind.COMMENT: _l("Comments"),
    TargetKind.UPDATE: _l("News of projects"),
    # Only drafts can be deleted; a published project is withdrawn or hidden instead.
    TargetKind.PROJECT: _l("Project drafts"),
}

# The reasons a moderator picks from when hiding; "" means the moderator writes their own.
HIDE_TEMPLATES = {
    "insult": _l("Insult or discrimination"),
    "spam": _l("Advertising or spam"),
    "personal_data": _l("Personal data of others"),
    "off_topic": _l("Off topic"),
    "": _l("Another reason (write it below)"),
}


def action_label(action: str) -> object:
    try:
        return ACTION_LABELS[ActionKind(action)]
    except ValueError:
        return action
