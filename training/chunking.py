"""The chunking rule: pysbd sentences, long sentences split at a clause boundary (training/README.md)."""
from __future__ import annotations

import re

MAX_WORDS = 24
MIN_WORDS = 6
CHUNKING = (
    "pysbd sentences; a sentence over 24 words is split at a clause boundary "
    "('; ', a single spaced en/em dash, or ', ' before which/while/whereas/although/but), "
    "outside parentheses, at the boundary nearest its middle that leaves both parts >= 6 words; "
    "repeated until no part over 24 words has such a boundary"
)

_BOUNDARIES = [
    re.compile(r";\s+"),
    re.compile(r"\s+[\u2013\u2014]\s+"),
    re.compile(r",\s+(?=(?:which|while|whereas|although|but)\b)"),
]
_SPACED_DASH = re.compile(r"\s[\u2013\u2014]\s")


def _words(text: str) -> int:
    return len(text.split())


def split_long(sentence: str) -> list[str]:
    """Split one sentence into chunks by the CHUNKING rule (returns [sentence] when no boundary qualifies)."""
    if _words(sentence) <= MAX_WORDS:
        return [sentence]
    allow_dash = len(_SPACED_DASH.findall(sentence)) == 1  # a dash pair brackets an aside: never split it
    total = _words(sentence)
    best = None
    for i, pattern in enumerate(_BOUNDARIES):
        if i == 1 and not allow_dash:
            continue
        for m in pattern.finditer(sentence):
            left = sentence[: m.start()] + (sentence[m.start()] if sentence[m.start()] in ";," else "")
            right = sentence[m.end():]
            if left.count("(") != left.count(")"):
                continue
            nl, nr = _words(left), _words(right)
            if nl < MIN_WORDS or nr < MIN_WORDS:
                continue
            score = abs(nl - total / 2)
            if best is None or score < best[0]:
                best = (score, left.strip(), right.strip())
    if best is None:
        return [sentence]
    return split_long(best[1]) + split_long(best[2])


def chunk_article(text: str, segmenter) -> tuple[int, list[str]]:
    """(number of pysbd sentences, chunks) of one document; paragraphs (blank-line separated) are segmented apart."""
    sentences = [s.strip() for p in re.split(r"\n\s*\n", text) if p.strip() for s in segmenter.segment(p) if s.strip()]
    chunks = [c for s in sentences for c in split_long(s)]
    return len(sentences), chunks


def chunk_one(text: str) -> tuple[int, list[str]]:
    import pysbd

    global _SEGMENTER
    if "_SEGMENTER" not in globals():
        _SEGMENTER = pysbd.Segmenter(language="en", clean=False)
    return chunk_article(text, _SEGMENTER)
