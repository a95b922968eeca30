"""The policy engine's hot modules are compiled to C by mypyc at install time: the same Python source, type
hints and all, screens 1.3-1.6x the posts a second (bench/bench_policy.py, docs/adr/0009-compiled-engine.md).
CLEARPOST_PURE_PYTHON=1 installs it as plain Python instead (no C compiler needed; same results, slower)."""

import os

from setuptools import setup

COMPILED_ENGINE = [
    f"clearpost/policy/engine/{name}.py" for name in ("engine", "scan", "normalize", "compiled", "detectors", "learned")
]

ext_modules = []
if os.environ.get("CLEARPOST_PURE_PYTHON") != "1":
    from mypyc.build import mypycify

    ext_modules = mypycify(["--ignore-missing-imports", *COMPILED_ENGINE], opt_level="3", group_name="clearpost_engine")

setup(ext_modules=ext_modules)
