"""Counts for `annotator status` and the project screen (spans: the gold layer)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from annotator.store import assignments
from annotator.store.backends.base import Database


@dataclass
class ProjectStats:
    documents: int
    by_status: dict[str, int]
    annotated: int
    spans: dict[str, dict[str, int]] = field(default_factory=dict)
    entities: int = 0
    annotators: list[str] = field(default_factory=list)
    workflow: str = "shared"
    # Per annotator in double annotation: assigned, new, in_progress, done.
    assignments: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def project_stats(db: Database) -> ProjectStats:
    by_status = {"new": 0, "in_progress": 0, "done": 0}
    for status, count in db.execute("SELECT status, count(*) FROM documents GROUP BY status"):
        by_status[status] = count
    annotated = db.execute(
        "SELECT count(DISTINCT doc_seq) FROM spans WHERE layer = 'gold' AND status = 'accepted'"
    ).fetchone()[0]
    spans: dict[str, dict[str, int]] = {
        name: {"accepted": 0, "suggested": 0}
        for (name,) in db.execute("SELECT name FROM labels ORDER BY position")
    }
    for label, status, count in db.execute(
        "SELECT label, status, count(*) FROM spans WHERE layer = 'gold' GROUP BY label, status"
    ):
        spans.setdefault(label, {"accepted": 0, "suggested": 0})[status] = count
    annotators = [r[0] for r in db.execute(
        "SELECT annotator FROM spans UNION SELECT annotator FROM history ORDER BY 1")]
    return ProjectStats(
        documents=sum(by_status.values()),
        by_status=by_status,
        annotated=annotated,
        spans=spans,
        entities=db.execute("SELECT count(*) FROM entities").fetchone()[0],
        annotators=annotators,
        workflow=db.scalar("SELECT value FROM project_info WHERE key = 'workflow'") or "shared",
        assignments=[asdict(queue) for queue in assignments.progress(db)],
    )
