"""LVM Lens from Python: export_model, save_dataset and the `lvm-lens open` server.

export_model pulls in torch and onnx, so it is imported on first use: `lvm-lens open` and
save_dataset need only numpy.
"""
from __future__ import annotations

from .dataset import DatasetError, save_dataset

__all__ = ["export_model", "ExportError", "save_dataset", "DatasetError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in ("export_model", "ExportError"):
        from . import export

        return getattr(export, name)
    raise AttributeError(f"module 'lvm_lens' has no attribute {name!r}")
