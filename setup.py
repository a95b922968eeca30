"""The policy engine's hot modules are compiled to C by mypyc at install time: the same Python source, type
hints and all, runs about twice as fast (bench/bench_policy.py).  CLEARPOST_PURE_PYTHON=1 installs it as plain
Python instead (no C compiler needed; same results, slower)."""

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
