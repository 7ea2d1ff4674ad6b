import csv
import io
import json

from click.testing import CliRunner

from annotator.cli import main


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


def sample(target):
    db = target("sample")
    run("sample", "-p", db)
    return db


def test_suggest_as_json_lists_canonical_variants_score_and_explanations(target):
    db = sample(target)
    suggestions = json.loads(run("variants", "suggest", "-p", db, "--format", "json"))
    by_canonical = {s["canonical"]: s for s in suggestions}
    vassilenko = by_canonical["Vassilenko"]
    assert vassilenko["variants"] == ["Vassilenko", "Vasilenko"]
    assert 0.9 < vassilenko["score"] <= 1
    assert vassilenko["explanations"][0]["rules"][0]["from"] == "s"
    assert "French style" in vassilenko["explanations"][0]["text"]
    assert {"Mazhilis", "Kazinform", "Kazakhstan"} <= set(by_canonical)


def test_suggest_as_text_explains(target):
    output = run("variants", "suggest", "-p", sample(target))
    assert "Majilis -> Mazhilis: j -> zh: ж is j in MVD-310 French style" in output


def test_accept_preannotate_and_every_table_format(tmp_path, target):
    db = sample(target)
    assert run("variants", "accept", "Vasilenko", "Vassilenko", "--label", "PERSON", "-p", db) \
        == "entity 1: Vassilenko (PERSON) = Vasilenko, Vassilenko\n"
    run("variants", "cyrillic", "Vassilenko", "--ru", "Василенко", "-p", db)
    assert run("variants", "preannotate", "-p", db).startswith("6 suggested spans added")
    rows = list(csv.DictReader(io.StringIO(run("variants", "table", "--format", "csv", "-p", db))))
    entity_rows = [r for r in rows if r["section"] == "entity"]
    assert [(r["form"], r["count"], r["ru"]) for r in entity_rows] == \
        [("Vassilenko", "4", "Василенко")] * 4 + [("Vasilenko", "2", "Василенко")] * 2
    assert "\t" in run("variants", "table", "--format", "tsv", "-p", db)
    assert "| Vassilenko | PERSON | Vassilenko (4), Vasilenko (2) | 6 | 2 | Василенко |" in run(
        "variants", "table", "-p", db)
    data = json.loads(run("variants", "table", "--format", "json", "-p", db))
    assert data["entities"][0]["count"] == 6
    page = tmp_path / "out" / "variants.html"
    run("variants", "table", "--format", "html", "-o", page, "-p", db)
    html = page.read_text("utf-8")
    assert "<table" in html and "Vasilenko" in html and "http" not in html.split("<body>")[1]


def test_reject_merge_split_rename_and_concordance(target):
    db = sample(target)
    assert run("variants", "reject", "Kazinform", "KAZINFORM", "-p", db) == "rejected 1 pair(s)\n"
    run("variants", "accept", "Kazakhstan", "-p", db)
    run("variants", "accept", "Qazaqstan", "-p", db)
    assert run("variants", "merge", "Kazakhstan", "Qazaqstan", "-p", db).startswith(
        "entity 1: Kazakhstan = Kazakhstan, Qazaqstan")
    assert "Qazaqstan TV" in run("variants", "split", "Kazakhstan", "Qazaqstan", "--canonical",
                                 "Qazaqstan TV", "-p", db)
    assert run("variants", "rename", "Qazaqstan TV", "Qazaqstan channel", "-p", db) == \
        "entity 3 is now Qazaqstan channel\n"
    lines = run("variants", "concordance", "Majilis", "-p", db).splitlines()
    assert len(lines) == 3 and all("[Majilis]" in line for line in lines)


def test_unknown_entities_are_clear_errors(target):
    result = CliRunner().invoke(main, ["variants", "rename", "Nobody", "X", "-p",
                                       str(sample(target))])
    assert result.exit_code == 1 and result.stderr == "error: no entity named 'Nobody'\n"


def test_export_hf_from_the_command_line(tmp_path, target):
    db = sample(target)
    run("variants", "accept", "Vassilenko", "Vasilenko", "--label", "PERSON", "-p", db)
    run("variants", "preannotate", "-p", db)
    refused = CliRunner().invoke(main, ["export", "hf", str(tmp_path / "none"), "-p", str(db)])
    assert refused.exit_code == 1 and "none is marked done" in refused.stderr
    out = tmp_path / "ds"
    summary = json.loads(run("export", "hf", out, "--all", "--suggested", "--format", "json",
                             "-p", db))
    assert sum(summary["documents"].values()) == 5 and summary["spans"] == {"PERSON": 6}
    assert (out / "README.md").read_text("utf-8").startswith("---\npretty_name:")


def test_a_tv_channel_spelled_like_the_country_is_flagged_and_warned_about(target):
    """The sample corpus names the channel Qazaqstan ("held live on Qazaqstan and KTK TV
    channels") and the country Kazakhstan."""
    from annotator.store import Project

    db = sample(target)
    with Project.open(db, annotator="lin") as project:
        doc = next(d.id for d in project.list_documents()
                   if "live on Qazaqstan" in project.document(d.id).text)
        text = project.document(doc).text
        channel = text.index("Qazaqstan")
        project.add_span(doc, channel, channel + len("Qazaqstan"), "ORG")
        country = text.index("Kazakhstan")
        project.add_span(doc, country, country + len("Kazakhstan"), "LOC")
    confident = json.loads(run("variants", "suggest", "-p", db, "--format", "json"))
    assert not any("Qazaqstan" in s["variants"] for s in confident)
    everything = json.loads(run("variants", "suggest", "--possible", "-p", db, "--format", "json"))
    [flagged] = [s for s in everything if "Qazaqstan" in s["variants"]]
    assert flagged["tier"] == "possible" and "Qazaqstan: ORG 1" in flagged["homonym"]
    assert "! homonym? tagged as" in run("variants", "suggest", "--possible", "-p", db)
    result = CliRunner().invoke(main, ["variants", "accept", flagged["id"], "-p", str(db)])
    assert result.exit_code == 0 and "homonyms? these spellings are tagged" in result.stderr
