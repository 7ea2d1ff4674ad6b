"""Tiny but real Argos Translate packages, built offline in a couple of seconds.

Each package is what Argos installs and runs: a SentencePiece model, a CTranslate2
Transformer, a MiniSBD sentence splitter (ONNX) and metadata.json, zipped as .argosmodel.
The Transformer does not learn anything: its weights are set by hand so that decoding step t
attends to source token t and writes that token transliterated (Latin -> Cyrillic for
en->ru and en->kk, Russian -> Kazakh letters for ru->kk). So the output depends on the
input, token by token, which is what the tests and the benchmark need, and it is honest
about being a toy: "Tokayev met Vassilenko" comes out as "Токайев мет Вассиленко".

How the copy works (d = 2k dimensions; the first k carry position, the last k token):
- token v is embedded as a random ±1 code c_v in the token half; position t adds a random
  ±1 code p_t in the position half (explicit position encodings, no sinusoids);
- every sublayer of the encoder, and the decoder's self-attention and feed-forward parts,
  has zero output weights, so they pass the residual stream through unchanged;
- the decoder's cross-attention compares positions only (query and key project the
  position half), sharp enough that step t reads source token t almost exclusively, and
  copies the token half (value and output project the token half);
- the output projection scores target y by the sum of the codes of the source tokens that
  map to y. Random codes in 128 dimensions are near-orthogonal, so the right token wins by
  a wide margin. The source gets </s> appended (add_source_eos), which maps to </s>.

Needs the translate extra (sentencepiece, ctranslate2, numpy, onnx); imported only by the
`annotator translate demo-packages` command, the tests and the benchmark.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from annotator.translate.demo_alphabets import SPLITTER_CHARACTERS, TRAINING_TEXT, transliterate

MODEL_DIM = 128
POSITIONS = 1024
SENTENCE_ENDS = ".!?"
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}
DEMO_PAIRS = (("en", "ru"), ("ru", "kk"), ("en", "kk"))


@dataclass(frozen=True)
class DemoPackage:
    from_code: str
    to_code: str
    version: str = "0.1"
    argos_version: str = "1.9"
    splitter: bool = True
    # The size of the network. The default is tiny; the benchmark also builds one the size of
    # Argos's own models (6+6 layers, 512 wide, 8 heads, 2048 feed-forward, int8), whose
    # extra layers do the full amount of arithmetic while adding nothing to the result.
    layers: int = 1
    dim: int = MODEL_DIM
    heads: int = 1
    ffn: int = 64
    quantization: str | None = None
    # The SentencePiece vocabulary. The default, trained on a few lines, cuts words into
    # letters and pairs; the benchmark adds its corpus and asks for a larger vocabulary, so
    # that sentences are as many pieces long as with Argos's own 32k vocabularies.
    vocab_size: int = 200
    extra_training_text: str = ""

    @property
    def folder_name(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}-{self.version.replace('.', '_')}"


def build_package(package: DemoPackage, out_dir: str | Path, *, seed: int = 7) -> Path:
    """Write `package` as `<out_dir>/<folder_name>.argosmodel` and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="annotator-demo-package-") as scratch:
        root = Path(scratch) / package.folder_name
        root.mkdir()
        pieces = _write_sentencepiece(root / "sentencepiece.model", package)
        _write_model(root / "model", pieces, package, seed)
        if package.splitter:
            (root / "minisbd").mkdir()
            _write_splitter(root / "minisbd" / f"{package.from_code}.onnx", package.from_code)
        (root / "metadata.json").write_text(json.dumps(_metadata(package), indent=2) + "\n")
        (root / "README.md").write_text(
            f"# Demo package {package.from_code} -> {package.to_code}\n\n"
            "Built by annotator for tests and demos. It transliterates token by token; "
            "it does not translate.\n")
        target = out_dir / f"{package.folder_name}.argosmodel"
        _zip_folder(root, target)
    return target


def build_demo_packages(out_dir: str | Path) -> list[Path]:
    return [build_package(DemoPackage(a, b), out_dir) for a, b in DEMO_PAIRS]


def _metadata(package: DemoPackage) -> dict:
    return {
        "package_version": package.version,
        "argos_version": package.argos_version,
        "from_code": package.from_code,
        "from_name": LANGUAGE_NAMES.get(package.from_code, package.from_code),
        "to_code": package.to_code,
        "to_name": LANGUAGE_NAMES.get(package.to_code, package.to_code),
        "type": "translate",
        "links": [],
        # Read by annotator: what these packages make is marked as not a translation.
        "annotator_demo": True,
    }


def _write_sentencepiece(path: Path, package: DemoPackage) -> list[str]:
    import sentencepiece as spm

    model = io.BytesIO()
    text = TRAINING_TEXT[package.from_code] + package.extra_training_text
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(text.splitlines()), model_writer=model,
        vocab_size=package.vocab_size, hard_vocab_limit=False, character_coverage=1.0,
        normalization_rule_name="identity", num_threads=1, minloglevel=2,
    )
    path.write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=model.getvalue())
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _write_model(path: Path, pieces: list[str], package: DemoPackage, seed: int) -> None:
    import numpy as np
    from ctranslate2.converters.converter import Converter
    from ctranslate2.specs import transformer_spec

    special = {"<unk>", "<s>", "</s>"}
    targets = [p if p in special else transliterate(p, package.from_code, package.to_code)
               for p in pieces]
    target_vocab = list(dict.fromkeys(targets))
    d, k, heads, ffn = package.dim, package.dim // 2, package.heads, package.ffn
    head_dim = d // heads
    rng = np.random.default_rng(seed)
    codes = rng.choice([-1.0, 1.0], size=(len(pieces), k)).astype(np.float32)
    positions = rng.choice([-1.0, 1.0], size=(POSITIONS, k)).astype(np.float32)

    def zeros(*shape: int):
        return np.zeros(shape, np.float32)

    # Each head compares a slice of the position code (query, key) and carries a slice of
    # the token code (value); slices wrap around, so every code dimension is carried by
    # d / k = 2 head dimensions, and the output projection averages them back.
    positions_seen, tokens_carried, back = zeros(d, d), zeros(d, d), zeros(d, d)
    for dim in range(d):
        positions_seen[dim, dim % k] = 1.0
        tokens_carried[dim, k + dim % k] = 1.0
        back[k + dim % k, dim] = 0.5
    sharpness = 3.0 if head_dim >= 128 else 4.0
    projection = zeros(len(target_vocab), d)
    for source_id, target in enumerate(targets):
        projection[target_vocab.index(target), k:] += 0.2 * codes[source_id]

    def norm(layer) -> None:
        layer.gamma, layer.beta = np.ones(d, np.float32), zeros(d)

    def silent(layer, cross: bool = False) -> None:  # a pre-norm layer adding nothing
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = zeros(3 * d, d)
        layer.self_attention.linear[1].weight = zeros(d, d)
        if cross:
            norm(layer.attention.layer_norm)
            layer.attention.linear[0].weight = zeros(d, d)
            layer.attention.linear[1].weight = zeros(2 * d, d)
            layer.attention.linear[2].weight = zeros(d, d)
        norm(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight, layer.ffn.linear_1.weight = zeros(ffn, d), zeros(d, ffn)

    class HandWired(Converter):
        def _load(self):
            spec = transformer_spec.TransformerSpec.from_config(package.layers, heads)
            spec.config.add_source_eos = True
            for side in (spec.encoder, spec.decoder):
                side.scale_embeddings = False
                side.position_encodings.encodings = np.concatenate(
                    [positions, zeros(POSITIONS, d - k)], 1)
                norm(side.layer_norm)
            spec.encoder.embeddings[0].weight = np.concatenate([zeros(len(pieces), k), codes], 1)
            spec.decoder.embeddings.weight = zeros(len(target_vocab), d)
            for layer in spec.encoder.layer:
                silent(layer)
            for layer in spec.decoder.layer:
                silent(layer, cross=True)
            copying = spec.decoder.layer[0].attention
            copying.linear[0].weight = sharpness * positions_seen
            copying.linear[1].weight = np.concatenate([positions_seen, tokens_carried], 0)
            copying.linear[2].weight = back
            spec.decoder.projection.weight = projection
            spec.register_source_vocabulary(pieces)
            spec.register_target_vocabulary(target_vocab)
            return spec

    HandWired().convert(str(path), quantization=package.quantization, force=True)


def _write_splitter(path: Path, lang: str) -> None:
    """A MiniSBD model: a lookup table from character to class (1 = a token ends here,
    2 = a sentence ends here), with the config and vocabulary MiniSBD reads from the
    ONNX metadata."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    units = ["<PAD>", "<UNK>", *dict.fromkeys(SPLITTER_CHARACTERS[lang] + " " + SENTENCE_ENDS)]
    table = np.zeros((len(units), 5), np.float32)
    table[:, 1] = 1.0
    for ch in SENTENCE_ENDS:
        table[units.index(ch)] = [0, 0, 1, 0, 0]
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "units"], ["logits"], axis=0)],
        "minisbd-lookup",
        [helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "length"]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT,
                                       ["batch", "length", "features"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "length", 5])],
        [numpy_helper.from_array(table, "table")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    vocab = {"lang": lang, "idx": 0, "cutoff": 0, "lower": False, "_id2unit": units,
             "_unit2id": {unit: i for i, unit in enumerate(units)}}
    config = {"feat_funcs": [], "max_seqlen": 300, "batch_size": 32, "skip_newline": False,
              "use_dictionary": False, "num_dict_feat": 0}
    for key, value in {"lang_code": lang, "config": json.dumps(config),
                       "vocab": json.dumps(vocab), "lexicon": "null"}.items():
        model.metadata_props.add(key=key, value=value)
    onnx.save(model, str(path))


def _zip_folder(root: Path, target: Path) -> None:
    partial = target.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(root.rglob("*")):
            if file.is_file():
                info = zipfile.ZipInfo(str(file.relative_to(root.parent)), _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, file.read_bytes())
    shutil.move(partial, target)
