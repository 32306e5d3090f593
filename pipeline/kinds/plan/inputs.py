"""The input the plan kind owns: 工作清单 (SPEC §2.5), the term plan's list of work."""

from __future__ import annotations

from ...reading.schema import Column, InputSchema, SheetSchema

C = Column



CHECKLIST = InputSchema(
    stem="工作清单",
    title="学期工作清单",
    description="学期计划附表：时间 / 事项 / 责任人",
    order=50,
    sheets=(SheetSchema(
        name="工作清单",
        aliases=("学期工作清单", "清单"),
        columns=(
            C("时间", "when", True, ("月份", "时间安排"), "when", note="如 2月、7~8月、3月上旬", width=10),
            C("事项", "text", True, ("工作事项", "内容", "工作内容"), "item", width=48),
            C("责任人", "names", True, ("负责人",), "owners", note="多人用 、 分隔", width=24),
            C("完成情况", "enum", english="progress", choices=("已完成", "进行中", "未开始", "推迟"),
              choice_aliases=(("完成", "已完成"), ("已推迟", "推迟"), ("延期", "推迟"), ("未完成", "进行中")),
              width=10),
            C("备注", english="remarks", width=16),
        ),
    ),),
)
