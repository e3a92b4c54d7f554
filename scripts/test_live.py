#!/usr/bin/env python3
"""The launch-path test: every notebook run the way Colab runs it, on the oldest dependencies.

For an instructor who clicks "Colab", a notebook opens alone in a fresh Python
environment and its hidden install cell installs the ``briefing`` package from the
repository. This script reproduces that, offline from the repository:

1. a local clone: a git repository made from this working tree (committed or not),
   outside the repository, on the branch ``_config.yml`` names;
2. a fresh virtual environment outside the repository, holding only the test tools
   (pytest, nbval, ipykernel);
3. a constraints file holding every dependency declared in ``pyproject.toml`` at its
   floor (``pandas>=X`` becomes ``pandas==X``), passed to pip through PIP_CONSTRAINT, so
   whatever pip installs gets the oldest declared versions;
4. each notebook copied alone into an empty directory, its install cell unchanged except
   that the repository address becomes the local clone's ``file://`` address;
5. ``pytest --nbval-lax`` over the copies: every cell runs top to bottom and any error
   fails. The first notebook's install cell really installs the package (and so the
   dependencies) into the fresh environment; the others find it installed, as they would
   in the same Colab session.

Outputs are not compared here (``--nbval-lax``): figure JSON legitimately differs between
plotly versions (defaults, template keys, number formatting), and table text between pandas
versions. ``make test`` compares every stored output on today's pins; this test answers
the other question, whether the notebooks run at all on the oldest versions we declare.
Afterwards it checks that the package came from the clone, that the installed
dependencies are exactly the floors, and that the data were read from the installed
package.

Usage: python3 scripts/test_live.py [--keep]   (make test-live)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The tools that run the notebooks, pinned. The kernel is the last 6.x release, an older
#: generation to match the oldest-versions environment; it needs IPython 7.23.1 or later,
#: below the package's own IPython floor.
TOOLS = ["pytest==9.2.0", "nbval==0.11.0", "ipykernel==6.29.5"]


def run(cmd, **kw):
    print("+", " ".join(map(str, cmd)), flush=True)
    return subprocess.run(cmd, check=True, **kw)


def floors() -> dict[str, str]:
    """Every declared dependency and its lower bound; anything but a single '>=' is an error."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    out = {}
    for dep in deps:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)", dep)
        if not m:
            sys.exit(f"pyproject.toml: dependency {dep!r} must be 'name>=version' (a lower bound only)")
        out[m.group(1).lower()] = m.group(2)
    return out


def repository() -> tuple[str, str]:
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    block = text.split("\nrepository:", 1)[1]
    url = re.search(r"^\s+url:\s*(\S+)", block, re.M).group(1)
    branch = re.search(r"^\s+branch:\s*(\S+)", block, re.M).group(1)
    return url, branch


def local_clone(dest: Path, branch: str) -> None:
    """A git repository holding this working tree's files (tracked and new, not ignored)."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    git = ["git", "-C", str(dest), "-c", "user.name=test-live", "-c", "user.email=test-live@localhost"]
    run(["git", "init", "--quiet", "--initial-branch", branch, str(dest)])
    run([*git, "add", "--all"])
    run([*git, "commit", "--quiet", "--message", "snapshot for make test-live"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    t0 = time.monotonic()

    pins = floors()
    url, branch = repository()
    work = Path(tempfile.mkdtemp(prefix="briefing-live-")).resolve()
    if ROOT in work.parents:
        sys.exit(f"the temporary directory {work} is inside the repository; set TMPDIR elsewhere")
    print(f"test-live: working in {work}")
    try:
        clone, venv, nbdir = work / "clone", work / "venv", work / "notebooks"
        clone.mkdir()
        local_clone(clone, branch)
        constraints = work / "oldest.txt"
        constraints.write_text("".join(f"{name}=={version}\n" for name, version in pins.items()))
        env = dict(os.environ, PIP_CONSTRAINT=str(constraints), PIP_DISABLE_PIP_VERSION_CHECK="1",
                   PYTHONNOUSERSITE="1")
        env.pop("PYTHONPATH", None)
        env.pop("VIRTUAL_ENV", None)

        run([sys.executable, "-m", "venv", str(venv)])
        py = venv / "bin" / "python"
        run([py, "-m", "pip", "install", "--quiet", *TOOLS], env=env)
        probe = subprocess.run([py, "-c", "import importlib.util as u; print(u.find_spec('briefing') is None)"],
                               env=env, capture_output=True, text=True, check=True)
        assert probe.stdout.strip() == "True", "the fresh environment already has briefing"

        # file://localhost/...: older pip (Python 3.11's bundled 23.x) rejects an empty host
        clone_url = f"file://localhost{clone.as_posix()}"
        old, new = f"git+{url}@{branch}", f"git+{clone_url}@{branch}"
        notebooks = sorted((ROOT / "chapters").rglob("*.ipynb"))
        copies = []
        for nb_path in notebooks:
            nb = json.loads(nb_path.read_text(encoding="utf-8"))
            cell = nb["cells"][1]
            source = "".join(cell["source"])
            if old not in source:
                sys.exit(f"{nb_path.relative_to(ROOT)}: the install cell does not install {old}")
            cell["source"] = source.replace(old, new)
            target = nbdir / nb_path.stem / nb_path.name  # alone in an empty directory
            target.parent.mkdir(parents=True)
            target.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
            copies.append(target)

        t1 = time.monotonic()
        result = subprocess.run([py, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
                                 "--nbval-cell-timeout=600", "-p", "no:cacheprovider", "-q",
                                 *[str(c.relative_to(nbdir)) for c in copies]], cwd=nbdir, env=env)
        t2 = time.monotonic()
        if result.returncode:
            print(f"test-live: FAILED (notebooks took {t2 - t1:.0f} s)")
            return result.returncode

        check = r"""
import json, sys
from importlib import metadata
from pathlib import Path
pins, clone = json.loads(sys.argv[1]), sys.argv[2]
url = json.loads(metadata.distribution("briefing").read_text("direct_url.json"))["url"]
assert url == clone, f"briefing was installed from {url}, not from the clone {clone}"
wrong = {n: metadata.version(n) for n, v in pins.items() if metadata.version(n) != v}
assert not wrong, f"not the declared floors: {wrong} (expected {pins})"
from briefing import data
assert data.data_dir() == data.PACKAGED_DATA, data.data_dir()
print("test-live: briefing from", url, "| data from", data.data_dir())
print("test-live: ran with", ", ".join(f"{n} {metadata.version(n)}" for n in [*pins, "numpy"]),
      f"| Python {sys.version.split()[0]}")
"""
        subprocess.run([py, "-c", check, json.dumps(pins), clone_url], env=env, cwd=work, check=True)
        print(f"test-live: all {len(copies)} notebooks ran in {time.monotonic() - t0:.0f} s "
              f"(set-up {t1 - t0:.0f} s, notebooks {t2 - t1:.0f} s)")
        return 0
    finally:
        if args.keep:
            print(f"test-live: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
