"""The fragment this package was generated from (written by openapi/generate.py)."""

SPEC_SHA256 = "8b163c37d84a7c3c9e85209e02680ad48db3a88c76b1c750fb0380051d51b6b0"
