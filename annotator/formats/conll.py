"""CoNLL-style BIO files: `token ... TAG` per line (the first column is the token, the last
the tag), blank lines between sentences, `-DOCSTART-` between documents. The text is
rebuilt with single spaces between tokens and a line break between sentences: CoNLL keeps
no spacing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.bio import bio_to_spans
from annotator.core.errors import InputProblem
from annotator.core.records import Incoming, IncomingSpan
from annotator.core.tokenize import Token
from annotator.formats.files import open_input, read_lines, size_of
from annotator.formats.registry import Reader, RecordSource, register


class ConllSource(RecordSource):
    def __init__(self, path: str, **_: Any) -> None:
        self.name = path
        self.total = size_of(Path(path))
        open_input(Path(path)).close()  # fail here, with the reason, not mid-import

    def __iter__(self) -> Iterator[Incoming | InputProblem]:
        words: list[tuple[str, str, int]] = []      # (token, tag, line)
        breaks: set[int] = set()                     # sentence ends, as token counts
        first_line = 1
        with open_input(Path(self.name)) as handle:
            for number, raw in enumerate(read_lines(handle), 1):
                if raw is None:
                    yield InputProblem(self.name, number, "a line longer than the size limit")
                    continue
                self.position += len(raw)
                try:
                    line = raw.decode("utf-8").removeprefix("\ufeff").strip()
                except UnicodeDecodeError as error:
                    yield InputProblem(self.name, number,
                                       f"invalid UTF-8: byte 0x{raw[error.start]:02x}")
                    continue
                if line.startswith("-DOCSTART-"):
                    if words:
                        yield self._document(words, breaks, first_line)
                    words, breaks, first_line = [], set(), number + 1
                elif not line:
                    breaks.add(len(words))
                elif line.startswith("#"):
                    continue
                else:
                    columns = line.split()
                    tag = columns[-1] if len(columns) > 1 else "O"
                    if tag != "O" and (tag[:2] not in ("B-", "I-") or len(tag) < 3):
                        yield InputProblem(self.name, number, f"{tag!r} is not a BIO tag "
                                           "(O, B-LABEL or I-LABEL)")
                        tag = "O"
                    words.append((columns[0], tag, number))
        if words:
            yield self._document(words, breaks, first_line)

    def _document(self, words: list[tuple[str, str, int]], breaks: set[int],
                  line: int) -> Incoming:
        parts: list[str] = []
        tokens: list[Token] = []
        position = 0
        for index, (word, _, _) in enumerate(words):
            if index:
                separator = "\n" if index in breaks else " "
                parts.append(separator)
                position += 1
            tokens.append(Token(position, position + len(word), word))
            parts.append(word)
            position += len(word)
        spans = [IncomingSpan(start, end, label, "accepted")
                 for start, end, label in bio_to_spans(tokens, [tag for _, tag, _ in words])]
        return Incoming(None, "".join(parts), self.name, line, {}, None, spans)


def _detect(path: Path) -> bool:
    return path.is_file() and path.suffix in (".conll", ".conll03", ".bio", ".iob")


register(Reader("conll", "CoNLL-style BIO: token ... TAG per line", _detect, ConllSource))
