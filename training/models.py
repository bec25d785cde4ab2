"""The seed LVM fleet: K context vectors [B, K, D] -> unit-norm next vector [B, D].

Every model is a learned linear prior plus a residual: l2norm(sum_k w_k x_k + b * mu + f(x)), with
w = 1/K, b = 0 and f's last layer at zero at initialisation, so an untrained model *is* the linear
average and training can only learn a correction to it (mu: the normalised train mean, a buffer).

Every recurrence and attention is written with Linear/MatMul/Softmax by hand so the ONNX graph has only
ops that onnxruntime-web's WebGPU backend implements (it has no GRU/LSTM kernels) and so attention
weights can be returned as named outputs. No I/O in here.
"""
from __future__ import annotations

import math

import torch
from torch import nn

from .cells import GRUCell, LSTMCell, initial_state

MODEL_IDS = ["amn", "gru", "lstm", "transformer", "memgru"]
NEG = -1e9  # additive mask for disallowed attention positions (float32 constant, never stored as fp16)


def l2norm(x: torch.Tensor, eps: float = 1e-12) -> torch.Tensor:
    """x / max(||x||, eps) written as Sqrt/ReduceSum/Clip (ReduceL2 and Max are avoided for WebGPU)."""
    return x / torch.clamp(torch.sqrt(torch.sum(x * x, dim=-1, keepdim=True)), min=eps)


class LinearPrior(nn.Module):
    """sum_k w_k x_k + b * mu: the linear average at initialisation (w = 1/K, b = 0)."""

    def __init__(self, d: int, k: int):
        super().__init__()
        self.w = nn.Parameter(torch.full((k,), 1.0 / k))
        self.b = nn.Parameter(torch.zeros(1))
        self.register_buffer("mu", torch.zeros(d))  # the normalised train mean, set by build(mean=...)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # Mul + ReduceSum, not a 1-D MatMul: plain ops every onnxruntime-web backend has
        return torch.sum(self.w[None, :, None] * x, dim=1) + self.b * self.mu  # [B, D]


def zero_last(layer: nn.Linear) -> nn.Linear:
    """Zero a residual's last layer, so the model starts exactly at its prior."""
    nn.init.zeros_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


INPUT_SCALE = math.sqrt(384)  # unit vectors have components ~0.05: scaled to ~1 before a recurrent layer


class AMN(nn.Module):
    """Attention Mixer Network: the linear prior + a residual from one attention head over the K positions."""

    name = "AMN"
    architecture = "Attention mixer (1 head) + residual MLP"
    attention_shape = ("batch", "K")

    def __init__(self, d: int = 384, k: int = 5, attn_dim: int = 256, hidden: int = 512):
        super().__init__()
        # No bias on key/query: a shared bias shifts every logit equally for the query, so it is dead weight.
        self.key = nn.Linear(d, attn_dim, bias=False)
        self.query = nn.Linear(d, attn_dim, bias=False)
        self.mlp = nn.Sequential(nn.Linear(2 * d, hidden), nn.GELU(), zero_last(nn.Linear(hidden, d)))
        self.prior = LinearPrior(d, k)
        self.scale = 1.0 / math.sqrt(attn_dim)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        baseline = self.prior(x)  # [B, D]
        keys = self.key(x)  # [B, K, A]
        query = self.query(x[:, -1:, :])  # [B, 1, A]
        logits = torch.matmul(query, keys.transpose(1, 2)) * self.scale  # [B, 1, K]
        attn = torch.softmax(logits, dim=-1)  # [B, 1, K]
        weighted = torch.matmul(attn, x).squeeze(1)  # [B, D]
        residual = self.mlp(torch.cat([baseline, weighted], dim=-1))  # [B, D]
        return l2norm(baseline + residual), attn.squeeze(1)  # [B, D], [B, K]


class GRUStack(nn.Module):
    """The linear prior + a residual from Linear D->H, blocks x (GRU + residual + LayerNorm), last step, Linear H->D."""

    name = "GRU stack"
    architecture = "linear prior + 2 x (GRU 256 + residual + LayerNorm)"
    attention_shape = None

    def __init__(self, d: int = 384, k: int = 5, hidden: int = 256, blocks: int = 2):
        super().__init__()
        self.prior = LinearPrior(d, k)
        self.inp = nn.Linear(d, hidden)
        self.cells = nn.ModuleList(GRUCell(hidden, hidden) for _ in range(blocks))
        self.norms = nn.ModuleList(nn.LayerNorm(hidden) for _ in range(blocks))
        self.out = zero_last(nn.Linear(hidden, d))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.inp(x * INPUT_SCALE)  # [B, K, H]
        for cell, norm in zip(self.cells, self.norms):
            h = norm(h + cell(h))  # [B, K, H]
        return l2norm(self.prior(x) + self.out(h[:, -1]))  # [B, D]


class LSTMModel(nn.Module):
    """The linear prior + a residual from a 2-layer LSTM (dropout 0.2 between layers), last step, Linear H->D."""

    name = "LSTM"
    architecture = "linear prior + 2-layer LSTM 256"
    attention_shape = None

    def __init__(self, d: int = 384, k: int = 5, hidden: int = 256, dropout: float = 0.2):
        super().__init__()
        self.prior = LinearPrior(d, k)
        self.layer1 = LSTMCell(d, hidden)
        self.drop = nn.Dropout(dropout)
        self.layer2 = LSTMCell(hidden, hidden)
        self.out = zero_last(nn.Linear(hidden, d))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.layer2(self.drop(self.layer1(x * INPUT_SCALE)))  # [B, K, H]
        return l2norm(self.prior(x) + self.out(h[:, -1]))  # [B, D]


class Attention(nn.Module):
    """Multi-head attention with an explicit additive mask; returns its weights [B, heads, Tq, Tk]."""

    def __init__(self, d_model: int, heads: int):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(d_model, d_model) for _ in range(4))
        self.heads = heads
        self.dh = d_model // heads

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], x.shape[1], self.heads, self.dh).transpose(1, 2)  # [B, h, T, dh]

    def forward(self, x: torch.Tensor, memory: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        q, k, v = self._split(self.q(x)), self._split(self.k(memory)), self._split(self.v(memory))
        logits = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(self.dh) + mask  # [B, h, T, T]
        weights = torch.softmax(logits, dim=-1)
        out = torch.matmul(weights, v).transpose(1, 2)  # [B, T, h, dh]
        return self.o(out.reshape(x.shape[0], x.shape[1], -1)), weights  # [B, T, d_model]


class DecoderLayer(nn.Module):
    """Pre-LN decoder layer: causal self-attention, causal cross-attention to the context, feed-forward."""

    def __init__(self, d_model: int, heads: int, ff: int, dropout: float):
        super().__init__()
        self.self_attn = Attention(d_model, heads)
        self.cross_attn = Attention(d_model, heads)
        self.ff = nn.Sequential(nn.Linear(d_model, ff), nn.GELU(), nn.Linear(ff, d_model))
        self.n1, self.n2, self.n3 = nn.LayerNorm(d_model), nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, memory: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.n1(x)
        a, weights = self.self_attn(h, h, mask)
        x = x + self.drop(a)  # [B, K, d_model]
        c, _ = self.cross_attn(self.n2(x), memory, mask)
        x = x + self.drop(c)
        x = x + self.drop(self.ff(self.n3(x)))
        return x, weights


def sinusoid(k: int, d_model: int) -> torch.Tensor:
    """Fixed sinusoidal position table [K, d_model]."""
    pos = torch.arange(k, dtype=torch.float32)[:, None]
    div = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
    table = torch.zeros(k, d_model)
    table[:, 0::2] = torch.sin(pos * div)
    table[:, 1::2] = torch.cos(pos * div)
    return table


class TransformerModel(nn.Module):
    """The linear prior + a residual from Linear D->d_model + sinusoidal positions, causal decoder layers,
    last token, MLP head (its last layer at zero).

    The seed card's 17.8M parameters at D=768 match decoder-style layers (self-attention + cross-attention
    over the position-encoded projected context + FF: ~17.87M), not a GPT-style encoder stack (~13.7M).
    """

    name = "Transformer"
    architecture = "linear prior + 2 causal decoder layers (d 256, 8 heads, FF 1024) + MLP head"
    attention_shape = ("batch", 8, "K")

    def __init__(self, d: int = 384, k: int = 5, d_model: int = 256, layers: int = 2, heads: int = 8, ff: int = 1024, dropout: float = 0.1):
        super().__init__()
        self.prior = LinearPrior(d, k)
        self.inp = nn.Linear(d, d_model)
        self.layers = nn.ModuleList(DecoderLayer(d_model, heads, ff, dropout) for _ in range(layers))
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Sequential(nn.Linear(d_model, d_model), nn.GELU(), zero_last(nn.Linear(d_model, d)))
        self.scale = math.sqrt(d_model)
        self.register_buffer("pos", sinusoid(k, d_model), persistent=False)
        causal = torch.triu(torch.full((k, k), NEG), diagonal=1)
        self.register_buffer("mask", causal, persistent=False)

    def states(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Hidden states of every position [B, K, d_model] and the last layer's self-attention [B, heads, K, K]."""
        # Scale content by sqrt(d_model) as in Vaswani et al.: unit-norm inputs project to ~0.03 per
        # component while the sinusoids are ~0.7, and unscaled the model only saw positions (it
        # collapsed to the mean vector at val cosine 0.18).
        memory = self.inp(x) * self.scale + self.pos  # [B, K, d_model]
        h = memory
        for layer in self.layers:
            h, weights = layer(h, memory, self.mask)  # weights [B, heads, K, K]
        return h, weights

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h, weights = self.states(x)
        out = self.prior(x) + self.head(self.norm(h[:, -1]))  # [B, D]
        return l2norm(out), weights[:, :, -1, :]  # [B, D], [B, heads, K]


class MemoryGRU(nn.Module):
    """The seeds' memory-augmented GRU over a long context: a projection D->P, a GRU stack, a
    content-addressed read from learned memory slots, and a delta added to the linear prior over all
    K vectors (the seeds add it to the last vector; anchored on the prior, an untrained model is the
    K-vector average). K defaults to 32."""

    name = "Memory GRU"
    architecture = "linear prior + projection 64 + 2-layer GRU 128 + 16 memory slots"
    attention_shape = None

    def __init__(self, d: int = 384, k: int = 32, hidden: int = 128, layers: int = 2, slots: int = 16, proj: int = 64):
        super().__init__()
        self.prior = LinearPrior(d, k)
        # Project before the recurrence: at K = 32 the input-to-gates product dominates the cost.
        self.proj = nn.Linear(d, proj)
        self.cells = nn.ModuleList(GRUCell(proj if i == 0 else hidden, hidden) for i in range(layers))
        self.memory = nn.Parameter(torch.randn(slots, hidden) / math.sqrt(hidden))
        self.query = nn.Linear(hidden, hidden)
        self.out = zero_last(nn.Linear(2 * hidden, d))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # The layers advance together step by step, so no [B, K, H] sequence is ever stacked: stacking
        # 32 steps exports a 32-input Concat, and WebGPU allows 8 storage buffers per shader stage
        # (the WebGPU run failed validation and returned garbage). Same math as layer after layer.
        gates = self.cells[0].ih(self.proj(x * INPUT_SCALE))  # [B, K, 3H]
        hs = [initial_state(gates, cell.hidden) for cell in self.cells]  # each [B, H]
        for t in range(x.shape[1]):
            hs[0] = self.cells[0].step(gates[:, t], hs[0])
            for i in range(1, len(self.cells)):
                hs[i] = self.cells[i].step(self.cells[i].ih(hs[i - 1]), hs[i])
        last = hs[-1]  # [B, H]
        attn = torch.softmax(torch.matmul(self.query(last), self.memory.t()), dim=-1)  # [B, slots]
        read = torch.matmul(attn, self.memory)  # [B, H]
        delta = self.out(torch.cat([last, read], dim=-1))  # [B, D]
        return l2norm(self.prior(x) + delta)  # [B, D]


MODELS = {"amn": AMN, "gru": GRUStack, "lstm": LSTMModel, "transformer": TransformerModel, "memgru": MemoryGRU}
DEFAULT_K = {"memgru": 32}  # every other model reads K=5


def default_args(model_id: str, d: int = 384, k: int | None = None) -> dict:
    """The constructor arguments of a fleet model (saved with its weights: nanoGPT's model_args)."""
    return {"d": d, "k": k or DEFAULT_K.get(model_id, 5)}


def build(model_id: str, d: int = 384, k: int | None = None, mean=None, **overrides) -> nn.Module:
    """A fresh model of the fleet (overrides: any other constructor argument, e.g. hidden).

    mean: the train mean [D] for the prior's b * mu term (a checkpoint restores it with the weights)."""
    args = default_args(model_id, d, k)
    model = MODELS[model_id](**args, **overrides)
    if mean is not None:
        mu = torch.as_tensor(mean, dtype=torch.float32)
        model.prior.mu.copy_(mu / torch.linalg.vector_norm(mu))
    model.d, model.k = args["d"], args["k"]  # the input shape the export traces with
    return model


def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The prediction alone, whether or not the model also returns attention."""
    out = model(x)
    return out[0] if isinstance(out, tuple) else out


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
