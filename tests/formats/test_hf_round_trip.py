"""`export hf` then `import` gives back every field: documents (text, metadata, status,
other ids), spans (offsets, label, status, entity), entities (canonical form, type, note,
spellings with and without spans, Cyrillic forms) and translations."""

from annotator.core.records import Incoming
from annotator.core.translations import TranslatedSentence
from annotator.formats import open_source
from annotator.formats.hf_dataset import write_dataset
from annotator.store import Project
from helpers import SAMPLE_CORPUS

DOC = "54b3eda07178e59d"


def dump(project):
    documents = {}
    for doc_id in project.document_ids():
        document = project.document(doc_id)
        text = document.text
        documents[doc_id] = {
            "text": text, "meta": document.meta, "status": document.status.value,
            "spans": sorted((s.start, s.end, s.label, s.status.value,
                             project.entity(s.entity_id).canonical if s.entity_id else None)
                            for s in project.spans(doc_id)),
            "translations": {lang: (t.text, t.route, t.packages, t.engine,
                                    [tuple(s) for s in t.sentences])
                             for lang, t in project.translations(doc_id).items()}}
    entities = sorted((e.canonical, e.label, e.note, sorted(e.forms),
                       {lang: sorted(forms) for lang, forms in e.cyrillic.items() if forms})
                      for e in project.entities())
    return documents, entities


def test_every_field_comes_back(target, tmp_path):
    with Project.create(target("p"), annotator="alice") as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
        project.import_documents([Incoming("copy-of-doc", project.document(DOC).text, "t", 1)])
        project.add_label("EVENT2")
        vassilenko = project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
        project.set_cyrillic_forms(vassilenko.id, "ru", ["Василенко"])
        project.set_cyrillic_forms(vassilenko.id, "kk", ["Василенко", "Васыленко"])
        mazhilis = project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        project.set_cyrillic_forms(mazhilis.id, "kk", ["Мәжіліс"])
        # An entity with a spelling no span uses, no type and a note.
        project.create_entity("Nur-Sultan", forms=["Nursultan", "Nur Sultan"],
                              note="the capital's name 2019-2022")
        project.preannotate()
        for span in project.spans(DOC)[:4]:
            project.accept_span(span.id)
        text = project.document(DOC).text
        start = text.index("Central Election Commission")
        project.add_span(DOC, start, start + 27, "ORG", entity="CEC")
        project.set_document_status(DOC, "done")
        project.set_document_status("c03bbd7e0a03ebef", "in_progress")
        project.save_translation(DOC, "ru", [TranslatedSentence(0, 29, "Значимая кампания")],
                                 route="en>ru", packages="translate-en_ru@1.9",
                                 engine="ctranslate2")
        before = dump(project)
        write_dataset(project.export_documents(all_documents=True, suggested=True),
                      project.variant_table(), tmp_path / "ds",
                      labels=project.labels().names(), languages=["ru"])
    with Project.create(target("back")) as back:
        report = back.import_documents(open_source(str(tmp_path / "ds")), add_labels=True)
        assert report.problem_count == 0, report.problems
        assert report.entities_read == 4
        after = dump(back)
        assert after[0] == before[0]
        assert after[1] == before[1]
        again = back.import_documents([Incoming("copy-of-doc", text, "t", 1)])
        assert again.aliases == [] and again.duplicates == 1, "the alias came back"
        again = back.import_documents(open_source(str(tmp_path / "ds")))
        assert again.imported == 0 and again.forms_added == 0 and dump(back) == after, \
            "importing the export twice changes nothing"
