"""Gương điển hình tiên tiến — exemplar stories the Văn phòng writes and the Chánh Văn phòng publishes."""
