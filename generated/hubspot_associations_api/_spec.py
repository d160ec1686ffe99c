"""The fragment this package was generated from (written by openapi/generate.py)."""

SPEC_SHA256 = "a6b1d965db6ec23da6be0b2f16185287b73dd98c0177b6c3b8afbca287740993"
