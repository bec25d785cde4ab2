"""The README leaderboard, regenerated from public/models/manifest.json and public/data/dataset.json.

`python -m training leaderboard` rewrites the block between the LEADERBOARD markers in README.md
(and in training/README.md, with the sources and per-source counts):
OOD, val and stress metrics per model and baseline (macro over sources, per source beside), the
difference to the linear average with bootstrap intervals, the long-context model beside the
baselines on its own windows, its context-length curve, and the training each model had. No number
is typed by hand.
"""
from __future__ import annotations

import json
from pathlib import Path

from .data import PUBLIC_DATA, ROOT
from .export import PUBLIC_MODELS

README = ROOT / "README.md"
TRAINING_README = ROOT / "training" / "README.md"
START, END = "<!-- LEADERBOARD:START (python -m training leaderboard) -->", "<!-- LEADERBOARD:END -->"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


SPLIT_TITLES = {"ood": "OOD (headline): held-out Wikipedia articles", "val": "val",
                "stress": "stress: Moby-Dick and the held-out summary topics"}
METRIC_CELLS = ("cosine_mean", "hit1", "hit5", "hit10", "mrr")
HEADER = "| predictor | cos | Hit@1 | Hit@5 | Hit@10 | MRR | Δcos vs avg [95% CI] | ΔHit@5 [95% CI] | ΔMRR [95% CI] |\n|---|" + "---:|" * 8


def _cells(m: dict) -> list[str]:
    return [f"{m['cosine_mean']:.4f}", _pct(m["hit1"]), _pct(m["hit5"]), _pct(m["hit10"]), f"{m['mrr']:.3f}"]


def _diff(d: dict, pct: bool) -> str:
    f = (lambda x: f"{100 * x:+.1f}") if pct else (lambda x: f"{x:+.4f}")
    return f"{f(d['diff'])} [{f(d['lo'])}, {f(d['hi'])}]"


def _row(name: str, m: dict, vs: dict | None = None) -> str:
    diffs = ([_diff(vs["cosine_mean"], False), _diff(vs["hit5"], True), _diff(vs["mrr"], False)] if vs else ["", "", ""])
    return f"| {name} | " + " | ".join(_cells(m) + diffs) + " |"


def _baselines(manifest: dict) -> list[tuple[str, dict]]:
    return ([(b["name"], b["metrics_full"]) for b in manifest["baselines"]]
            + [(b["name"], b["metrics_full"]) for b in manifest.get("reference_baselines", [])])


def _split_table(manifest: dict, split: str, k: int) -> list[str]:
    out = [HEADER]
    for m in manifest["models"]:
        if m["K"] == k:
            out.append(_row(f"{m['name']} ({m['params']:,} params)", m["metrics_full"][split], m["vs_linear_average"][split]))
    out += [_row(f"{name} (baseline)", metrics[split]) for name, metrics in _baselines(manifest)]
    return out


def _by_source(manifest: dict, split: str, k: int) -> list[str]:
    """Per-source cosine / Hit@5 / MRR of every K-model and the linear average."""
    avg = next(b for b in manifest["baselines"] if b["id"] == "linear_average")["metrics_full"][split]["by_source"]
    sources = list(avg)
    out = ["| predictor | " + " | ".join(f"{s} cos / Hit@5 / MRR" for s in sources) + " |", "|---|" + "---:|" * len(sources)]
    rows = [(m["name"], m["metrics_full"][split]["by_source"]) for m in manifest["models"] if m["K"] == k]
    for name, by in rows + [("Linear average (baseline)", avg)]:
        out.append(f"| {name} | " + " | ".join(f"{by[s]['cosine_mean']:.4f} / {_pct(by[s]['hit5'])} / {by[s]['mrr']:.3f}"
                                            for s in sources) + " |")
    return out


def verdicts(manifest: dict) -> list[str]:
    """One line per model: does it beat the linear average at its K on the same windows, on OOD and val,
    on cosine, Hit@5 and MRR (point estimates, intervals beside)?"""
    lines = []
    for m in manifest["models"]:
        misses = [f"{split} {name}" for split in ("ood", "val") for key, name in
                  (("cosine_mean", "cosine"), ("hit5", "Hit@5"), ("mrr", "MRR")) if m["vs_linear_average"][split][key]["diff"] <= 0]
        ood = m["vs_linear_average"]["ood"]
        verdict = "beats" if not misses else "does **not** beat"
        lines.append(f"- **{m['name']}** {verdict} the linear average at K = {m['K']} on OOD and val, on cosine, Hit@5 "
                     f"and MRR{'' if not misses else ' (misses: ' + ', '.join(misses) + ')'}; OOD Δcos "
                     f"{_diff(ood['cosine_mean'], False)}, ΔHit@5 {_diff(ood['hit5'], True)} pp, ΔMRR {_diff(ood['mrr'], False)}.")
        if m.get("context_curve"):
            lines.append(f"  Against the K = 5 linear average on its own windows: {'; '.join(short_average(m))}.")
    return lines


def short_average(m: dict) -> list[str]:
    """The long-context model against the linear average of its last 5 vectors (same targets, same banks)."""
    out = []
    for split in ("ood", "val"):
        five = next(r for r in m["context_curve"][split] if r["k"] == 5)["linear_average"]
        full = m["metrics_full"][split]
        wins = all(full[key] > five[key] for key in ("cosine_mean", "hit5", "mrr"))
        out.append(f"{split} {'beats' if wins else 'does **not** beat'} it (cos {full['cosine_mean']:.4f} vs "
                   f"{five['cosine_mean']:.4f}, Hit@5 {_pct(full['hit5'])} vs {_pct(five['hit5'])}, MRR "
                   f"{full['mrr']:.3f} vs {five['mrr']:.3f})")
    return out


def render(manifest: dict, dataset: dict) -> str:
    k = manifest["k"]
    counts = dataset["counts"]
    shipped = dataset["splits"]
    topics = "; ".join(f"{t}: {len(v)} articles" for t, v in dataset["ood"]["article_topics"].items())
    out = [
        f"Training text: {counts['articles']:,} documents from {len(dataset['sources'])} registry sources, "
        f"{counts['chunks']:,} sentence chunks; **{counts['train_windows']:,} training windows** (K = {k}). "
        f"**OOD (the headline)** = whole Wikipedia articles held out by topic ({topics}), never trained on; "
        f"**stress** = held out and unlike the training documents in kind: all of "
        f"{', '.join(dataset['stress']['sources'])} and the {', '.join(dataset['stress']['summary_topics'])} Wikipedia "
        f"lead summaries, reported whatever they show. Windows at K = {k}: val "
        f"{counts['val_windows']:,}, OOD {counts['ood_windows']:,}, stress {counts['stress_windows']:,}. "
        "**One bank per source**: each window is ranked against its own source's sentences in its split minus its "
        "own context, and a split's number is the mean over its sources (macro; per source below). Baselines: "
        "the three the app runs, and two fitted on train (a recency-weighted average and a linear predictor "
        "Σ w_k x_k + b·μ). Δ = model − linear average on the same windows, with a 95% bootstrap interval over "
        f"documents ({manifest['bootstrap']['reps']:,} resamples within each source). Values from "
        "`public/models/manifest.json` (`metrics_full`, `vs_linear_average`), measured by `python -m training export` "
        f"with the shipped fp16 ONNX files. The demo ships samples (val {shipped['val']['windows']:,}, OOD "
        f"{shipped['ood']['windows']:,}, stress {shipped['stress']['windows']:,} windows of Moby-Dick); the "
        "manifest's `metrics` are measured on those with the app's rule, and the app's Compare is tested against them.",
    ]
    for split in ("ood", "val", "stress"):
        out += ["", f"**K = {k}, {SPLIT_TITLES[split]}** (macro over sources)", "", *_split_table(manifest, split, k)]
    for split in ("val", "stress"):
        out += ["", f"Per source, {split} (K = {k}):", "", *_by_source(manifest, split, k)]
    for m in manifest["models"]:
        if m["K"] == k:
            continue
        names = {b["id"]: b["name"] for b in manifest["baselines"] + manifest.get("reference_baselines", [])}
        for split in ("ood", "val", "stress"):
            n = m["metrics_full"][split]["n"]
            out += ["", f"**K = {m['K']}, {SPLIT_TITLES[split]}** ({n:,} windows with {m['K']} sentences of context)", "",
                    HEADER, _row(f"{m['name']} ({m['params']:,} params)", m["metrics_full"][split], m["vs_linear_average"][split])]
            for bid, metrics in m.get("baselines_same_windows_full", {}).items():
                out.append(_row(f"{names[bid]} over {m['K']} (baseline)", metrics[split]))
        curve = m.get("context_curve")
        if curve:
            out += ["", f"Context-length curve of {m['name']}: the same model and the same targets, fed only the "
                    "last k vectors (the earlier ones zeroed; PyTorch float32 checkpoint), beside the linear average "
                    "of those k vectors:", "",
                    "| k | val cos | val Hit@5 | val MRR | OOD cos | OOD Hit@5 | OOD MRR | avg OOD cos | avg OOD Hit@5 | avg OOD MRR |",
                    "|---:|" + "---:|" * 9]
            for v, o in zip(curve["val"], curve["ood"]):
                a = o["linear_average"]
                out.append(f"| {o['k']} | {v['cosine_mean']:.4f} | {_pct(v['hit5'])} | {v['mrr']:.3f} | {o['cosine_mean']:.4f} | "
                           f"{_pct(o['hit5'])} | {o['mrr']:.3f} | {a['cosine_mean']:.4f} | {_pct(a['hit5'])} | {a['mrr']:.3f} |")
    out += ["", *verdicts(manifest), "",
            "| model | params | file bytes | training windows | windows seen | selected epoch / epochs | stopped by | train seconds |",
            "|---|---:|---:|---:|---:|---:|---|---:|"]
    for m in manifest["models"]:
        out.append(f"| {m['id']} | {m['params']:,} | {m['bytes']:,} | {m['train_windows']:,} | {m['windows_seen']:,} | "
                   f"{m['best_epoch']} / {len(m['history'])} | {m['stopped_by']} | {m['train_seconds']:,.0f} |")
    total = sum(m["train_seconds"] for m in manifest["models"])
    out.append(f"| **total** | | | | | | | **{total:,.0f} s ({total / 60:.0f} min)** |")
    return "\n".join(out)


def render_sources(dataset: dict) -> str:
    """The sources table (package, version, licence, sha256) and the counts per source and split."""
    out = ["| source | package (registry) | version | licence | archive sha256 (first 12) |", "|---|---|---|---|---|"]
    for name, s in dataset["sources"].items():
        out.append(f"| {name} | `{s['package']}` ({s['registry']}) | {s['version']} | {s['license']} | `{s['sha256'][:12]}` |")
    out += ["", "| source | train docs | train chunks | train windows | val docs | val windows | OOD docs | OOD windows "
            "| stress docs | stress windows |", "|---|" + "---:|" * 9]
    for name, c in dataset["counts_by_source"].items():
        out.append(f"| {name} | {c.get('train_articles', 0):,} | {c.get('train_chunks', 0):,} | {c.get('train_windows', 0):,} | "
                   f"{c.get('val_articles', 0):,} | {c.get('val_windows', 0):,} | {c.get('ood_articles', 0):,} | "
                   f"{c.get('ood_windows', 0):,} | {c.get('stress_articles', 0):,} | {c.get('stress_windows', 0):,} |")
    c = dataset["counts"]
    total = {key: sum(row.get(key, 0) for row in dataset["counts_by_source"].values())
             for key in ("train_articles", "train_chunks")}
    out.append(f"| **all** | {total['train_articles']:,} | {total['train_chunks']:,} | **{c['train_windows']:,}** | "
               f"{c['val_articles']:,} | {c['val_windows']:,} | {c['ood_articles']:,} | {c['ood_windows']:,} | "
               f"{c['stress_articles']:,} | {c['stress_windows']:,} |")
    out += ["", f"Embedded for training: {c['train_articles']:,} documents, {c['train_chunks']:,} chunks (train "
            f"documents shorter than K+1 chunks hold no window and are skipped)."]
    return "\n".join(out)


def _replace(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8")
    a, b = text.index(START) + len(START), text.index(END)
    path.write_text(text[:a] + "\n" + block + "\n" + text[b:], encoding="utf-8")


def write_leaderboard(readme: Path = README, training_readme: Path = TRAINING_README) -> str:
    """Replace the marked blocks of README.md (leaderboard) and training/README.md (sources and counts)."""
    manifest = json.loads((PUBLIC_MODELS / "manifest.json").read_text())
    dataset = json.loads((PUBLIC_DATA / "dataset.json").read_text())
    block = render(manifest, dataset)
    _replace(readme, block)
    _replace(training_readme, render_sources(dataset) + "\n\n" + block)
    return block
