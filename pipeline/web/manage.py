"""The page's housekeeping rules: settings forms, removing and restoring inputs and templates,
freshness, samples (the routes using them are in inputs_routes, templates_routes and
settings_routes).

Nothing is ever deleted: a removed input goes to `inputs/已删除/`, a replaced template to
`templates/已替换/`, both restorable from the page. Whether the documents are current is
read from the sources the manifest records (pipeline.outputs.freshness), never from clocks alone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..outputs.freshness import changed_sources, current_sources, digest, recorded_sources
from ..outputs.writer import MANIFEST, atomic_write
from ..reading.inputs import ALL_INPUTS
from ..reading.sheets import WORKBOOK_SUFFIXES
from ..settings import SETTINGS_FILE
from ..workspace import INPUT_SUFFIXES, Workspace
from . import settings_form
from .jobs import Runner
from .uploads import UploadRefused

REMOVED = "已删除"
REPLACED = "已替换"
#: Hashes of the sample tables the page's 新建工作区 wrote: such an input is 示例数据 until replaced.
SAMPLES = ".houqin-samples.json"
STALE = "文档是用旧数据生成的，请重新生成"
#: What 新建工作区 asks for; the sample's school, district and signatories are not kept.
NEW_KEYS = ("school.name", "school.district", "school.campuses", "term.year", "term.term", "term.start",
            "term.end", "people.principal", "people.deputy", "people.logistics_head", "people.filler")
REQUIRED_NEW = {"school.name": "请填写学校名称", "term.year": "请填写学年，如 2025—2026",
                "term.term": "请选择第一学期或第二学期"}


def _when(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")


def read_settings_text(root: Path) -> str | None:
    path = Workspace(root).settings_file
    if not path.is_file():
        return None
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _texts() -> list[str]:
    return list(narratives())


def narratives() -> dict[str, str]:
    """The Notepad texts kinds read from inputs/ (学期计划.md …): file name → the family using it."""
    from ..kinds import commands

    found = {}
    for kind in commands().values():
        name = getattr(sys.modules.get(kind.plan.__module__), "NARRATIVE", None)
        if isinstance(name, str):
            found[name] = kind.family
    return found


def shown_source(name: str) -> str:
    if name == SETTINGS_FILE:
        return "设置（houqin.toml）"
    if name.startswith("templates/"):
        return f"模板 {name.removeprefix('templates/')}"
    return name.removeprefix("inputs/")


def freshness(root: Path, has_documents: bool) -> dict[str, Any]:
    """When the documents were made and whether a source changed since."""
    ws = Workspace(root)
    manifest = ws.outputs / MANIFEST
    if not has_documents or not manifest.is_file():
        return {"made": "", "stale": False, "changed": [], "sources": []}
    recorded = recorded_sources(ws.outputs)
    now = current_sources(root, [s.stem for s in ALL_INPUTS], _texts())
    if recorded is None:  # made before the manifest recorded its sources: compare times
        made = manifest.stat().st_mtime
        changed = [name for name in now if (root / name).is_file() and (root / name).stat().st_mtime > made]
    else:
        changed = changed_sources(recorded, now)
    sources = [shown_source(name) for name, sha in sorted((recorded or {}).items()) if sha]
    return {"made": _when(manifest), "stale": bool(changed), "changed": [shown_source(c) for c in changed],
            "sources": sources}


def samples(root: Path) -> set[str]:
    """Stems (and text names) whose file is still exactly the sample 新建工作区 wrote."""
    try:
        recorded = json.loads((root / SAMPLES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    ws = Workspace(root)
    return {Path(name).stem if Path(name).suffix in INPUT_SUFFIXES else name
            for name, sha in recorded.items()
            if isinstance(sha, str) and sha and digest(ws.inputs / name) == sha}


def removed(root: Path) -> dict[str, tuple[str, str]]:
    """Stem → (file name, when removed) of the latest removed copy in inputs/已删除/."""
    folder = Workspace(root).inputs / REMOVED
    found: dict[str, tuple[str, str]] = {}
    for schema in ALL_INPUTS:
        copies = [folder / f"{schema.stem}{s}" for s in INPUT_SUFFIXES if (folder / f"{schema.stem}{s}").is_file()]
        if copies:
            latest = max(copies, key=lambda p: p.stat().st_mtime)
            found[schema.stem] = (latest.name, _when(latest))
    return found


def page_context(root: Path, docs: list[Any]) -> dict[str, Any]:
    return {
        "fresh": freshness(root, bool(docs)),
        "samples": samples(root),
        "removed": removed(root),
        "settings_form": settings_form.form_from_text(read_settings_text(root)),
        "settings_groups": settings_form.GROUPS,
        "new_form": settings_form.SettingsForm({k: "" for k in NEW_KEYS}),
        "stale_text": STALE,
        "option_users": option_users(),
    }


def option_users() -> dict[str, list[str]]:
    """Each of --period / --date / --year → the families whose command takes it."""
    from ..kinds import commands

    return {option: [k.family for k in commands().values() if option in k.options]
            for option in ("period", "date", "year")}


def file_name(file: str | None) -> str:
    """`inputs/<stem>.csv` and `<stem>.csv` alike shown as the bare name the user knows."""
    text = file or ""
    for prefix in ("inputs/", "templates/"):
        if text.startswith(prefix):
            return text.removeprefix(prefix)
    return text


def plain_words(text: str | None) -> str:
    """No programmer's words in a message for the office: exception names, command names."""
    text = re.sub(r"（[A-Za-z]*(?:Error|Exception)）", "", text or "")
    return text.replace("（houqin build 生成）", "（点“生成全部”时一并生成）")


def forget_result(runner: Runner) -> None:
    """A change to the sources makes the last generation's summary history: it is not shown
    under a newer check (the document list says whether the documents are current)."""
    if runner.job is not None and not runner.job.running:
        runner.job = None


def put_aside(path: Path, folder: str = REMOVED) -> str:
    """Move a file into a sibling folder (replacing an older copy there); its name, or ""."""
    if not path.is_file():
        return ""
    target = path.parent / folder / path.name
    target.parent.mkdir(exist_ok=True)
    os.replace(path, target)
    return path.name


def matches_its_name(name: str, kind: str) -> None:
    """A file whose name says .xlsx but holds text (or the reverse) is refused: saving it under
    the other suffix would silently stand in for — and put aside — the real workbook."""
    suffix = Path(name).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES and kind == "csv":
        raise UploadRefused(f"「{name}」的文件名是 {suffix}，内容却是文本，不是 Excel 工作簿；已拒绝，现有的表格没有改动。"
                            "请在 Excel/WPS 中打开它，“另存为” Excel 工作簿（.xlsx）后再上传")
    if suffix == ".csv" and kind != "csv":
        raise UploadRefused(f"「{name}」的文件名是 .csv，内容却是 Excel 工作簿；已拒绝，现有的表格没有改动。"
                            f"请把文件名改为 .{kind} 后再上传")


def options_from(form: Mapping[str, str], allowed: tuple[str, ...]) -> Any:
    """The page's 期间 / 报告日期 / 年度 for a kind that takes them, as the CLI's options."""
    from ..kinds import Options
    from ..reading.values import parse_date

    period = form.get("period", "").strip() if "period" in allowed else ""
    date_text = form.get("date", "").strip() if "date" in allowed else ""
    year_text = form.get("year", "").strip() if "year" in allowed else ""
    date = None
    if date_text:
        try:
            date = parse_date(date_text)
        except ValueError:
            raise ValueError(f"无法识别的报告日期「{date_text}」，应为 2022-03-15 这样的日期") from None
    year = None
    if year_text:
        if not re.fullmatch(r"\d{4}", year_text):
            raise ValueError(f"年度「{year_text}」无效，应为 2022 这样的四位年份")
        year = int(year_text)
    return Options(period=period or None, date=date, year=year)


def staff_first(root: Path, problems: list[Problem]) -> dict[str, Any]:
    """Names not in 员工名单 because the staff list is still the sample (or was never
    replaced): one line saying to upload the staff list's workbook first, not a row per name."""
    unknown = [p for p in problems if p.message.startswith("「") and "不在" in p.message and "员工名单" in p.message]
    stem = next(s.stem for s in ALL_INPUTS if any(x.staff_list for x in s.sheets))
    sample = stem in samples(root)
    if not unknown or not (sample or len(unknown) > 10):
        return {"problems": problems, "staff": None}
    names = list(dict.fromkeys(str(p.value) for p in unknown if p.value))
    files = list(dict.fromkeys(Path(p.location.file or "").name for p in unknown))
    reason = "还是新建工作区时的示例数据" if sample else "的员工名单里没有这些人"
    staff = {"count": len(unknown), "names": names[:12], "more": max(0, len(names) - 12), "files": files,
             "reason": reason, "workbook": f"{stem}.xlsx"}
    return {"problems": [p for p in problems if p not in unknown], "staff": staff}


def _init_submission(base: str, form: Mapping[str, str]) -> dict[str, str]:
    values = settings_form.form_from_text(base).values
    values.update({key: form.get(key, "").strip() for key in NEW_KEYS})
    return values


def refuse_new_settings(form: Mapping[str, str]) -> settings_form.SettingsForm | None:
    """新建工作区 asks for the school and term first: the form with what is missing or wrong."""
    from ..scaffold import settings_text

    values = _init_submission(settings_text(), form)
    new_text, checked = settings_form.submit(settings_text(), values)
    for key, said in REQUIRED_NEW.items():
        if not values.get(key):
            checked.errors.setdefault(key, []).append(Problem(said, settings_form._location()))
    if new_text is None or any(not values.get(k) for k in REQUIRED_NEW):
        return checked
    return None


def after_init(root: Path, written: list[Path], form: Mapping[str, str]) -> None:
    """The new workspace's settings take the school and term given; the samples are recorded."""
    ws = Workspace(root)
    base = read_settings_text(root) or ""
    new_text, _ = settings_form.submit(base, _init_submission(base, form))
    if new_text is not None:
        atomic_write(ws.settings_file, new_text.encode("utf-8"))
    marks = {p.name: digest(p) for p in written if p.parent == ws.inputs}
    atomic_write(root / SAMPLES, (json.dumps(marks, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode())
