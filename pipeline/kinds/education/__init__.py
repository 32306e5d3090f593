"""安全教育: the term's 每月安全教育主题安排表 and the 安全教育记录汇总 of the lessons given."""
