"""The package as Colab and Binder get it: data inside, dependencies declared, Binder offline.

`make test-live` (scripts/test_live.py) runs every notebook on the oldest declared
dependencies; these tests check the pieces it relies on quickly, on every `make test`.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DATA_FILES = sorted(p.name for p in (ROOT / "data").iterdir() if p.suffix in (".csv", ".json"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    had_build = (ROOT / "build").exists()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "--wheel-dir", str(out), str(ROOT)],
                   check=True, capture_output=True, cwd=out)
    if not had_build:  # setuptools builds in the tree; leave it as it was
        shutil.rmtree(ROOT / "build", ignore_errors=True)
    (found,) = out.glob("briefing-*.whl")
    return found


def test_wheel_carries_every_data_file_unchanged(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for name in DATA_FILES:
            assert f"briefing/_data/{name}" in names, f"{name} missing from the wheel"
            assert zf.read(f"briefing/_data/{name}") == (ROOT / "data" / name).read_bytes()
        assert "briefing/site/static/briefing-plotly.js" in names
        entry_points = zf.read("briefing-0.1.0.dist-info/entry_points.txt").decode()
        assert "briefing.site.mime:PlotlyMimeRenderer" in entry_points


def test_installed_package_loads_its_own_data_outside_the_repository(wheel, tmp_path):
    """Unpacked away from the repository and run from an empty folder, the loader uses the packaged copy."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    empty = tmp_path / "empty"
    empty.mkdir()
    code = ("import sys; from briefing import data; "
            "print(data.data_dir()); print(len(data.load_events())); print(sys.modules['briefing'].__file__)")
    out = subprocess.run([sys.executable, "-c", code], cwd=empty, capture_output=True, text=True,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, check=True).stdout.split("\n")
    assert Path(out[2]).is_relative_to(site), out
    assert Path(out[0]) == site / "briefing" / "_data"
    assert int(out[1]) == len((ROOT / "data" / "events.csv").read_text(encoding="utf-8").splitlines()) - 1


def test_source_checkout_reads_the_repository_data():
    from briefing import data

    assert data.data_dir() == ROOT / "data"


def test_dependencies_are_lower_bounds_only():
    deps = PYPROJECT["project"]["dependencies"]
    assert deps, "pyproject.toml declares no dependencies"
    for dep in deps:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+>=[0-9][0-9A-Za-z.]*", dep), f"{dep!r}: use 'name>=floor' only"


def _imported_top_level(paths) -> set[str]:
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


#: Modules used only by contributors' tools (make check-data, the readability measure), whose
#: imports are declared in the "maintainers" extra rather than the notebooks' dependencies.
MAINTAINER_MODULES = {"checkdata.py", "readability.py"}


def _declared(requirements) -> set[str]:
    return {re.split(r"[<>=!~ \[]", d, maxsplit=1)[0].lower() for d in requirements}


def _undeclared(modules, declared) -> dict:
    imported = _imported_top_level(modules) - set(sys.stdlib_module_names) - {"briefing", "__future__"}
    dists = metadata.packages_distributions()
    return {mod: dists.get(mod) for mod in imported
            if not {d.lower() for d in dists.get(mod, [mod])} & declared}


def test_every_third_party_import_is_declared():
    """What the notebooks' code imports (everything but the Sphinx-only briefing.site) is declared;
    the contributors' tools declare theirs in the "maintainers" extra."""
    pkg = ROOT / "src" / "briefing"
    runtime = _declared(PYPROJECT["project"]["dependencies"])
    notebook_code = [p for p in pkg.glob("*.py") if p.name not in MAINTAINER_MODULES]
    tools = [p for p in pkg.glob("*.py") if p.name in MAINTAINER_MODULES]
    missing = _undeclared(notebook_code, runtime)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
    extra = runtime | _declared(PYPROJECT["project"]["optional-dependencies"]["maintainers"])
    missing = _undeclared(tools, extra)
    assert not missing, f"imported by contributors' tools but not in the maintainers extra: {missing}"


def test_binder_installs_the_package_from_its_own_checkout():
    binder = ROOT / "binder"
    reqs = (binder / "requirements.txt").read_text(encoding="utf-8")
    assert "-r ../requirements.txt" in reqs.splitlines(), "Binder must use the book's exact pins"
    assert "git+" not in reqs and "http" not in reqs
    post = (binder / "postBuild").read_text(encoding="utf-8")
    assert re.search(r"^python -m pip install --no-deps --no-build-isolation -e \.$", post, re.M)
    assert (binder / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    runtime = (binder / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == "python-3.11" and PYPROJECT["project"]["requires-python"] == ">=3.11"
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^setuptools==", pins, re.M), "postBuild's --no-build-isolation needs setuptools pinned"
