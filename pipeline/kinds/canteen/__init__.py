"""食堂管理: 进货查验, 留样 and 陪餐 records and the term's 食堂台账汇总."""
