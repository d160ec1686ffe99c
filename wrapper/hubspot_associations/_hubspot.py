"""What HubSpot says, in one place: hosts, variables, sizes, limits, statuses and header names.

Everything here is HubSpot's fact, or the SDK's default that stands for one; the rest of the
SDK imports it from here, so a change HubSpot announces is one edit. FakeHubSpot keeps its own
copy on purpose: a fake sharing these with the SDK could never catch the SDK getting one wrong.
"""

from __future__ import annotations

BASE_URL = "https://api.hubapi.com"
TOKEN_ENV = "HUBSPOT_ACCESS_TOKEN"  # the variable HubSpot's own tools read
BASE_URL_ENV = "HUBSPOT_BASE_URL"  # read by hubspot-sdk too: point CI at a fake with it
API_VERSION_ENV = "HUBSPOT_API_VERSION"  # the date version to call when none is given
RATE_LIMIT_STORE_ENV = "HUBSPOT_RATE_LIMIT_STORE"  # the SDK's: a shared rate budget's URL

# Rate limits: HubSpot's lowest tier (Free and Starter) is 100 requests per rolling 10 seconds
# per app and account; Professional and Enterprise 190, with the limit increase pack 250.
DEFAULT_RATE_LIMIT = (100, 10.0)
TEN_SECONDLY_WINDOW = 10.0
POLICY_TEN_SECONDLY = "TEN_SECONDLY_ROLLING"
POLICY_SECONDLY = "SECONDLY"
POLICY_DAILY = "DAILY"

# Sizes.
READ_CHUNK = 1000  # batch read: HubSpot's documented maximum inputs per request
WRITE_CHUNK = 100  # the other batch endpoints: HubSpot's own tooling's size
LIST_PAGE_MAX = 500  # a record's associations: the most one page may hold

# Answers worth retrying: 429, the usual 5xx, and Cloudflare's 520-527 in front of HubSpot.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504, *range(520, 528)})

# Sub-categories of item errors the SDK acts on.
NO_ASSOCIATIONS_FOUND = "crm.associations.NO_ASSOCIATIONS_FOUND"

# Response headers (httpx header lookups are case-insensitive).
CORRELATION_ID = "x-hubspot-correlation-id"
RETRY_AFTER = "retry-after"
RATE_LIMIT_MAX = "x-hubspot-ratelimit-max"
RATE_LIMIT_REMAINING = "x-hubspot-ratelimit-remaining"
RATE_LIMIT_INTERVAL_MS = "x-hubspot-ratelimit-interval-milliseconds"
RATE_LIMIT_DAILY_REMAINING = "x-hubspot-ratelimit-daily-remaining"
RATE_LIMIT_PREFIX = "x-hubspot-ratelimit-"  # what every one of the four above starts with
