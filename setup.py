"""Build hook: ship the root-level knowledge files inside the wheel.

The product keeps `ontology/`, `shapes/`, `queries/` and `data/` at the repository root,
where people read and edit them. An installed `readout` must find them without a
checkout, so `build_py` copies them into `readout/_bundled/` in the build tree.
`readout.config` looks there first and falls back to the checkout.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
BUNDLED = ("ontology", "shapes", "queries", "data")


class BuildWithBundle(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "readout" / "_bundled"
        if target.exists():
            shutil.rmtree(target)
        for name in BUNDLED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithBundle})
