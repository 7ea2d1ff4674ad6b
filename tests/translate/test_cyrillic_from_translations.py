"""Cyrillic forms proposed from the project's own translations: CLI and Variants screen."""

from __future__ import annotations

import asyncio
import json

from click.testing import CliRunner

from annotator.cli import main
from annotator.store import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.dialogs.prompt import TextPrompt
from annotator.tui.screens.variants import VariantsScreen


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def translated_sample(sample_project, install):
    install("en_ru", "ru_kk")
    sample_project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
    assert run("translate", "run", "-p", sample_project.target, "--to", "ru,kk").exit_code == 0
    return sample_project.target


def test_proposals_come_from_the_translations_and_can_be_stored(install, sample_project):
    path = translated_sample(sample_project, install)
    result = run("variants", "propose-cyrillic", "Vassilenko", "-p", path, "--format", "json")
    [entity] = json.loads(result.output)
    proposals = [(p["lang"], p["form"], p["source"]) for p in entity["proposals"]]
    # The demo packages transliterate token by token: both spellings come out in Cyrillic.
    assert ("ru", "Вассиленко", "translation") in proposals
    assert ("ru", "Василенко", "translation") in proposals
    assert ("kk", "Вассиленко", "translation") in proposals
    assert all(p["demo"] for p in entity["proposals"] if p["source"] == "translation")
    assert "made by the demo packages" in entity["proposals"][0]["evidence"]
    assert "[demo]" in run("variants", "propose-cyrillic", "Vassilenko", "-p", path).output
    support = {p["form"]: p["support"] for p in entity["proposals"] if p["lang"] == "ru"}
    assert support["Вассиленко"] > support["Василенко"] >= 1  # as often as each spelling

    stored = run("variants", "propose-cyrillic", "Vassilenko", "--accept", "-p", path)
    assert "✓ stored" in stored.output
    with Project.open(path) as project:
        entity_id = project.entity_id("Vassilenko")
        assert project.entity(entity_id).cyrillic == {"kk": ["Вассиленко"], "ru": ["Вассиленко"]}


def test_the_variants_screen_prefills_the_proposals_for_a_linguist_to_confirm(
        install, sample_project, tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    path = translated_sample(sample_project, install)
    sample_project.close()

    async def main_():
        app = AnnotatorApp(path, "lin")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("v")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, VariantsScreen)
            await pilot.press("C")
            await pilot.pause()
            prompt = app.screen
            assert isinstance(prompt, TextPrompt)
            assert prompt.value == "ru: Вассиленко; kk: Вассиленко"
            assert "ru Вассиленко: in" in prompt.question
            assert "back-transliteration" in prompt.question or "Василенко" in prompt.question
            await pilot.press("enter")  # confirm as proposed
            await pilot.pause()

    asyncio.run(main_())
    with Project.open(path) as project:
        entity = project.entity(project.entity_id("Vassilenko"))
        assert entity.cyrillic == {"kk": ["Вассиленко"], "ru": ["Вассиленко"]}
