"""Chữ ký số — signing the product's PDFs (PAdES, with a visible stamp) and checking the signatures of uploaded PDFs.

`pki` holds the signers' keys (a demo certificate authority for the demo and the tests, a PKCS#11 token in
production), `sign` signs, `verify` reads and judges signatures, `services` stores what was found on a case's files.
"""
