import json

import numpy as np
import pytest

from training import data
from training import chunking, demo_data
from training.chunking import chunk_article, split_long
from training.data import CACHE, PUBLIC_DATA, assign_splits, build_splits, load_articles, make_windows
from training.sources import SOURCES


def test_short_sentences_are_untouched():
    s = "The cat sat on the mat; it was warm."
    assert split_long(s) == [s]


def test_long_sentence_splits_at_a_clause_boundary_with_no_short_fragments():
    s = ("Translation is accomplished by the ribosome in every living cell of the body, which links "
         "proteinogenic amino acids in an order specified by messenger RNA using transfer RNA molecules.")
    parts = split_long(s)
    assert len(parts) == 2 and parts[1].startswith("which links")
    assert all(len(p.split()) >= chunking.MIN_WORDS for p in parts)
    assert " ".join(parts) == s


def test_no_split_inside_parentheses_or_between_a_dash_pair():
    s = ("The theory (a broad framework; many would say the broadest one ever devised) describes every known "
         "interaction between the fundamental particles of nature and the forces that act upon them all.")
    assert split_long(s) == [s]
    s2 = ("Set theory – as a branch of mathematics that studies collections of objects – is mostly concerned "
          "with those collections that are relevant to mathematics as a whole and its foundations in logic.")
    assert split_long(s2) == [s2]


def test_windows_never_cross_articles():
    article = np.array([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2])
    ctx, tgt = make_windows(article, k=5)
    assert tgt.tolist() == [5, 6, 12]
    for c, t in zip(ctx, tgt):
        assert (article[c] == article[t]).all() and c.tolist() == list(range(t - 5, t))


def _assert_disjoint(splits):
    seen_articles, seen_pairs = {}, {}
    for name, s in splits.items():
        ids = set(s.article.tolist())
        pairs = set(zip(s.article.tolist(), s.texts))
        for other, (o_ids, o_pairs) in seen_articles.items():
            assert not ids & o_ids, f"article ids shared by {name} and {other}"
            assert not pairs & o_pairs, f"(article, sentence) shared by {name} and {other}"
        seen_articles[name] = (ids, pairs)
        for c, t in zip(s.context_idx, s.target_idx):
            assert (s.article[c] == s.article[t]).all()


def test_no_leakage_small_in_memory_case():
    corpus = {"articles": [
        {"id": i, "title": f"T{i}", "topic": topic, "chunks": [f"sentence {j} of {i}" for j in range(7)]}
        for i, topic in enumerate(["Arts", "People", "People", "Mathematics"] * 10)
    ]}
    vectors = np.zeros((sum(len(a["chunks"]) for a in corpus["articles"]), 4), np.float32)
    splits = build_splits(corpus, vectors)
    _assert_disjoint(splits)
    assert {a for a in splits["stress"].article.tolist()} == {a["id"] for a in corpus["articles"] if a["topic"] in ("Arts", "Mathematics")}
    assert len(splits["val"].target_idx) > 0 and len(splits["train"].target_idx) > 0


def _full_corpus():
    """The cached corpus when built; otherwise a real subset (every 25th article) chunked here."""
    path = CACHE / "corpus.json"
    if path.exists():
        return json.loads(path.read_text())
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    articles = load_articles()
    subset = [a for a in articles if a["id"] % 25 == 0]
    for a in subset:
        a["chunks"] = chunk_article(a.pop("extract"), seg)[1]
    return {"articles": subset}


def test_no_leakage_on_the_real_dataset():
    corpus = _full_corpus()
    split = assign_splits(load_articles())  # always from the full article list
    vectors = np.zeros((sum(len(a["chunks"]) for a in corpus["articles"]), 4), np.float32)
    splits = build_splits(corpus, vectors, assignment=split)
    _assert_disjoint(splits)
    for name, s in splits.items():
        assert all(split[i] == name for i in set(s.article.tolist()))


def test_split_assignment_is_deterministic_and_ood_is_zero_shot():
    articles = load_articles()
    assert len(articles) >= 12000
    a, b = assign_splits(articles), assign_splits(articles)
    assert a == b
    ood = [art for art in articles if a[art["id"]] == "ood"]
    # OOD: whole Wikipedia articles held out by topic, nothing else
    assert {art["title"] for art in ood} == set(data.OOD_ARTICLES)
    assert {art["source"] for art in ood} == {"wiki-articles"}
    # stress: the whole held-out source and the held-out summary topics
    stress = [art for art in articles if a[art["id"]] == "stress"]
    assert {art["source"] for art in stress} == {*data.STRESS_SOURCES, "wiki-summaries"}
    assert {art["topic"] for art in stress if art["source"] == "wiki-summaries"} == set(data.STRESS_TOPICS)
    assert all(a[art["id"]] == "stress" for art in articles if art["source"] in data.STRESS_SOURCES)
    for source in {art["source"] for art in articles} - set(data.STRESS_SOURCES):
        rest = [art["id"] for art in articles if art["source"] == source and a[art["id"]] not in ("ood", "stress")]
        val = sum(a[i] == "val" for i in rest)
        assert val == max(data.VAL_MIN, round(data.VAL_FRACTION * (len(rest) + (source == "wiki-articles") * len(data.OOD_ARTICLES)))), source


def test_shipped_files_match_the_contract():
    meta = json.loads((PUBLIC_DATA / "dataset.json").read_text())
    assert meta["k"] == 5 and meta["dim"] == 384 and meta["counts"]["chunks"] >= 200000
    assert meta["counts"]["train_windows"] >= 150000
    # the held-out full articles are enough for a headline split (>= 2,000 windows at K = 5)
    assert meta["counts_by_source"]["wiki-articles"]["ood_windows"] >= 2000
    shipped = json.loads((PUBLIC_DATA / meta["articles"]).read_text())
    split_of = {a["id"]: a["split"] for a in shipped}
    assert set(split_of.values()) == {"val", "ood", "stress"}
    assignment = assign_splits(load_articles())
    assert all(assignment[i] == s for i, s in split_of.items())  # a sample of val, OOD and stress, never train
    # every trained source is shipped in val; OOD ships one source (the app's one bank is then the
    # per-source bank of the manifest), stress the held-out source
    assert {(a["source"], a["split"]) for a in shipped} == {
        *((s, "val") for s in SOURCES if s not in data.STRESS_SOURCES),
        ("wiki-articles", "ood"), *((s, "stress") for s in data.STRESS_SOURCES)}
    for name in demo_data.SHIPPED_SPLITS:
        info = meta["splits"][name]
        vectors = np.load(PUBLIC_DATA / info["vectors"])
        assert vectors.dtype == np.dtype("<f2") and vectors.shape == (info["count"], 384)
        assert np.allclose(np.linalg.norm(vectors.astype(np.float32), axis=1), 1.0, atol=2e-3)
        sentences = json.loads((PUBLIC_DATA / info["sentences"]).read_text())
        assert len(sentences["texts"]) == len(sentences["article"]) == info["count"]
        assert all(split_of[i] == name for i in set(sentences["article"]))
        assert len(make_windows(np.array(sentences["article"]))[1]) == info["windows"]
    mean = np.load(PUBLIC_DATA / meta["train_mean"])
    assert mean.dtype == np.dtype("<f4") and mean.shape == (384,)
    assert np.linalg.norm(mean) == pytest.approx(1.0, abs=1e-5)
