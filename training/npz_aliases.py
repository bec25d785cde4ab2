"""Array names that mean each role of a dataset file (contexts, targets, vectors, article ids, bank).

One table with the app (src/data/npzAliases.ts): fixtures/npz_aliases.json, read here rather than
copied, so a name added there is accepted on both sides.
"""
from __future__ import annotations

import json
from pathlib import Path

TABLE_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "npz_aliases.json"
TABLE = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
# role -> names, most specific first, compared case-insensitively
ALIASES: dict[str, list[str]] = TABLE["roles"]
