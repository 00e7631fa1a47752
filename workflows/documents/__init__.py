"""Documents the product writes from its data (.docx), laid out as NĐ 30/2020/NĐ-CP says (`layout`)."""
