"""The README leaderboard, regenerated from public/models/manifest.json and public/data/dataset.json.

`python -m training leaderboard` rewrites the block between the LEADERBOARD markers in README.md
(and in training/README.md, with the sources and per-source counts):
val and OOD metrics per model and baseline, the long-context model beside the baselines on its own
windows, its context-length curve, and the training budget each model had. No number is typed by hand.
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


def _row(name: str, m: dict) -> str:
    cells = []
    for split in ("val", "ood"):
        s = m[split]
        cells += [f"{s['cosine_mean']:.4f}", _pct(s["hit1"]), _pct(s["hit5"]), _pct(s["hit10"]), f"{s['mrr']:.3f}"]
    return f"| {name} | " + " | ".join(cells) + " |"


HEADER = ("| predictor | val cos | val Hit@1 | val Hit@5 | val Hit@10 | val MRR | OOD cos | OOD Hit@1 | OOD Hit@5 "
          "| OOD Hit@10 | OOD MRR |\n|---|" + "---:|" * 10)


def verdicts(manifest: dict) -> list[str]:
    """One line per model: does it beat the linear average on OOD cosine and OOD Hit@5 (its own windows)?"""
    lines = []
    fleet_avg = next(b for b in manifest["baselines"] if b["id"] == "linear_average")["metrics_full"]
    for m in manifest["models"]:
        avg = m.get("baselines_same_windows_full", {}).get("linear_average") or fleet_avg
        mo, bo = m["metrics_full"]["ood"], avg["ood"]
        cos, hit = mo["cosine_mean"] > bo["cosine_mean"], mo["hit5"] > bo["hit5"]
        verdict = "beats" if cos and hit else ("does **not** beat" if not (cos or hit) else "partly beats")
        lines.append(f"- **{m['name']}** {verdict} the linear average on OOD: cosine {mo['cosine_mean']:.4f} vs "
                     f"{bo['cosine_mean']:.4f}, Hit@5 {_pct(mo['hit5'])} vs {_pct(bo['hit5'])}.")
    return lines


def render(manifest: dict, dataset: dict) -> str:
    k = manifest["k"]
    counts = dataset["counts"]
    split = dataset["splits"]
    out = [
        f"Training text: {counts['articles']:,} documents from {len(dataset['sources'])} registry sources, "
        f"{counts['chunks']:,} sentence chunks; **{counts['train_windows']:,} training windows** (K = {k}). "
        f"OOD = {', '.join(dataset['ood']['topics'])} Wikipedia summaries and all of "
        f"{', '.join(dataset['ood']['sources'])} (never trained on). Scored on the whole val and OOD splits: "
        f"val {counts['val_windows']:,} windows, OOD {counts['ood_windows']:,} windows at K = {k}; bank = the "
        "split's whole stream minus the window's own context (a harder bank than before: "
        f"{counts['val_chunks']:,} / {counts['ood_chunks']:,} sentences, KJV and speeches full of near-repeats). "
        "Values from `public/models/manifest.json` (`metrics_full`), measured by `python -m training export` "
        "with the shipped fp16 ONNX files. The demo ships samples of these splits (val "
        f"{split['val']['windows']:,}, OOD {split['ood']['windows']:,} windows); the manifest's `metrics` "
        "are measured on those, and the app's Compare is tested against them.",
        "",
        f"**K = {k}**",
        "",
        HEADER,
    ]
    for m in manifest["models"]:
        if m["K"] == k:
            out.append(_row(f"{m['name']} ({m['params']:,} params)", m["metrics_full"]))
    for b in manifest["baselines"]:
        out.append(_row(f"{b['name']} (baseline)", b["metrics_full"]))
    for m in manifest["models"]:
        if m["K"] == k:
            continue
        n_val, n_ood = m["metrics_full"]["val"]["n"], m["metrics_full"]["ood"]["n"]
        out += ["", f"**K = {m['K']}** (windows with {m['K']} sentences of context: val {n_val:,}, OOD {n_ood:,})", "",
                HEADER, _row(f"{m['name']} ({m['params']:,} params)", m["metrics_full"])]
        names = {b["id"]: b["name"] for b in manifest["baselines"]}
        for bid, metrics in m.get("baselines_same_windows_full", {}).items():
            out.append(_row(f"{names[bid]} over {m['K']} (baseline)", metrics))
        curve = m.get("context_curve")
        if curve:
            out += ["", f"Context-length curve of {m['name']}: the same model and the same targets, fed only the "
                    "last k vectors (PyTorch float32 checkpoint), beside the linear average of those k vectors:", "",
                    "| k | val cos | val Hit@5 | OOD cos | OOD Hit@5 | OOD MRR | linear average OOD cos | linear average OOD Hit@5 |",
                    "|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for v, o in zip(curve["val"], curve["ood"]):
                out.append(f"| {o['k']} | {v['cosine_mean']:.4f} | {_pct(v['hit5'])} | {o['cosine_mean']:.4f} | "
                           f"{_pct(o['hit5'])} | {o['mrr']:.3f} | {o['linear_average']['cosine_mean']:.4f} | "
                           f"{_pct(o['linear_average']['hit5'])} |")
    out += ["", *verdicts(manifest), "",
            "| model | params | file bytes | training windows | windows seen | best epoch / epochs | stopped by | train seconds |",
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
    out += ["", "| source | train docs | train chunks | train windows | val docs | val windows | OOD docs | OOD windows |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, c in dataset["counts_by_source"].items():
        out.append(f"| {name} | {c.get('train_articles', 0):,} | {c.get('train_chunks', 0):,} | {c.get('train_windows', 0):,} | "
                   f"{c.get('val_articles', 0):,} | {c.get('val_windows', 0):,} | {c.get('ood_articles', 0):,} | "
                   f"{c.get('ood_windows', 0):,} |")
    c = dataset["counts"]
    total = {key: sum(row.get(key, 0) for row in dataset["counts_by_source"].values())
             for key in ("train_articles", "train_chunks")}
    out.append(f"| **all** | {total['train_articles']:,} | {total['train_chunks']:,} | **{c['train_windows']:,}** | "
               f"{c['val_articles']:,} | {c['val_windows']:,} | {c['ood_articles']:,} | {c['ood_windows']:,} |")
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
