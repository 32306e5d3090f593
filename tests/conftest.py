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
    from pipeline.pdf import find_soffice

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
