"""annotator translate install/list/run/show, as a user runs them, on the sample corpus."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.cli import main
from annotator.store import Project


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_a_new_user_installs_packages_and_translates_the_sample_corpus(
        packages_dir, demo_packages, sample_project):
    path = sample_project.target
    installed = run("translate", "install", demo_packages["en_ru"], demo_packages["ru_kk"])
    assert installed.exit_code == 0, installed.output
    assert "installed: translate-en_ru-0_1 (en→ru, version 0.1)" in installed.output
    listed = json.loads(run("translate", "list", "--format", "json").output)
    assert [r["via"] for r in listed["routes"] if r["to"] == "kk" and r["from"] == "en"] == [["ru"]]

    result = run("translate", "run", "-p", path, "--to", "ru,kk")
    assert result.exit_code == 0, result.output
    assert "kk: en → ru → kk (pivot through ru: translate-en_ru-0_1, translate-ru_kk-0_1)" \
        in result.output
    assert "ru: translated 5 documents" in result.output
    assert "kk: translated 5 documents" in result.output

    with Project.open(path) as project:
        for summary in project.list_documents():
            sentences = project.sentences(summary.id)
            for lang, route in (("ru", "en>ru"), ("kk", "en>ru>kk")):
                stored = project.translation(summary.id, lang)
                assert stored.route == route
                assert [(s.start, s.end) for s in stored.sentences] == \
                    [(s.start, s.end) for s in sentences]
                assert all(s.text for s in stored.sentences)
            assert stored.packages == ("translate-en_ru-0_1@0.1 (demo) + "
                                       "translate-ru_kk-0_1@0.1 (demo)")
        doc_id = project.list_documents()[0].id
        first_kk = project.translation(doc_id, "kk").sentences[0].text

    again = run("translate", "run", "-p", path, "--to", "ru,kk", "--format", "json")
    assert json.loads(again.output)["skipped"] == {"ru": 5, "kk": 5}
    forced = run("translate", "run", "-p", path, "--to", "kk", "--doc", doc_id, "--force",
                 "--engine", "argos", "--format", "json")
    assert json.loads(forced.output)["translated"] == {"kk": 1}

    shown = run("translate", "show", "-p", path, doc_id, "--lang", "kk")
    assert shown.exit_code == 0
    assert f"→ {first_kk}" in shown.output
    assert "en>ru>kk" in shown.output and "argostranslate" in shown.output


def test_a_new_package_version_translates_again(packages_dir, demo_packages, sample_project):
    run("translate", "install", demo_packages["en_ru"], demo_packages["ru_kk"])
    run("translate", "run", "-p", sample_project.target, "--to", "kk")
    run("translate", "install", demo_packages["en_kk"])
    result = run("translate", "run", "-p", sample_project.target, "--to", "kk", "--format", "json")
    report = json.loads(result.output)
    assert report["routes"]["kk"] == {"route": "en>kk", "packages": "translate-en_kk-0_1@0.1 (demo)",
                                      "pivot": False}
    assert report["translated"] == {"kk": 5}


def test_no_route_is_a_clear_error(packages_dir, demo_packages, sample_project):
    run("translate", "install", demo_packages["en_ru"])
    result = CliRunner().invoke(main, ["translate", "run", "-p", sample_project.target,
                                       "--to", "kk"])
    assert result.exit_code == 1
    assert "no route from en to kk: install a package for en→kk or ru→kk" in result.output
    assert sample_project.translation_counts() == {}


def test_a_bad_file_among_good_ones_installs_nothing(packages_dir, demo_packages, tmp_path):
    bad = tmp_path / "notes.argosmodel"
    bad.write_text("hello")
    result = CliRunner().invoke(main, ["translate", "install", str(demo_packages["en_ru"]),
                                       str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}: not an Argos package" in result.output
    assert list(packages_dir.iterdir()) == []


def test_without_the_extra_commands_say_how_to_install_it(monkeypatch, sample_project):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "argostranslate" else real(name, *a))
    result = CliRunner().invoke(main, ["translate", "list"])
    assert result.exit_code == 1
    assert "pip install 'corpus-annotator[translate]'" in result.output
    # ...and the rest of the tool works.
    assert run("status", "-p", sample_project.target).exit_code == 0


def test_demo_packages_command_builds_installable_files(tmp_path, packages_dir):
    result = run("translate", "demo-packages", tmp_path / "demo")
    assert result.exit_code == 0
    files = sorted((tmp_path / "demo").iterdir())
    assert [f.name for f in files] == ["translate-en_kk-0_1.argosmodel",
                                       "translate-en_ru-0_1.argosmodel",
                                       "translate-ru_kk-0_1.argosmodel"]
    assert run("translate", "install", *files).exit_code == 0
