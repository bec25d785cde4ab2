"""The shipped demo data (public/data): seeded samples of the val, OOD and stress splits, the train
mean, the articles table and dataset.json; and a shipped split read back exactly as the app loads it."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .chunking import CHUNKING
from .data import (DIM, ENCODER, K, OOD_ARTICLE_TOPICS, PUBLIC_DATA, SPLIT_SEED, STRESS_SOURCES, STRESS_TOPICS, Split,
                   assign_splits, load_dataset, make_split, save_npy)

SHIPPED_MAX_DOC = {"val": 150, "ood": 300, "stress": 150}  # chunks: one long document would be most of a sample
SHIPPED_CHUNKS = {"val": 120, "ood": 600, "stress": 250}  # per source: the demo ships small samples (Compare runs on open), the manifest is measured on them
SHIPPED_SOURCES = {"stress": ("moby-dick",)}  # one source per shipped split where the app's single bank must equal the per-source rule
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
        "ood": {"article_topics": {t: list(v) for t, v in OOD_ARTICLE_TOPICS.items()}},
        "stress": {"sources": list(STRESS_SOURCES), "summary_topics": list(STRESS_TOPICS)},
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
