"""Signals by which one domain tells the others what happened, without reaching into their
tables. Receivers run inside the sender's transaction: they change rows and flush, never
commit, and may raise ``OperationError`` to refuse.

- ``project_closed(project, actor)``: a project was completed or withdrawn. Sent by
  ``projects.operations``; mentoring ends the project's mentorships.
- ``role_revoked(user, role, actor)``: an admin took a role from a user. Sent by
  ``accounts.operations``; mentoring ends the mentorships of a former council member.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

project_closed = _signals.signal("project-closed")
role_revoked = _signals.signal("role-revoked")
