"""The engine's hot modules run as mypyc-compiled C (setup.py), unless installed as plain Python on purpose."""

from __future__ import annotations

import os
import tomllib
from importlib import import_module
from pathlib import Path

import pytest

with open(Path(__file__).resolve().parents[3] / "pyproject.toml", "rb") as fh:
    COMPILED = tomllib.load(fh)["tool"]["clearpost"]["compiled-engine"]


@pytest.mark.skipif(os.environ.get("CLEARPOST_PURE_PYTHON") == "1", reason="installed as plain Python")
@pytest.mark.parametrize("name", COMPILED)
def test_the_hot_modules_run_compiled(name: str) -> None:
    module = import_module(f"clearpost.policy.engine.{name}")
    assert module.__file__ is not None and module.__file__.endswith(".so"), module.__file__
