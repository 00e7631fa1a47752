"""Ai đủ điều kiện — every person of a unit and the unit itself judged for each title of a year, with the chains
over years they are building, so a unit proposes the right people."""
