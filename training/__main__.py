"""CLI: python -m training {build-data,train,export,fixtures,encoder,evaluate,all}."""
from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("build-data", help="fetch the sources, chunk + embed them, write public/data")
    train = sub.add_parser("train", help="train models into training/runs/")
    group = train.add_mutually_exclusive_group(required=True)
    group.add_argument("--all", action="store_true", help="train every model in the fleet")
    group.add_argument("--model", choices=["amn", "gru", "lstm", "transformer", "memgru"])
    train.add_argument("--epochs", type=int, default=None, help="stop after this many epochs (default: the plan's)")
    train.add_argument("--jobs", type=int, default=1, help="models trained at once, one process (one thread) each")
    train.add_argument("--export-every-epoch", action="store_true",
                       help="also write runs/<model>/epochs/<model>_epochNN.onnx after each epoch")
    sub.add_parser("export", help="export checkpoints to public/models (+ manifest, parity fixtures)")
    sub.add_parser("fixtures", help="regenerate the small signature fixtures in e2e/fixtures/models")
    sub.add_parser("leaderboard", help="rewrite the README leaderboard from the manifest and dataset.json")
    sub.add_parser("encoder", help="export the sentence encoder to public/encoder (+ parity fixtures)")
    ev = sub.add_parser("evaluate", help="evaluate ONNX models on a dataset with onnxruntime (+ a Dask cluster), write a results bundle")
    ev.add_argument("--data", required=True, help="dataset dir (dataset.json), stream .npy (memory-mapped) or .npz")
    ev.add_argument("--split", help="split of a dataset dir (default: its first)")
    ev.add_argument("--article-ids", help=".npy of article ids [N] for a .npy stream")
    ev.add_argument("--train-mean", help=".npy [D] for the global-mean baseline (a dataset dir names its own)")
    ev.add_argument("--models", nargs="+", required=True, help=".onnx files")
    ev.add_argument("--out", required=True, help="bundle directory (created)")
    ev.add_argument("--memory-gb", type=float, default=4.0,
                    help="largest unit float32 bank (per shard) held in memory; above it, rows are read per block")
    ev.add_argument("--top", type=int, default=10, help="neighbours kept per window")
    ev.add_argument("--cluster", metavar="ADDRESS",
                    help="Dask scheduler (e.g. tcp://host:8786): the bank is sharded over its workers")
    ev.add_argument("--shards", type=int, default=None, help="bank shards on the cluster (default: one per worker)")
    ev.add_argument("--threads", type=int, default=None, help="onnxruntime intra-op threads")
    ev.add_argument("--cpu", action="store_true", help="onnxruntime on CPU even where CUDA is present")
    ev.add_argument("--no-baselines", action="store_true", help="skip linear average, persistence, global mean")
    everything = sub.add_parser("all", help="build-data, train --all, export, fixtures")
    everything.add_argument("--epochs", type=int, default=None)
    args = parser.parse_args(argv)

    if args.cmd in ("build-data", "all"):
        from .demo_data import build_data

        print(json.dumps(build_data()["counts"], indent=2))
    if args.cmd in ("train", "all"):
        from .models import MODEL_IDS
        from .train import train_model

        ids = MODEL_IDS if args.cmd == "all" or args.all else [args.model]
        export_every = args.cmd == "train" and args.export_every_epoch
        jobs = getattr(args, "jobs", 1)
        if jobs > 1 and len(ids) > 1:
            from concurrent.futures import ProcessPoolExecutor

            from .train import PLAN

            # longest plans first, so the last model to start is a short one
            order = sorted(ids, key=lambda m: -PLAN[m]["seconds"])
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for done in [pool.submit(train_model, m, args.epochs, None, export_every) for m in order]:
                    done.result()
        else:
            for model_id in ids:
                train_model(model_id, max_epochs=args.epochs, export_every_epoch=export_every)
    if args.cmd in ("export", "all"):
        from .export import export_all

        export_all()
    if args.cmd in ("leaderboard", "all"):
        from .leaderboard import write_leaderboard

        print(write_leaderboard())
    if args.cmd in ("fixtures", "all"):
        from .export import write_signature_fixtures

        write_signature_fixtures()
    if args.cmd == "evaluate":
        from .evaluate_bundle import main as evaluate_main

        manifest = evaluate_main(args, argv if argv is not None else sys.argv[1:])
        print(f"wrote {args.out} ({manifest['seconds']} s)")
    if args.cmd == "encoder":
        from .encoder_export import export_encoder, load_sentence_transformer, write_fixtures

        st_model = load_sentence_transformer()
        info = export_encoder(st_model=st_model)
        print(json.dumps({k: info[k] for k in ("file", "bytes", "sha256")}, indent=2))
        print(write_fixtures(st_model=st_model))


if __name__ == "__main__":
    main()
