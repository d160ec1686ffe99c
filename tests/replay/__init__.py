"""Contract testing against the OpenAPI fragment: cassettes, the openapi-core validator helper and
a replaying, validating mock server on loopback.

``tests/cassettes/*.yaml`` are vcrpy-format cassettes transcribed from HubSpot's documentation;
:mod:`.validator` checks any exchange against the fragment (``openapi/associations-*.yaml``) and
:mod:`.replay` serves cassettes over real HTTP, validating both directions.
"""
