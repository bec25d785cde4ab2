"""Export the MiniLM sentence encoder for the browser, and the parity fixtures its JS side is tested with.

One ONNX graph does what sentence-transformers does after tokenising: BERT, mean pooling over the
attention mask, L2 normalisation. Weights are stored as int8 with small blocks of float32 scales
and dequantised inside the graph, so activations stay float32: about a quarter of the float32 size,
within ~2e-4 in cosine of sentence-transformers (dynamic int8 activation quantisation costs far
more, see `export_encoder`).
"""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from .data import ENCODER, PUBLIC_DATA, ROOT, load_sentence_transformer, model_dir, save_npy
from .export import make_deterministic, sha256

PUBLIC_ENCODER = ROOT / "public" / "encoder"
FIXTURES = ROOT / "e2e" / "fixtures" / "encoder"
OPSET = 17
MAX_SEQ = 256  # sentence-transformers' max_seq_length for this model (tokenizer.json says 128; ST overrides it)
QUANT_MIN_ELEMENTS = 4096  # smaller tensors (biases, LayerNorm) stay float32
GROUP = 32  # input rows per MatMul weight scale
EMB_GROUP = 96  # columns per embedding-table scale
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")
N_FIXTURE_SENTENCES = 200


class PooledEncoder(torch.nn.Module):
    """BERT + masked mean pooling + L2 normalisation: token ids in, unit sentence vectors out."""

    def __init__(self, bert: torch.nn.Module):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        # single sentences: token type 0 everywhere, so the browser need not send it
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                           token_type_ids=torch.zeros_like(input_ids)).last_hidden_state  # [B, T, D]
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)  # [B, T, 1]
        mean = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)  # [B, D]
        return mean / mean.norm(dim=1, keepdim=True).clamp(min=1e-12)  # [B, D]


def to_onnx(st_model) -> onnx.ModelProto:
    """TorchScript export (dynamo=False) with dynamic batch and sequence axes."""
    bert = st_model[0].auto_model
    bert.config._attn_implementation = "eager"  # plain MatMul/Softmax ops: every ORT backend runs them
    model = PooledEncoder(bert).eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.int64)
    mask = (ids != 0).to(torch.int64)
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask), buf, dynamo=False, input_names=["input_ids", "attention_mask"],
                          output_names=["embedding"], opset_version=OPSET, do_constant_folding=True,
                          dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                                        "attention_mask": {0: "batch", 1: "sequence"},
                                        "embedding": {0: "batch"}})
    return onnx.load_from_string(buf.getvalue())


def quantize_weights(proto: onnx.ModelProto, group: int = GROUP) -> onnx.ModelProto:
    """Store large float32 initializers as symmetric int8 + float32 scales, dequantised in-graph.

    Embedding tables (Gather data) get one scale per row. MatMul weights [in, out] get one scale per
    output unit and block of `group` input rows: BERT has a few outlier hidden units, and a scale per
    whole column lets them blow up the rounding error of every other weight in it.
    """
    graph = proto.graph
    consumers: dict[str, list[tuple[str, int]]] = {}
    for node in graph.node:
        for slot, name in enumerate(node.input):
            consumers.setdefault(name, []).append((node.op_type, slot))
    dequant, keep = [], []
    for init in graph.initializer:
        uses = consumers.get(init.name, [])
        big = init.data_type == TensorProto.FLOAT and len(init.dims) == 2 and int(np.prod(init.dims)) >= QUANT_MIN_ELEMENTS
        if big and uses and all(u == ("Gather", 0) for u in uses):
            w = numpy_helper.to_array(init).astype(np.float64)  # [rows, D]
            blocks = w.reshape(w.shape[0], -1, EMB_GROUP)  # [rows, D/EMB_GROUP, EMB_GROUP]
            q, scale = _quantize(blocks, axis=2)
            nodes, inits = _dequant_nodes(init.name, q, scale, list(w.shape))
        elif big and uses and all(u == ("MatMul", 1) for u in uses) and init.dims[0] % group == 0:
            w = numpy_helper.to_array(init).astype(np.float64)  # [in, out]
            blocks = w.reshape(-1, group, w.shape[1])  # [in/group, group, out]
            q, scale = _quantize(blocks, axis=1)
            nodes, inits = _dequant_nodes(init.name, q, scale, list(w.shape))
        else:
            keep.append(init)
            continue
        keep += inits
        dequant += nodes
    del graph.initializer[:]
    graph.initializer.extend(keep)
    nodes = dequant + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    return proto


def _quantize(blocks: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 with one float32 scale per block (`axis` is the axis inside a block)."""
    amax = np.abs(blocks).max(axis=axis, keepdims=True)
    scale = np.where(amax > 0, amax / 127.0, 1.0)
    q = np.clip(np.rint(blocks / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def _dequant_nodes(name: str, q: np.ndarray, scale: np.ndarray, shape: list[int]) -> tuple[list, list]:
    """Cast(int8) * scale, reshaped back to `shape`, producing the original initializer's name."""
    inits = [numpy_helper.from_array(q, name + "_int8"), numpy_helper.from_array(scale, name + "_scale"),
             numpy_helper.from_array(np.array(shape, np.int64), name + "_shape")]
    nodes = [helper.make_node("Cast", [name + "_int8"], [name + "_f32"], name=f"Cast_{name}", to=TensorProto.FLOAT),
             helper.make_node("Mul", [name + "_f32", name + "_scale"], [name + "_blocks"], name=f"Scale_{name}"),
             helper.make_node("Reshape", [name + "_blocks", name + "_shape"], [name], name=f"Reshape_{name}")]
    return nodes, inits


def export_encoder(out: Path = PUBLIC_ENCODER, st_model=None) -> dict:
    """Write model.onnx, the tokenizer files and encoder.json (what the app reads) into `out`.

    Why not onnxruntime.quantization.quantize_dynamic: it also quantises activations to uint8 per
    tensor at run time; on MiniLM that dropped sentences to cosine 0.98-0.99 against float32, below
    the 0.999 the app promises. Weight-only int8 keeps the same file size.
    """
    torch.manual_seed(0)
    st_model = st_model or load_sentence_transformer()
    proto = quantize_weights(to_onnx(st_model))
    meta = {"source": f"{ENCODER['name']} ({ENCODER['package']} {ENCODER['version']})",
            "pooling": "mean", "normalize": "l2", "weights": f"int8, float32 scale per {GROUP} input rows of each MatMul column and per {EMB_GROUP} "
                       "columns of each embedding row, dequantised in-graph"}
    proto = make_deterministic(proto, meta)
    onnx.checker.check_model(proto, full_check=True)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "model.onnx"
    path.write_bytes(proto.SerializeToString())
    for name in TOKENIZER_FILES:
        shutil.copyfile(model_dir() / name, out / name)
    info = {
        **ENCODER,
        "file": "model.onnx",
        "bytes": path.stat().st_size,
        "sha256": sha256(path),
        "inputs": [{"name": "input_ids", "shape": ["batch", "sequence"], "dtype": "int64"},
                   {"name": "attention_mask", "shape": ["batch", "sequence"], "dtype": "int64"}],
        "outputs": [{"name": "embedding", "shape": ["batch", ENCODER["dim"]], "dtype": "float32"}],
        "max_seq_length": MAX_SEQ,
        "pooling": "mean",
        "normalize": "l2",
        "weights": meta["weights"],
        "tokenizer": list(TOKENIZER_FILES),
    }
    (out / "encoder.json").write_text(json.dumps(info, indent=2) + "\n")
    return info


def ort_encode(path: Path, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
    """Run the exported encoder with onnxruntime (CPU) on already tokenised, padded input."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    return session.run(None, {"input_ids": input_ids.astype(np.int64), "attention_mask": attention_mask.astype(np.int64)})[0]


def fixture_sentences(n: int = N_FIXTURE_SENTENCES, data: Path = PUBLIC_DATA) -> list[str]:
    """n shipped sentences, half val and half OOD, evenly spread (many articles, lengths and styles)."""
    meta = json.loads((data / "dataset.json").read_text())
    picked: list[str] = []
    for split in ("val", "ood"):
        texts = json.loads((data / meta["splits"][split]["sentences"]).read_text())["texts"]
        idx = np.linspace(0, len(texts) - 1, n // 2).round().astype(int)
        picked += [texts[i] for i in idx]
    return picked


def write_fixtures(out: Path = FIXTURES, st_model=None) -> Path:
    """sentences.json + embeddings.npy: the exact float32 sentence-transformers vectors the JS encoder must match."""
    st_model = st_model or load_sentence_transformer()
    sentences = fixture_sentences()
    vecs = st_model.encode(sentences, batch_size=32, normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sentences.json").write_text(json.dumps(sentences, ensure_ascii=False, indent=0) + "\n")
    save_npy(out / "embeddings.npy", vecs)
    return out
