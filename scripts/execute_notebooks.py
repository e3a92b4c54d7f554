"""Re-execute every notebook under chapters/ in place, so committed outputs match the data.

nbval compares these stored outputs on every test run; run this (``make notebooks``)
after changing data/ or the package, and commit the notebooks.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def main(paths):
    notebooks = [Path(p) for p in paths] or sorted((ROOT / "chapters").rglob("*.ipynb"))
    for path in notebooks:
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name="python3", timeout=600,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        for cell in nb.cells:  # keep diffs small and outputs reproducible
            cell.metadata.pop("execution", None)
        nbformat.write(nb, path)
        print("executed", path.relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
