"""Een kopie van examples/ en stdlib/ per testmodule.
A copy of examples/ and stdlib/ for each test module."""

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(REPO / "examples", root / "examples")
    shutil.copytree(REPO / "stdlib", root / "stdlib")
    return root / "examples"
