"""statistics"""

from __future__ import annotations

from civic.opendata.views import bp  # noqa: F401
