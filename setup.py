"""Ship the built-in Word templates inside the package.

The templates stay in the top-level ``templates/`` of the repository, where people look for
them (and where tools/make_templates.py writes them); building a wheel copies them into
``pipeline/builtin_templates/`` of the built package, which :mod:`pipeline.render.templates` uses
when there is no ``templates/`` beside the package (an installed houqin). Everything else
about the package is in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithTemplates(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "pipeline" / "builtin_templates"
        target.mkdir(parents=True, exist_ok=True)
        for source in sorted((HERE / "templates").glob("*.docx")):
            self.copy_file(str(source), str(target / source.name))


setup(cmdclass={"build_py": BuildWithTemplates})
