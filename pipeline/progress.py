"""How a long run tells the CLI's bar and the web page where it is: one callback type.

Rendering (pipeline/generate.py) and PDF conversion (pipeline/pdf/converter.py) both call it;
build chains them. ``progress(phase, done, total, label)``: ``phase`` is a key of
:data:`PHASES`, ``label`` the document just finished.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int, str], None]
#: What the progress phases are called where a person reads them (the CLI's bar, the page).
PHASES = {"render": "生成文档", "pdf": "转换 PDF"}
