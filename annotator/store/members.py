"""Who works on a project and as what: the owner (who created it), annotators and reviewers
(who adjudicate in team annotation). On a server, granting also gives the login role the
privileges it needs on the project's tables; a file has no such thing to give."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.errors import Conflict, InvalidValue, NotFound
from annotator.store.backends.base import Database
from annotator.store.values import now, valid_annotator_name

ROLES = ("owner", "annotator", "reviewer")


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    granted_by: str
    granted_at: str


def every(db: Database) -> list[Member]:
    return [Member(*row) for row in db.rows(
        "SELECT name, role, granted_by, granted_at FROM members ORDER BY name")]


def role_of(db: Database, name: str) -> str | None:
    return db.scalar("SELECT role FROM members WHERE name = ?", (name,))


def grant(db: Database, name: str, role: str, by: str) -> Member:
    """In the caller's transaction."""
    valid_annotator_name(name)
    if role not in ROLES:
        raise InvalidValue(f"{role!r} is not a role (one of {', '.join(ROLES)})")
    _refuse_unless_owner(db, by)
    db.grant_access(name)
    db.execute("DELETE FROM members WHERE name = ?", (name,))
    member = Member(name, role, by, now())
    db.execute("INSERT INTO members VALUES (?, ?, ?, ?)",
               (member.name, member.role, member.granted_by, member.granted_at))
    return member


def revoke(db: Database, name: str, by: str) -> None:
    if role_of(db, name) is None:
        raise NotFound(f"{name!r} is not a member of this project")
    if role_of(db, name) == "owner":
        raise InvalidValue(f"{name!r} owns the project; the owner stays")
    _refuse_unless_owner(db, by)
    db.revoke_access(name)
    db.execute("DELETE FROM members WHERE name = ?", (name,))


def _refuse_unless_owner(db: Database, who: str) -> None:
    owners = [m.name for m in every(db) if m.role == "owner"]
    if who not in owners:
        raise Conflict(f"only the project's owner ({', '.join(owners) or 'nobody'}) can give or "
                       f"take roles, not {who}")
