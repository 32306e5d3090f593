"""The sandbox every Word template renders in: Jinja immutable and sandboxed, autoescaping,
StrictUndefined with located names, XML-illegal characters stripped (and noted), and
limits on ``range``, ``*``/``**``, string growth, output size and time, so a template can
neither run code, read files, leave a blank in a filed form nor hang a batch.
"""

from __future__ import annotations

import contextvars
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docxtpl import InlineImage, Listing, RichText, RichTextParagraph
from jinja2 import StrictUndefined, Undefined
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, internalcode
from markupsafe import Markup

from .images import place_image

#: Most items a ``range()`` in a template may produce (Jinja's sandbox default too).
MAX_RANGE = 100_000
#: Most characters one rendered part may have: a runaway loop stops here, not at OOM.
MAX_CHARS = 50_000_000
#: Characters XML 1.0 forbids (lxml refuses them, Word reports the file as damaged).
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: In RichText/Listing (built by code, not data) docxtpl gives \a and \f a meaning.
ILLEGAL_RICH = re.compile("[\x00-\x06\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")




class LimitError(SecurityError):
    """A template asked for more than a document can hold (a loop or product too large)."""


class MissingValue(UndefinedError):
    """StrictUndefined's error, keeping which name was missing and on what."""

    def __init__(self, message: str, name: str | None, owner: Any):
        super().__init__(message)
        self.name = name
        self.owner = owner


class _Undefined(StrictUndefined):
    """StrictUndefined that says which name was missing, so the message can suggest one."""

    __slots__ = ()

    @internalcode
    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        if self._undefined_exception is not UndefinedError:  # e.g. SecurityError from the sandbox
            raise self._undefined_exception(self._undefined_message)
        raise MissingValue(self._undefined_message, self._undefined_name, self._undefined_obj)


# StrictUndefined binds its dunders to the base method object; rebind them to ours.
for _klass in (Undefined, StrictUndefined):
    for _attr, _value in list(vars(_klass).items()):
        if _value is Undefined._fail_with_undefined_error and _attr != "_fail_with_undefined_error":
            setattr(_Undefined, _attr, _Undefined._fail_with_undefined_error)


_DICT_ATTRIBUTES = frozenset(dir(dict))


#: Widest padding or field a template may ask of ``center``, ``%10s``, ``{:>10}`` and the like.
MAX_WIDTH = 10_000
#: Most items a list or tuple may be repeated to (``[1] * n``).
MAX_ITEMS = MAX_RANGE


@dataclass
class Budget:
    """What the render under way may still spend: characters printed, and the clock."""

    deadline: float
    seconds: float
    chars_left: int
    limit: int

    def check_clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitError(f"生成一份文档超过 {self.seconds:g} 秒，可能是循环次数太多")

    def spend(self, chars: int) -> None:
        self.chars_left -= chars
        if self.chars_left < 0:
            raise LimitError(f"生成的内容超过 {self.limit} 字，可能是循环次数太多")


#: The budget of the part being rendered (None outside a render).
BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("budget", default=None)


def _check_clock() -> None:
    budget = BUDGET.get()
    if budget is not None:
        budget.check_clock()


class _TimedRange:
    """A ``range`` that looks at the clock as it is looped over, so loops that print
    nothing (``{% for i in range(10**5) %}{% for j in range(10**5) %}…``) still stop."""

    __slots__ = ("_range",)

    def __init__(self, rng: range):
        self._range = rng

    def __iter__(self) -> Iterator[int]:
        rng = self._range
        for start in range(0, len(rng), 4096):
            _check_clock()
            yield from rng[start:start + 4096]

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index: Any) -> Any:
        item = self._range[index]
        return _TimedRange(item) if isinstance(item, range) else item

    def __contains__(self, value: object) -> bool:
        return value in self._range

    def __reversed__(self) -> Iterator[int]:
        return iter(_TimedRange(self._range[::-1]))

    def __repr__(self) -> str:
        return repr(self._range)


def _capped_range(*args: int) -> _TimedRange:
    """``range`` refusing more than MAX_RANGE items, so ``range(10**9)`` fails at once."""
    rng = range(*args)
    try:
        size = len(rng)
    except OverflowError:
        size = MAX_RANGE + 1
    if size > MAX_RANGE:
        raise LimitError(f"range(…) 要循环 {size} 次，超过上限 {MAX_RANGE} 次")
    return _TimedRange(rng)


_FORMAT_WIDTH = re.compile(r"\d{5,}")


def _check_width(width: object, what: str) -> None:
    if isinstance(width, int) and width > MAX_WIDTH:
        raise LimitError(f"{what}的宽度 {width} 太大（上限 {MAX_WIDTH}）")


def _check_format(fmt: object) -> None:
    """``'%2000000000d' % 1`` or ``'{:>2000000000}'.format(1)``: refused before Python pads."""
    if isinstance(fmt, str) and (m := _FORMAT_WIDTH.search(fmt)) and int(m.group(0)) > MAX_WIDTH:
        raise LimitError(f"格式中的宽度 {m.group(0)} 太大（上限 {MAX_WIDTH}）")


def _check_grow(size: int) -> None:
    budget = BUDGET.get()
    limit = budget.limit if budget is not None else MAX_CHARS
    if size > limit:
        raise LimitError(f"生成的内容超过 {limit} 字，可能是循环次数太多")


#: str methods whose result can be far larger than their inputs, checked before they run.
_PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def _check_str_call(obj: Any, args: tuple[Any, ...]) -> None:
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(obj, "__name__", "")
    if name in _PADDING and args:
        _check_width(args[0], name)
    elif name in ("format", "format_map"):
        _check_format(owner)
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = owner.count(args[0]) if args[0] else len(owner) + 1
        _check_grow(len(owner) + count * len(args[1]))
    elif name == "join" and args and hasattr(args[0], "__len__"):
        _check_grow(len(owner) * len(args[0]))


class _Namespace(Namespace):
    """Jinja's ``namespace()``, whose values may not grow past what a document can hold
    (``{% set ns.s = ns.s ~ ns.s %}`` in a loop doubles a string each time)."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_clock()
        if isinstance(value, str | list | tuple):
            _check_grow(len(value))
        super().__setitem__(name, value)


def _capped_filter(filter_func: Any, check: Any) -> Any:
    def capped(*args: Any, **kwargs: Any) -> Any:
        check(*args, **kwargs)
        return filter_func(*args, **kwargs)

    for attr in ("jinja_pass_arg",):
        if hasattr(filter_func, attr):
            setattr(capped, attr, getattr(filter_func, attr))
    return capped


def _center_check(value: Any, width: int = 80, *_: Any, **__: Any) -> None:
    _check_width(width, "center")


def _indent_check(value: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    _check_width(width, "indent")
    if isinstance(width, str):
        _check_grow(len(width) * (str(value).count("\n") + 1))


def _format_check(value: Any, *_: Any, **__: Any) -> None:
    _check_format(value)


def _replace_check(eval_ctx: Any, value: Any, old: Any, new: Any, count: Any = None) -> None:
    if isinstance(value, str) and isinstance(old, str) and isinstance(new, str):
        times = value.count(old) if old else len(value) + 1
        _check_grow(len(value) + times * len(new))


def _join_check(eval_ctx: Any, value: Any, d: Any = "", *_: Any, **__: Any) -> None:
    if isinstance(d, str) and hasattr(value, "__len__"):
        _check_grow(len(d) * len(value))


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, also refusing products, paddings and formats too large to
    build, and looking at the clock on every call."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        # ``row.name`` on a dict: Jinja tries the attribute first and pays an AttributeError
        # per lookup; a key that is no dict attribute is an item lookup, with the same result.
        if type(obj) is dict and type(attribute) is str and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 1000 and abs(left) > 1:
                raise LimitError(f"乘方 {left}**{right} 的结果太大")
        elif operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int):
                    limit = MAX_CHARS if isinstance(seq, str) else MAX_ITEMS
                    if len(seq) * times > limit:
                        raise LimitError(f"重复 {times} 次得到的内容太长")
        elif operator == "%":
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:  # ``'{:>2000000000}'.format``: refused when looked up
            _check_format(value.__self__)
        return wrapped

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        # Every macro and method call looks at the clock: recursion and loops of calls stop.
        _check_clock()
        _check_str_call(__obj, args)
        return super().call(__context, __obj, *args, **kwargs)


#: The warnings list of the render under way (None outside a render): finalize adds to it.
FOUND: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar("found", default=None)


def _finalize(value: Any) -> Any:
    """Strip XML-illegal characters from every printed value, noting the value for a warning.

    Each printed value is also counted against the render's budget, so a loop printing
    huge values stops at the limit rather than after a batch of them is in memory.
    """
    budget = BUDGET.get()
    if budget is not None:
        budget.spend(len(value) if isinstance(value, str) else 1)
        budget.check_clock()
    if isinstance(value, str):
        if ILLEGAL.search(value) is None:
            return value
        found = FOUND.get()
        if found is not None:
            found.append(value)
        cleaned = ILLEGAL.sub("", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    if isinstance(value, RichText | RichTextParagraph | Listing):
        if ILLEGAL_RICH.search(value.xml) is None:
            return value
        found = FOUND.get()
        if found is not None:
            found.append(value)
        return Markup(ILLEGAL_RICH.sub("", value.xml))
    if isinstance(value, InlineImage):  # docxtpl's own, made without our DocxTemplate
        return Markup(place_image(value))
    return value


def make_environment() -> ImmutableSandboxedEnvironment:
    """The Jinja environment every Word template renders in (also for linting).

    Sandboxed and immutable, autoescaping, StrictUndefined, control characters stripped,
    ``range`` capped at MAX_RANGE items. Otherwise Jinja's defaults, as docxtpl uses.
    """
    env = _Sandbox(autoescape=True, undefined=_Undefined, finalize=_finalize)
    env.globals["range"] = _capped_range
    env.globals["namespace"] = _Namespace
    for name, check in (("center", _center_check), ("indent", _indent_check), ("format", _format_check),
                        ("replace", _replace_check), ("join", _join_check)):
        env.filters[name] = _capped_filter(env.filters[name], check)
    return env


