"""Signals by which one domain tells the others what happened, without reaching into their
tables. Receivers run inside the sender's transaction: they change rows and flush, never
commit, and may raise ``OperationError`` to refuse.

- ``project_closed(project, actor)``: a project was completed or withdrawn. Sent by
  ``projects.operations``; mentoring ends the project's mentorships.
- ``project_published(project, actor)``: a draft was published. Sent by
  ``projects.operations``; participation tells the followers of its districts and topics.
- ``project_supported(project, user)``: someone supports a project for the first time. Sent by
  ``projects.operations``; participation makes them follow the project.
- ``member_joined(project, user, actor)``: someone joined a project's team (by request or
  invitation). Sent by ``projects.operations``; participation makes them follow the project.
- ``role_revoked(user, role, actor)``: an admin took a role from a user. Sent by
  ``accounts.operations``; mentoring ends the mentorships of a former council member.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

project_closed = _signals.signal("project-closed")
role_revoked = _signals.signal("role-revoked")
project_published = _signals.signal("project-published")
project_supported = _signals.signal("project-supported")
member_joined = _signals.signal("member-joined")
