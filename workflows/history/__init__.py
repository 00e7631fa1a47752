"""Lịch sử khen thưởng — the commendation history imported from past years' spreadsheets."""
