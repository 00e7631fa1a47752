"""The law as data: titles, documents, thresholds and eligibility rules with their dates and citations, and the
pure functions that judge a case by them."""
