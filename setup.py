"""The policy engine's hot modules are compiled to C by mypyc at install time: the same Python source, type
hints and all, screens 1.2-1.7x the posts a second (bench/bench_policy.py, docs/adr/0009-compiled-engine.md).
CLEARPOST_PURE_PYTHON=1 installs it as plain Python instead (no C compiler needed; same results, slower)."""

import os
import tomllib
from pathlib import Path

from setuptools import setup

with open(Path(__file__).with_name("pyproject.toml"), "rb") as fh:
    COMPILED_ENGINE = [
        f"clearpost/policy/engine/{name}.py" for name in tomllib.load(fh)["tool"]["clearpost"]["compiled-engine"]
    ]

ext_modules = []
if os.environ.get("CLEARPOST_PURE_PYTHON") != "1":
    from mypyc.build import mypycify

    ext_modules = mypycify(["--ignore-missing-imports", *COMPILED_ENGINE], opt_level="3", group_name="clearpost_engine")

setup(ext_modules=ext_modules)
