"""houqin：把学校后勤处的台账表格生成正式的 Word / Excel 文档。

The package never imports Click, never prints and never exits: it returns results
and raises :class:`pipeline.errors.HouqinError` subclasses that carry locations.
"""

__version__ = "0.1.0"
