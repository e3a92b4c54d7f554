"""Execute the notebooks under chapters/ in place, so their stored outputs match the data.

The book is built from the stored outputs (``execute_notebooks: off``), and nbval
re-executes every notebook in the tests and compares against them, so a stale
output cannot reach the site unnoticed.

A notebook is re-executed only when its inputs changed: its code cells, the files
in data/, or the briefing package. The hash of those inputs is kept in the
notebook's metadata (``briefing.inputs``). ``--force`` executes every notebook.
"""

import argparse
import hashlib
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
INPUT_DIRS = [ROOT / "data", ROOT / "src" / "briefing"]


def shared_inputs_digest() -> str:
    h = hashlib.sha256()
    for folder in INPUT_DIRS:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix in {".csv", ".json", ".py"}:
                h.update(path.relative_to(ROOT).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def notebook_digest(nb, shared: str) -> str:
    h = hashlib.sha256(shared.encode())
    for cell in nb.cells:
        if cell.cell_type == "code":
            h.update(cell.source.encode())
    return h.hexdigest()[:16]


def execute(path: Path, force: bool, shared: str) -> bool:
    nb = nbformat.read(path, as_version=4)
    digest = notebook_digest(nb, shared)
    if not force and nb.metadata.get("briefing", {}).get("inputs") == digest:
        return False
    NotebookClient(nb, kernel_name="python3", timeout=600,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:  # keep diffs small and outputs reproducible
        cell.metadata.pop("execution", None)
        # Live widgets carry random model ids and mean nothing without a kernel: the
        # static site hides these outputs anyway, so they are not stored at all.
        if "remove-output" in cell.metadata.get("tags", []):
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nb.metadata["briefing"] = {"inputs": digest}
    nbformat.write(nb, path)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--force", action="store_true", help="execute even if nothing changed")
    args = ap.parse_args()
    notebooks = args.notebooks or sorted(p for p in (ROOT / "chapters").rglob("*.ipynb")
                                         if ".ipynb_checkpoints" not in p.parts)
    shared = shared_inputs_digest()
    for path in notebooks:
        ran = execute(path.resolve(), args.force, shared)
        print(("executed  " if ran else "up to date"), path.resolve().relative_to(ROOT))


if __name__ == "__main__":
    main()
