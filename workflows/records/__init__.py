"""Hồ sơ cán bộ — the pages where the Văn phòng keeps the facts the eligibility rules read: each unit's yearly
quality ratings (xếp loại chất lượng), and each person's holds, disciplines, leave and initiatives."""
