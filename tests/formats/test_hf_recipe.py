"""The Hugging Face token-classification recipe, unchanged, on an export of the sample
corpus: tokenize with truncation at 128 subwords, align labels, train a tiny BERT two steps,
evaluate on the validation split. The tokenizer is a WordPiece vocabulary the test trains on
the corpus (nothing is downloaded), sized to cut words more often than bert-base-cased does
on English news, so "no tag lost" here is a conservative claim."""

import datasets
import pytest

from annotator.formats import open_source
from annotator.formats.hf_dataset import NerShape, write_dataset
from annotator.store import Project
from helpers import SAMPLE_CORPUS

pytestmark = pytest.mark.slow


@pytest.fixture
def sample_export(tmp_path):
    with Project.create(tmp_path / "p.db", annotator="alice") as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
        project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
        project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        project.accept_variants(["Kazakhstan", "Qazaqstan"], label="LOC")
        project.preannotate()
        for doc_id in project.document_ids():
            for span in project.spans(doc_id):
                project.accept_span(span.id)
            project.set_document_status(doc_id, "done")

        def export(name, shape):
            write_dataset(project.export_documents(), project.variant_table(),
                          tmp_path / name, labels=project.labels().names(), ner=shape)
            return tmp_path / name

        yield export


def wordpiece(texts, vocab_size):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    model = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    model.normalizer = normalizers.BertNormalizer(lowercase=False)
    model.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    model.train_from_iterator(texts, trainers.WordPieceTrainer(vocab_size=vocab_size,
                                                               special_tokens=special))
    model.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        special_tokens=[(name, model.token_to_id(name)) for name in ("[CLS]", "[SEP]")])
    return PreTrainedTokenizerFast(tokenizer_object=model, unk_token="[UNK]", pad_token="[PAD]",
                                   cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")


def recipe(tokenizer, max_length):
    def tokenize_and_align_labels(examples):
        tokenized_inputs = tokenizer(examples["tokens"], truncation=True,
                                     is_split_into_words=True, max_length=max_length)
        labels = []
        for i, label in enumerate(examples["ner_tags"]):
            word_ids = tokenized_inputs.word_ids(batch_index=i)
            previous_word_idx = None
            label_ids = []
            for word_idx in word_ids:
                if word_idx is None or word_idx == previous_word_idx:
                    label_ids.append(-100)
                else:
                    label_ids.append(label[word_idx])
                previous_word_idx = word_idx
            labels.append(label_ids)
        tokenized_inputs["labels"] = labels
        return tokenized_inputs

    return tokenize_and_align_labels


def tags_lost(ner, tokenized):
    """Tags (not O) of words that no subword of the truncated input carries."""
    lost = total = 0
    for split in ner:
        for row, labels in zip(ner[split], tokenized[split]["labels"], strict=True):
            kept = sum(label > 0 for label in labels)
            tagged = sum(tag > 0 for tag in row["ner_tags"])
            total += tagged
            lost += tagged - kept
    return lost, total


def test_the_recipe_with_max_length_128_loses_no_tag_and_trains(sample_export, tmp_path):
    from transformers import (
        BertConfig,
        BertForTokenClassification,
        DataCollatorForTokenClassification,
        Trainer,
        TrainingArguments,
    )

    folder = sample_export("sentences", NerShape())
    texts = [row["text"] for split in datasets.load_dataset(str(folder)).values()
             for row in split]
    tokenizer = wordpiece(texts, vocab_size=1000)
    ner = datasets.load_dataset(str(folder), "ner")
    words = sum(len(row) for split in ner.values() for row in split["tokens"])
    pieces = sum(len(tokenizer(row, is_split_into_words=True)["input_ids"]) - 2
                 for split in ner.values() for row in split["tokens"])
    assert pieces / words > 1.3, "the tokenizer should cut words at least as often as BERT's"

    tokenized = ner.map(recipe(tokenizer, 128), batched=True)
    lost, total = tags_lost(ner, tokenized)
    assert total > 30 and lost == 0

    whole = datasets.load_dataset(str(sample_export("documents", NerShape("document"))), "ner")
    lost_whole, _ = tags_lost(whole, whole.map(recipe(tokenizer, 128), batched=True))
    assert lost_whole > total // 2, "whole documents would lose most tags at 128"

    names = ner["train"].features["ner_tags"].feature.names
    model = BertForTokenClassification(BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2,
        num_attention_heads=2, intermediate_size=64, num_labels=len(names)))
    trainer = Trainer(
        model=model,
        args=TrainingArguments(output_dir=str(tmp_path / "run"), max_steps=2,
                               per_device_train_batch_size=8, report_to=[], use_cpu=True,
                               save_strategy="no"),
        train_dataset=tokenized["train"], eval_dataset=tokenized["validation"],
        data_collator=DataCollatorForTokenClassification(tokenizer))
    assert trainer.train().global_step == 2
    assert trainer.evaluate()["eval_loss"] > 0
