"""LVM Lens training pipeline: real Wikipedia data, seed model fleet, ONNX export."""
