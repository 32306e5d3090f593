"""What a kind folder declares about its section of houqin.toml (``[hazards]``, ``[assets]``).

The generic reading (TOML, types, ranges, messages) is :mod:`pipeline.settings`; each kind
folder's ``settings.py`` declares a :class:`Section`: its dataclass with the defaults, the
ranges of its numbers, any checks of its own, the commented block ``init`` writes into
houqin.toml and the fields the web page edits. Kept apart from :mod:`pipeline.settings` so
that the kind folders and the settings reader do not import each other.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import show_value


@dataclass(frozen=True)
class Section:
    name: str  # the TOML table: [hazards]
    title: str  # what messages call it: 隐患排查
    cls: type  # the frozen dataclass; its defaults are SPEC §1's
    #: The commented block of houqin.toml that `init` writes (values equal to the defaults).
    toml: str
    #: Where it comes in houqin.toml and on the page (smaller first).
    order: int = 100
    #: key → (lowest, highest, lowest allowed only when above it, what it is, example).
    ranges: dict[str, tuple[float, float, bool, str, str]] = field(default_factory=dict)
    #: Why a key's value of the right type still cannot be used (or None): ``(key, value)``.
    check_value: Callable[[str, Any], str | None] | None = None
    #: Values fine alone that make no sense together: ``(section) -> (section to use,
    #: [(key, message, value shown)])``; the returned section has defaults where wrong.
    check_rules: Callable[[Any], tuple[Any, list[tuple[str, str, str]]]] | None = None
    #: (key, label, kind, hint) of the fields the web page's settings form edits.
    form: tuple[tuple[str, str, str, str], ...] = ()


def plain_number(value: float, limit: float = 1e12) -> str:
    """A number as a person wrote it: 1000000, not 1e+06; absurd ones as they are."""
    if not math.isfinite(value) or abs(value) >= limit * 1000:
        return show_value(value)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
