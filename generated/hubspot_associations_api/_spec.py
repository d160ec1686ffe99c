"""The fragment this package was generated from (written by openapi/generate.py)."""

SPEC_SHA256 = "0a4030b937dfc44786fac0cd2d7a7e72ecc92a2fe6141940c2106f7e8522d8c0"
