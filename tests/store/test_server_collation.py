"""A server whose default collation is not C (en_US and ICU's "en" are the usual ones)
orders text otherwise than Python: what the store sorts itself must hold there too."""

import psycopg

from annotator.core.records import Incoming
from annotator.store import Project


def icu_database(server_target, postgres_server, name):
    url = server_target(name)
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}" LOCALE_PROVIDER icu '
                      "ICU_LOCALE 'en' LOCALE 'C.UTF-8' TEMPLATE template0")
        assert not admin.execute("SELECT 'KAZINFORM' < 'Kazinform' COLLATE \"en-x-icu\""
                                 ).fetchone()[0]
    return url


def test_rejected_pairs_hold_where_capitals_sort_after_small_letters(
        server_target, postgres_server):
    url = icu_database(server_target, postgres_server, "icu")
    with Project.create(url) as project:
        project.import_documents([Incoming("d", "KAZINFORM and Kazinform, Mazhilis and "
                                                "Majilis.", "t", None)])
        assert project.reject_variants(["KAZINFORM", "Kazinform"]) == 1
        assert project.separate_variants(["Majilis"], ["Mazhilis", "MAJILIS"]) == 2
        assert project.reject_variants(["Kazinform", "KAZINFORM"]) == 0
        assert frozenset({"KAZINFORM", "Kazinform"}) in project.rejected_pairs()
        assert not any("KAZINFORM" in s.variants for s in project.variant_suggestions())


def test_a_project_made_before_the_fix_is_mended_when_opened(
        server_target, postgres_server, monkeypatch):
    from annotator.store.backends import postgres, postgres_schema

    url = icu_database(server_target, postgres_server, "icu-old")
    for module in (postgres, postgres_schema):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 8)
    Project.create(url).close()
    monkeypatch.undo()
    with Project.open(url) as project:            # migration 9
        project.import_documents([Incoming("d", "KAZINFORM and Kazinform.", "t", None)])
        assert project.reject_variants(["KAZINFORM", "Kazinform"]) == 1
