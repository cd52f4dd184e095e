"""Imports every model so that ``Base.metadata`` knows all tables (for Alembic and tests)."""

from civic.accounts.models import (  # noqa: F401
    CouncilProfile,
    Department,
    RecoveryCode,
    RoleGrant,
    User,
    UserTotp,
    council_profile_districts,
    council_profile_topics,
)
from civic.core.models import AuditEntry, District, SitePage, SiteSettings, Topic  # noqa: F401
from civic.events.models import Event, EventRegistration, event_projects  # noqa: F401
from civic.fund.models import (  # noqa: F401
    Application,
    ApplicationEntry,
    Fund,
    Payment,
    Receipt,
    Review,
)
from civic.mentoring.models import (  # noqa: F401
    Hurdle,
    Introduction,
    MediationRequest,
    Mentorship,
    PoliticalQuestion,
    WorkspaceMessage,
)
from civic.moderation.models import ModerationAction, Report, UserBlock  # noqa: F401
from civic.participation.models import (  # noqa: F401
    Comment,
    DigestRun,
    Follow,
    Notification,
    NotificationSetting,
    ProjectUpdate,
)
from civic.projects.models import (  # noqa: F401
    Invitation,
    JoinRequest,
    Membership,
    Milestone,
    Need,
    Offer,
    PhaseRequest,
    PlanVersion,
    Project,
    Support,
    TimelineEntry,
    project_districts,
    project_topics,
)
