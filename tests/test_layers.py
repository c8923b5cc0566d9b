"""The apps stand in layers: core, commodities, tariffs, negotiations, each importing only
those below it. import-linter checks the contract in pyproject.toml; these tests run it on
the code as it is, and on a copy with one upward import added, which it must refuse."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "commodities", "tariffs", "negotiations", "config")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(where: Path):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(where / "pyproject.toml")],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def checkout_copy(tmp_path):
    """The apps and the contract, copied where a scratch module may be added."""
    for app in APPS:
        shutil.copytree(
            ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__", "migrations")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_the_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Apps in layers: each imports only the apps below it KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("core/scratch.py", "from negotiations.models import Negotiation\n"),
        ("commodities/scratch.py", "from tariffs.models import Measure\n"),
        ("tariffs/scratch.py", "import negotiations.services\n"),
    ],
)
def test_an_upward_import_breaks_the_contract(checkout_copy, module, upward):
    assert lint_imports(checkout_copy).returncode == 0
    (checkout_copy / module).write_text(upward)
    result = lint_imports(checkout_copy)
    assert result.returncode != 0
    assert "Apps in layers: each imports only the apps below it BROKEN" in result.stdout
    scratch = module.removesuffix(".py").replace("/", ".")
    assert f"{scratch} -> " in result.stdout


def test_an_app_importing_the_project_package_breaks_the_contract(checkout_copy):
    (checkout_copy / "tariffs" / "scratch.py").write_text("from config import celery\n")
    result = lint_imports(checkout_copy)
    assert result.returncode != 0
    assert "No app imports the project package BROKEN" in result.stdout
