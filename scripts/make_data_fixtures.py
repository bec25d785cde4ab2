"""Write the small files the data-loader tests read, with numpy (and safetensors) themselves.

Deterministic (seeded). Run from the repo root: python scripts/make_data_fixtures.py
Writes src/data/fixtures/* (unit tests) and e2e/fixtures/* (browser tests), plus expected.json
holding every array's shape and exact values (as float32/int, JSON round-trips them exactly).
"""

import json
import os
import zipfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "data", "fixtures")
E2E = os.path.join(ROOT, "e2e", "fixtures")
rng = np.random.default_rng(1234)
expected: dict = {}


def record(name: str, arr: np.ndarray, **extra) -> None:
    a = np.ascontiguousarray(arr)
    if a.dtype.kind == "f":
        # what the parser must return; JSON has no inf/nan, so those travel as strings
        values = [v if np.isfinite(v) else str(v).replace("inf", "Infinity").replace("nan", "NaN")
                  for v in a.astype(np.float32).ravel().tolist()]
    elif a.dtype.kind == "b":
        values = a.astype(np.uint8).ravel().tolist()
    else:
        values = [int(v) for v in a.ravel()]
    expected[name] = {"shape": list(a.shape), "dtype": str(a.dtype), "values": values, **extra}


def record_text(name: str, arr: np.ndarray, values: list | None = None) -> None:
    """A string array's shape, dtype as written ('<U8', '|S5') and the strings it decodes to."""
    strings = values if values is not None else [str(v) for v in arr.ravel()]
    expected[name] = {"shape": list(arr.shape), "dtype": arr.dtype.str, "values": strings}


def npy(name: str, arr: np.ndarray, version=(1, 0), **extra) -> None:
    with open(os.path.join(OUT, name), "wb") as f:
        np.lib.format.write_array(f, arr, version=version, allow_pickle=False)
    record(name, arr, **extra)


def write(name: str, data: bytes, folder: str = OUT) -> None:
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def freeze_zip(path: str) -> None:
    """Re-pack a zip numpy wrote with a fixed timestamp, so a re-run changes no bytes."""
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            z.writestr(fixed, data)


def savez(path: str, compressed: bool = False, **arrays: np.ndarray) -> None:
    (np.savez_compressed if compressed else np.savez)(path, **arrays)
    freeze_zip(path)


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(E2E, exist_ok=True)
    base = rng.standard_normal((4, 5)).astype(np.float32)

    # every dtype, both byte orders, both memory orders, all format versions
    npy("f4_le_v1.npy", base)
    npy("f4_le_v2.npy", base, version=(2, 0))
    npy("f4_le_v3.npy", base, version=(3, 0))
    npy("f4_be.npy", base.astype(">f4"))
    npy("f2_le.npy", base.astype("<f2"))
    npy("f2_be.npy", base.astype(">f2"))
    npy("f8_le.npy", rng.standard_normal((3, 4)))
    npy("f8_be.npy", rng.standard_normal((3, 4)).astype(">f8"))
    npy("f4_fortran.npy", np.asfortranarray(rng.standard_normal((5, 3)).astype(np.float32)))
    npy("f4_fortran_3d.npy", np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)))
    npy("f2_be_fortran.npy", np.asfortranarray(base.astype(">f2")))
    npy("f4_1d.npy", rng.standard_normal(7).astype(np.float32))
    npy("f4_empty_rows.npy", np.zeros((0, 6), dtype=np.float32))
    npy("f2_special.npy", np.array([0.0, -0.0, 65504.0, 6e-8, np.inf, -np.inf, 1.5, -2.25], dtype="<f2"))
    npy("i4_ids.npy", np.array([3, -1, 7, 2147483647], dtype="<i4"))
    npy("i8_ids.npy", np.array([0, 0, 1, 1, 2, 9007199254740991], dtype="<i8"))
    npy("i8_be_ids.npy", np.array([5, 4, 3], dtype=">i8"))
    npy("u1.npy", np.array([0, 1, 255], dtype=np.uint8))
    npy("bool.npy", np.array([True, False, True]))

    # bad npy files
    good = open(os.path.join(OUT, "f4_le_v1.npy"), "rb").read()
    write("bad_truncated.npy", good[: len(good) - 9])
    write("bad_magic.npy", b"\x93NUMPX" + good[6:])
    write("bad_empty.npy", b"")
    over = good.replace(b"(4, 5)", b"(9, 5)")
    write("bad_overpromise.npy", over)
    with open(os.path.join(OUT, "bad_object.npy"), "wb") as f:
        np.save(f, np.array([{"a": 1}, "text", None], dtype=object), allow_pickle=True)
    with open(os.path.join(OUT, "bad_complex.npy"), "wb") as f:
        np.save(f, np.array([1 + 2j], dtype=np.complex64))
    with open(os.path.join(OUT, "bad_unicode.npy"), "wb") as f:
        np.save(f, np.array(["ab", "cd"]))

    # npz: windows (stored), stream (deflated), ambiguous keys
    ctx = rng.standard_normal((6, 3, 8)).astype(np.float32)
    tgt = rng.standard_normal((6, 8)).astype(np.float32)
    savez(os.path.join(OUT, "windows.npz"), contexts=ctx, targets=tgt)
    record("windows.npz/contexts", ctx)
    record("windows.npz/targets", tgt)
    vec = rng.standard_normal((20, 8)).astype(np.float32)
    art = np.repeat(np.arange(4, dtype=np.int64), 5)
    savez(os.path.join(OUT, "stream.npz"), True, embeddings=vec, doc_ids=art)
    record("stream.npz/embeddings", vec)
    record("stream.npz/doc_ids", art)
    savez(os.path.join(OUT, "ambiguous.npz"), a=vec, b=vec[:, :4].copy())
    savez(os.path.join(OUT, "mixed_f2.npz"), X=vec.astype(np.float16))
    record("mixed_f2.npz/X", vec.astype(np.float16))
    zbytes = open(os.path.join(OUT, "stream.npz"), "rb").read()
    write("bad_truncated.npz", zbytes[: len(zbytes) // 2])
    # a zip whose entry claims a huge uncompressed size (checked before allocating)
    zpath = os.path.join(OUT, "bad_zip_bomb_header.npz")
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("vectors.npy", date_time=(1980, 1, 1, 0, 0, 0)), b"\0" * 4096)
    raw = bytearray(open(zpath, "rb").read())
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        at = raw.find(sig)
        size_at = at + (22 if sig == b"PK\x03\x04" else 24)
        raw[size_at : size_at + 4] = (0xFFFFFFF0).to_bytes(4, "little")
    write("bad_zip_bomb_header.npz", bytes(raw))

    # npz with string arrays, as np.savez writes them (no pickle): '<U' / '>U' UTF-32, '|S' bytes
    sv = (np.arange(12, dtype=np.float32) + 1).reshape(3, 4)
    texts_u = np.array(["Zürich ☃", "a", "naïve 𝄞"])
    savez(os.path.join(OUT, "strings_u.npz"), vectors=sv, texts=texts_u,
          ids=np.array(["s0", "s1", "s2"]), titles=np.array(["one title"]))
    record_text("strings_u.npz/texts", texts_u)
    texts_s = np.array([b"caf\xc3\xa9", b"abc", b"\xe9t\xe9"])  # UTF-8, ASCII, latin-1
    savez(os.path.join(OUT, "strings_s.npz"), vectors=sv, texts=texts_s,
          article_ids=np.array([b"doc-a", b"doc-a", b"doc-b"]))
    record_text("strings_s.npz/texts", texts_s, ["café", "abc", "été"])
    texts_be = np.array(["x", "yz", "Zürich ☃"]).astype(">U8")
    savez(os.path.join(OUT, "strings_be.npz"), vectors=sv, sentences=texts_be)
    record_text("strings_be.npz/sentences", texts_be)
    fortran_u = np.asfortranarray(np.array([["a", "b", "c"], ["d", "e", "f"]]))
    with open(os.path.join(OUT, "strings_fortran.npy"), "wb") as f:
        np.lib.format.write_array(f, fortran_u, allow_pickle=False)
    record_text("strings_fortran.npy", fortran_u)
    # the same texts as an object array can only be read by unpickling: refused
    savez(os.path.join(OUT, "bad_object_texts.npz"), vectors=sv,
          texts=np.array(["a", None, "c"], dtype=object))

    # safetensors, written by the safetensors package itself
    try:
        import torch
        from safetensors.torch import save_file

        t32 = torch.from_numpy(vec)
        save_file(
            {
                "vectors": t32,
                "half": t32.to(torch.float16),
                "bf": t32.to(torch.bfloat16),
                "double": t32.to(torch.float64),
                "ids32": torch.arange(20, dtype=torch.int32),
                "ids64": torch.from_numpy(art),
            },
            os.path.join(OUT, "tensors.safetensors"),
            metadata={"source": "fixture"},
        )
        record("tensors.safetensors/vectors", vec)
        record("tensors.safetensors/half", vec.astype(np.float16))
        record(
            "tensors.safetensors/bf",
            t32.to(torch.bfloat16).to(torch.float32).numpy(),
        )
        record("tensors.safetensors/double", vec.astype(np.float64))
        record("tensors.safetensors/ids32", np.arange(20, dtype=np.int32))
        record("tensors.safetensors/ids64", art)
        save_file(
            {"contexts": torch.from_numpy(ctx), "targets": torch.from_numpy(tgt)},
            os.path.join(OUT, "windows.safetensors"),
        )
        st = open(os.path.join(OUT, "windows.safetensors"), "rb").read()
        write("bad_truncated.safetensors", st[:-16])
        n = int.from_bytes(st[:8], "little")
        write("bad_header_len.safetensors", (n + 10**6).to_bytes(8, "little") + st[8:])
    except ImportError:
        print("safetensors/torch not installed; skipping safetensors fixtures")

    # json / jsonl / text sidecars
    small = np.round(rng.standard_normal((4, 3)), 3).astype(np.float32)
    with open(os.path.join(OUT, "vectors.json"), "w") as f:
        json.dump(small.astype(float).tolist(), f)
    record("vectors.json", small)
    objs = [
        {"vector": v, "text": f"Sentence {i}.", "id": f"s{i}", "article": i // 2}
        for i, v in enumerate(small.astype(float).tolist())
    ]
    with open(os.path.join(OUT, "objects.json"), "w") as f:
        json.dump(objs, f)
    with open(os.path.join(OUT, "objects.jsonl"), "w") as f:
        f.write("\n".join(json.dumps(o) for o in objs) + "\n")
    with open(os.path.join(OUT, "sentences.txt"), "w") as f:
        f.write("\n".join(f"Line {i}" for i in range(4)) + "\n")
    with open(os.path.join(OUT, "sentences.json"), "w") as f:
        json.dump([f"Line {i}" for i in range(4)], f)
    with open(os.path.join(OUT, "sentences_short.txt"), "w") as f:
        f.write("only one\n")
    write("bad.json", b'[[1, 2, 3], [4, 5')
    write("bad_ragged.json", b"[[1, 2, 3], [4, 5]]")

    # e2e: a user windows file at the demo dimension, and bad files the browser loads
    d = 384
    wctx = rng.standard_normal((8, 5, d)).astype(np.float32)
    wtgt = rng.standard_normal((8, d)).astype(np.float32)
    wctx /= np.linalg.norm(wctx, axis=-1, keepdims=True)
    wtgt /= np.linalg.norm(wtgt, axis=-1, keepdims=True)
    savez(os.path.join(E2E, "user_windows.npz"), True, contexts=wctx, targets=wtgt)
    np.save(os.path.join(E2E, "wrong_dim.npy"), rng.standard_normal((12, 100)).astype(np.float32))
    nan = rng.standard_normal((12, d)).astype(np.float32)
    nan[[2, 7]] = np.nan
    np.save(os.path.join(E2E, "with_nan.npy"), nan)
    e2e_good = open(os.path.join(E2E, "wrong_dim.npy"), "rb").read()
    write("truncated.npy", e2e_good[:-100], E2E)
    write("wrong_magic.npy", b"NOTNPY" + e2e_good[6:], E2E)
    write("vectors.xyz", b"not a format", E2E)

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f)


if __name__ == "__main__":
    main()
