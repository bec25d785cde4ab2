"""Recurrent cells written with Linear ops and constant slices (no GRU/LSTM kernels on WebGPU)."""
from __future__ import annotations

import torch
from torch import nn


def initial_state(gates_x: torch.Tensor, hidden: int) -> torch.Tensor:
    """A zero state [B, H]. Written as a slice times 0 rather than zeros_like: zeros_like exports as
    ConstantOfShape over a Shape node, which onnxruntime places on the CPU (no WebGPU kernel)."""
    return gates_x[:, 0, :hidden] * 0.0


def split_gates(g: torch.Tensor, hidden: int, count: int) -> list[torch.Tensor]:
    """[B, count*H] -> count tensors [B, H], by constant slices: chunk() on a dynamic batch exports
    Shape/Gather arithmetic that onnxruntime runs on the CPU, breaking WebGPU-only placement."""
    return [g[:, j * hidden : (j + 1) * hidden] for j in range(count)]


class GRUCell(nn.Module):
    """nn.GRU math and parameter count (W_ih, W_hh with biases, gates r|z|n), as plain Linear ops."""

    def __init__(self, d_in: int, hidden: int):
        super().__init__()
        self.ih = nn.Linear(d_in, 3 * hidden)
        self.hh = nn.Linear(hidden, 3 * hidden)
        self.hidden = hidden

    def step(self, gx: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
        """One time step: gx = ih(x_t) [B, 3H], h [B, H] -> the next h [B, H]."""
        xr, xz, xn = split_gates(gx, self.hidden, 3)
        hr, hz, hn = split_gates(self.hh(h), self.hidden, 3)
        r = torch.sigmoid(xr + hr)
        z = torch.sigmoid(xz + hz)
        n = torch.tanh(xn + r * hn)
        return (1 - z) * n + z * h  # [B, H]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        gates_x = self.ih(x)  # [B, K, 3H], all steps at once
        h = initial_state(gates_x, self.hidden)  # [B, H]
        outputs = []
        for t in range(x.shape[1]):  # K is fixed, so the loop unrolls in the export
            h = self.step(gates_x[:, t], h)
            outputs.append(h)
        return torch.stack(outputs, dim=1)  # [B, K, H]


class LSTMCell(nn.Module):
    """nn.LSTM math and parameter count (gates i|f|g|o, two biases), as plain Linear ops."""

    def __init__(self, d_in: int, hidden: int):
        super().__init__()
        self.ih = nn.Linear(d_in, 4 * hidden)
        self.hh = nn.Linear(hidden, 4 * hidden)
        self.hidden = hidden

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        gates_x = self.ih(x)  # [B, K, 4H]
        h = initial_state(gates_x, self.hidden)  # [B, H]
        c = initial_state(gates_x, self.hidden)  # [B, H]
        outputs = []
        for t in range(x.shape[1]):
            i, f, g, o = split_gates(gates_x[:, t] + self.hh(h), self.hidden, 4)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)  # [B, H]
            outputs.append(h)
        return torch.stack(outputs, dim=1)  # [B, K, H]
