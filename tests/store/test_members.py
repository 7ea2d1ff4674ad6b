"""Who works on a project: the owner, annotators and reviewers; on a server, access to the
project's tables comes with the grant and goes with the revoke."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.errors import InvalidValue, ProjectError
from annotator.core.records import Incoming
from annotator.store import Project


def drop_role(postgres_server: str, url: str, role: str) -> None:
    """What the role was given in the project's database and on the server, then the role."""
    project_db = postgres_server.rsplit("/", 1)[0] + "/" + url.rsplit("/", 1)[1]
    with psycopg.connect(project_db, autocommit=True) as admin:
        admin.execute(f'DROP OWNED BY "{role}"')
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP OWNED BY "{role}"')
        admin.execute(f'DROP ROLE "{role}"')


def test_the_creator_owns_the_project_and_grants_roles(target):
    with Project.create(target("p"), annotator="alice") as project:
        assert [(m.name, m.role) for m in project.members()] == [("alice", "owner")]
        project.grant("carol", "reviewer")
        assert project.role_of("carol") == "reviewer" and project.role_of() == "owner"
        with pytest.raises(InvalidValue, match="not a role"):
            project.grant("dave", "boss")
        with pytest.raises(InvalidValue, match="owns the project"):
            project.revoke("alice")
        project.revoke("carol")
        assert project.role_of("carol") is None


def test_on_a_server_access_comes_with_the_grant(server_target, postgres_server):
    role = f"annotator_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')          # not a superuser
    try:
        url = server_target("access")
        with Project.create(url, annotator="alice") as owner:
            owner.import_documents([Incoming("d", "Roman Vassilenko met Tokayev.", "t", None)])
        with pytest.raises(ProjectError, match="has no access to this project"):
            Project.open(url, annotator=role)
        result = CliRunner().invoke(main, ["project", "grant", role, "-p", url,
                                           "--annotator", "alice"])
        assert result.exit_code == 0, result.output
        with Project.open(url, annotator=role) as member:
            assert member.annotator == role
            assert member.add_span("d", 0, 5, "PERSON").annotator == role
        with Project.open(url, annotator=role) as member:
            result = CliRunner().invoke(main, ["project", "grant", "bob", "-p", url,
                                               "--annotator", role])
            assert result.exit_code == 1 and "only the project's owner (alice)" in result.stderr
        with Project.open(url, annotator="alice") as owner:
            owner.revoke(role)
        with pytest.raises(ProjectError, match="has no access"):
            Project.open(url, annotator=role)
        unknown = CliRunner().invoke(main, ["project", "grant", "nobody_here", "-p", url,
                                            "--annotator", "alice"])
        assert unknown.exit_code == 1 and "createuser nobody_here" in unknown.stderr
    finally:
        drop_role(postgres_server, url, role)


def test_a_server_login_is_the_annotator_and_its_password_is_never_shown(server_target):
    url = server_target("secret").replace("://", "://alice:s3cr3t-pw@")
    runner = CliRunner()
    outputs = [runner.invoke(main, ["init", "-p", url]),
               runner.invoke(main, ["status", "-p", url]),
               runner.invoke(main, ["status", "-p", url, "--format", "json"]),
               runner.invoke(main, ["status", "-p", url, "--annotator", "bob"]),
               runner.invoke(main, ["status", "-p", url.rsplit("/", 1)[0] + "/missing_db"])]
    assert outputs[0].exit_code == 0 and "created postgresql://alice:***@" in outputs[0].output
    assert outputs[3].exit_code == 1 and "logs in as 'alice'" in outputs[3].stderr
    assert outputs[4].exit_code == 1
    for result in outputs:
        assert "s3cr3t" not in result.output + result.stderr
    with Project.open(url) as project:
        assert project.annotator == "alice" and "s3cr3t" not in project.location


def test_tls_settings_in_the_url_reach_libpq(server_target):
    # The test server has no TLS: asking for it must fail there, saying so.
    result = CliRunner().invoke(main, ["init", "-p", server_target("tls") + "?sslmode=require"])
    assert result.exit_code == 1 and "SSL" in result.stderr


def test_a_member_granted_before_layers_keeps_access_after_the_migration(
        server_target, postgres_server, monkeypatch):
    from annotator.store.backends import postgres, postgres_schema

    role = f"annotator_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')          # not a superuser
    url = server_target("before-layers")
    try:
        for module in (postgres, postgres_schema):
            monkeypatch.setattr(module, "SCHEMA_VERSION", 5)
        with Project.create(url, annotator="alice") as owner:
            owner.grant(role)
        monkeypatch.undo()
        with Project.open(url, annotator="alice") as owner:     # the owner migrates
            owner.import_documents([Incoming("d", "Roman Vassilenko met Tokayev.", "t", None)])
            owner.set_workflow("double")
        with Project.open(url, annotator=role) as member:
            span = member.add_span("d", 6, 16, "PERSON")       # takes the document on
            assert (span.layer, member.annotators_of("d")) == (role, [role])
            member.set_document_status("d", "done")
            # Migration 7's table too: the same text under another id becomes an alias.
            report = member.import_documents([Incoming("d2", "Roman Vassilenko met Tokayev.",
                                                       "t", None)])
            assert report.aliases == [("d2", "d")]
            # Migration 8's tables: a member's first suggestions build the form index and
            # keep the suggestions.
            assert member.variant_suggestions() == []
            assert "Vassilenko" in member.mine_forms()
    finally:
        drop_role(postgres_server, url, role)
