"""The input the hazards kind owns: 隐患排查 (SPEC §2.1), its columns and row checks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import Problem
from ...reading.photos import PHOTO_DIR, resolve_photos
from ...reading.schema import Column, InputSchema, SheetSchema

if TYPE_CHECKING:
    from ...reading.records import Record
    from ...settings import Settings

C = Column

def check_hazards(records: list[Record], settings: Settings) -> list[Problem]:
    """Derive 整改状态 and catch dates that contradict each other."""
    problems = []
    for rec in records:
        v = rec.data
        if v["整改状态"] is None:
            v["整改状态"] = "已整改" if v["完成日期"] else "未整改"
        found = v["检查日期"]
        if found and v["完成日期"] and v["完成日期"] < found:
            problems.append(Problem(
                f"完成日期「{v['完成日期']:%Y-%m-%d}」早于检查日期（{found:%Y-%m-%d}）",
                rec.cell("完成日期"), str(v["完成日期"])))
        if found and v["整改期限"] and v["整改期限"] < found:
            problems.append(Problem(
                f"整改期限「{v['整改期限']:%Y-%m-%d}」早于检查日期（{found:%Y-%m-%d}）",
                rec.cell("整改期限"), str(v["整改期限"])))
        if v["整改状态"] == "已整改" and not v["完成日期"] and rec.raw.get("整改状态") is not None:
            problems.append(Problem(
                "状态为 已整改，但没有填写完成日期", rec.cell("完成日期"), severity="warning"))
    return problems


def check_photos(records: list[Record], inputs_folder: Path) -> list[Problem]:
    """Every photo the rows name is in inputs/照片/ and a picture Word shows (a HEIC from a
    phone, a half-copied file): found by `check` and before `build` writes, at its row."""
    return resolve_photos(inputs_folder / PHOTO_DIR, records)[1]


HAZARDS = InputSchema(
    stem="隐患排查",
    title="安全隐患排查记录",
    description="每发现一处隐患填一行；整改完成后补填完成日期和复查情况",
    order=10,
    sheets=(SheetSchema(
        name="隐患排查记录",
        aliases=("隐患排查", "安全隐患排查", "排查记录"),
        check=check_hazards, files=check_photos, dated="检查日期", places_term=True, outside_term="error",
        columns=(
            C("检查日期", "date", True, ("排查日期", "排查时间", "日期", "检查时间"), "date",
              note="发现隐患的日期，如 2022-03-05 或 2022年3月5日", width=13),
            C("检查类型", "enum", False, ("排查类型", "检查方式"), "check_type",
              choices=("日巡视", "月检查", "专项检查", "上级检查"), default="日巡视",
              choice_aliases=(("日常巡视", "日巡视"), ("巡视", "日巡视"), ("月查", "月检查"),
                              ("专项", "专项检查"), ("上级", "上级检查")),
              note="日巡视 / 月检查 / 专项检查 / 上级检查，空着按 日巡视", width=11),
            C("校区", english="campus", note="多校区学校填写", width=10),
            C("检查部位", "text", True, ("部位", "地点", "隐患部位", "排查部位"), "place",
              note="隐患所在的具体位置，如 沛学楼三楼东侧消防栓", width=20),
            C("隐患类别", "enum", True, ("类别", "隐患类型"), "category",
              choices_from="hazards.categories",
              choice_aliases=(("消防安全", "消防"), ("用电安全", "用电"), ("电气", "用电"),
                              ("食品安全", "食品卫生"), ("校车", "交通校车"), ("交通", "交通校车"),
                              ("监控", "安保监控"), ("安保", "安保监控"), ("周边", "校园周边"),
                              ("校舍", "校舍建筑"), ("建筑", "校舍建筑"), ("设备", "设施设备"),
                              ("设施", "设施设备"), ("实验室", "危化品实验室"), ("危化品", "危化品实验室")),
              note="从下拉列表选择", width=12),
            C("隐患描述", "text", True, ("隐患内容", "存在问题", "隐患情况"), "description",
              note="写清楚看到的问题", width=30),
            C("风险等级", "enum", False, ("隐患等级", "等级"), "level", choices_from="hazards.levels",
              default="一般", choice_aliases=(("一般隐患", "一般"), ("较大隐患", "较大"), ("重大隐患", "重大")),
              note="一般 / 较大 / 重大，空着按 一般", width=10),
            C("排查人", "text", True, ("发现人", "检查人"), "finder", width=10),
            C("整改责任人", "text", True, ("责任人",), "responsible", width=11),
            C("责任部门", english="department", width=12),
            C("整改措施", english="measure", width=24),
            C("整改期限", "date", False, ("整改时限", "限期"), "deadline",
              note="应在此日期前整改完毕", width=13),
            C("完成日期", "date", False, ("整改完成日期", "完成时间"), "completed",
              note="整改完成的日期；填写后整改状态可空着", width=13),
            C("整改状态", "enum", False, ("状态", "整改情况"), "status",
              choices=("未整改", "整改中", "已整改"),
              choice_aliases=(("已完成", "已整改"), ("完成", "已整改"), ("已处理", "已整改"),
                              ("正在整改", "整改中"), ("未完成", "未整改"), ("待整改", "未整改")),
              note="空着时：有完成日期为 已整改，否则为 未整改", width=10),
            C("复查日期", "date", False, ("回访日期",), "review_date", width=13),
            C("复查人", english="reviewer", aliases=("回访人",), width=10),
            C("复查结果", english="review_result", aliases=("回访结果",), width=16),
            C("隐患照片", "files", english="photo", note="inputs/照片/ 下的文件名，多张用 、 分隔", width=16),
            C("整改照片", "files", english="fix_photo", note="inputs/照片/ 下的文件名，多张用 、 分隔", width=16),
            C("备注", english="remarks", width=16),
        ),
    ),),
)
