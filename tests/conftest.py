import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import os  # noqa: E402
import shutil  # noqa: E402

import pytest  # noqa: E402


def _require(tool: str, why: str) -> str:
    """A tool the test needs: skipped with a reason locally, a failure in CI (where .ci/run installs it)."""
    from pipeline.pdf.soffice import find_soffice

    found = str(find_soffice()) if tool == "soffice" and find_soffice() else shutil.which(tool)
    if found:
        return found
    message = f"{tool} is not installed ({why}); .ci/run installs it from Debian"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def soffice() -> str:
    return _require("soffice", "LibreOffice converts documents to PDF")


@pytest.fixture
def poppler() -> tuple[str, str]:
    return _require("pdftotext", "poppler reads PDF text"), _require("pdffonts", "poppler lists PDF fonts")


@pytest.fixture
def chromium() -> tuple[str, str]:
    """Debian's chromium and its chromedriver, for tests that drive the web page in a real browser."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        browser = _require("chromium", "the web page is tested in a real headless browser")
    return browser, _require("chromedriver", "Selenium drives chromium through it")


@pytest.fixture(scope="session")
def sample_pdf_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample workspace built once with ``houqin build --pdf`` for the session.

    Every test that looks at the sample's pages shares it (the build converts ~150 files, the
    longest step of a CI run); tests read it and must not change it.
    """
    from helpers import copy_sample, run_cli

    _require("soffice", "LibreOffice converts documents to PDF")
    _require("pdftotext", "poppler reads PDF text")
    ws = copy_sample(tmp_path_factory.mktemp("sample_pdf") / "ws")
    result = run_cli("build", "-w", ws, "--pdf", "-q")
    assert result.exit_code == 0, result.output
    return ws


#: Fixtures whose tests need a program beyond Python, and the marker that says so, so that
#: ``pytest -m "not slow and not libreoffice and not browser"`` is the fast inner loop.
_MARK_BY_FIXTURE = {"soffice": "libreoffice", "sample_pdf_build": "libreoffice", "chromium": "browser"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that asks for LibreOffice or chromium is marked for it (no decorator to forget)."""
    for item in items:
        for fixture in getattr(item, "fixturenames", ()):
            if fixture in _MARK_BY_FIXTURE:
                item.add_marker(_MARK_BY_FIXTURE[fixture])
