"""The data model; importing this package registers every table on db.metadata."""

from factcheck.models.articles import (
    Article,
    ArticleStatus,
    InputKind,
    PendingImport,
    Segment,
    SegmentKind,
    SegmentOrigin,
)
from factcheck.models.audit import AuditEvent
from factcheck.models.review import (
    Annotation,
    AnnotationStatus,
    ApprovalStatus,
    EvidenceLink,
    VerdictLabel,
    reviewed_segments_query,
)
from factcheck.models.tokens import PasswordToken
from factcheck.models.types import utcnow
from factcheck.models.users import Role, User

__all__ = [
    "Annotation",
    "AnnotationStatus",
    "ApprovalStatus",
    "Article",
    "ArticleStatus",
    "AuditEvent",
    "EvidenceLink",
    "InputKind",
    "PasswordToken",
    "PendingImport",
    "Role",
    "Segment",
    "SegmentKind",
    "SegmentOrigin",
    "User",
    "VerdictLabel",
    "reviewed_segments_query",
    "utcnow",
]
