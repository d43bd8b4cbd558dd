"""Loads the shared vectors (scripts/protocol-vectors.ts). ``npm test`` writes them once and names
the folder in REKEY_PROTOCOL_VECTORS_DIR; run alone, this makes them with the portal's code
(needs the repository's node_modules)."""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]


def load_vectors() -> dict:
    directory = os.environ.get("REKEY_PROTOCOL_VECTORS_DIR")
    if not directory:
        directory = tempfile.mkdtemp(prefix="rekey-vectors-")
        subprocess.run(["node", "--import", "tsx", "scripts/protocol-vectors.ts", directory], cwd=REPOSITORY, check=True, stdout=sys.stderr)
    with open(os.path.join(directory, "vectors.json"), encoding="utf-8") as vectors:
        return json.load(vectors)
