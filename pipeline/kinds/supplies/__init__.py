"""物品领用: 入库, 领用 and 期初; the monthly 物品领用登记表, the 出入库台账 and the 期末盘库表."""
