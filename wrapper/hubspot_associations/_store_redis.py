"""The Redis ledger: a shared rate budget for processes on any number of machines.

``redis://[[user]:password@]host[:port][/db]``, ``rediss://`` (TLS) and ``unix:///path.sock``,
through redis-py (the ``redis`` extra): its blocking client in ``Associations``, ``redis.asyncio``
in ``AsyncAssociations`` (one connection pool per event loop), so an async client never blocks
its loop on the store.

Every decision is one Lua script run atomically by the server (``EVALSHA``; redis-py loads the
script again when the server answers ``NOSCRIPT``, after a restart). The script reads the time
with Redis's ``TIME``: the machines sharing a budget each have their own clock, which may be
seconds apart, while the server's is one clock for all of them. It keeps the same ledger, by the
same rule, as the in-process budget and the SQLite store (``_pacing.wait_for``): a request counts
from its grant until one window (times ``_MARGIN``) after its answer; one granted and never
answered stops counting after ``STALE_IN_FLIGHT_SECONDS``. Keys, in one Redis Cluster slot:
``hubspot-associations:{key}:in-flight`` and ``:answered`` (sorted sets of request ids by time)
and ``:state`` (the 429 pause, the daily stop, HubSpot's announced window when stricter, the id
counter); every write renews their expiry to what the ledger still needs, so an unused budget
leaves nothing behind.

Why a script and not ``limits`` or ``pyrate-limiter``: both are well kept and atomic on Redis, but
they count acquisitions in a fixed or sliding window (``limits``) or a leaky bucket of
acquisition times (``pyrate-limiter``), so a request is counted from when it was let go, never
until its answer: a slow request's count lapses while HubSpot still counts it, which is the
overshoot this SDK removes. Neither has a place for a shared 429 pause, the daily stop or a
second (announced) window decided in the same step as the grant. The script is one screen of
Lua doing exactly what the other budgets do.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

import redis
import redis.asyncio
import redis.asyncio.retry
import redis.retry
from redis.backoff import NoBackoff

from . import _hubspot as hubspot
from ._pacing import _MARGIN, _TICK, STALE_IN_FLIGHT_SECONDS, Limit, daily_limit_error

# Short, so that a lost server costs a caller about a second, never a hang: it then paces
# alone until the store answers again (``_stores``).
SOCKET_TIMEOUT = 1.0
PREFIX = "hubspot-associations"

_SCRIPT = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local function f(x) return string.format('%.17g', x) end
local in_flight, answered, state = KEYS[1], KEYS[2], KEYS[3]
local op = ARGV[1]
local margin, stale = tonumber(ARGV[2]), tonumber(ARGV[3])
local s = redis.call('HMGET', state, 'paused', 'daily', 'max', 'window')
local paused, daily = tonumber(s[1]) or 0, tonumber(s[2]) or 0
local limits = {}
if ARGV[5] ~= '' then limits[#limits + 1] = {tonumber(ARGV[5]), tonumber(ARGV[6])} end
if s[3] then limits[#limits + 1] = {tonumber(s[3]), tonumber(s[4])} end
local longest = tonumber(ARGV[4])
for _, l in ipairs(limits) do longest = math.max(longest, l[2]) end
longest = longest * margin
local function keep()
  local ttl = math.max(longest, stale, daily - now, paused - now)
  for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, math.ceil(ttl) + 1) end
end
if op == 'reserve' then
  if now < daily then return {'daily', f(daily - now)} end
  if now < paused then return {'wait', f(paused - now)} end
  redis.call('ZREMRANGEBYSCORE', answered, '-inf', '(' .. f(now - longest))
  redis.call('ZREMRANGEBYSCORE', in_flight, '-inf', '(' .. f(now - stale))
  local sent = redis.call('ZCARD', in_flight)
  local wait = 0
  for _, l in ipairs(limits) do
    local span = l[2] * margin
    local done = redis.call('ZRANGEBYSCORE', answered, '(' .. f(now - span), '+inf', 'WITHSCORES')
    local counted = #done / 2
    local count = sent + counted
    if count >= l[1] then
      local need = count - l[1] + 1
      if need <= counted then
        wait = math.max(wait, tonumber(done[2 * need]) + span - now)
      else
        wait = math.max(wait, span)
      end
    end
  end
  if wait > 0 then return {'wait', f(math.max(wait, tonumber(ARGV[7])))} end
  local id = redis.call('HINCRBY', state, 'seq', 1)
  redis.call('ZADD', in_flight, f(now), id)
  keep()
  return {'granted', tostring(id)}
elseif op == 'release' then
  if redis.call('ZREM', in_flight, ARGV[8]) == 1 then
    redis.call('ZADD', answered, f(now), ARGV[8])
  end
elseif op == 'pause' then
  paused = math.max(paused, now + tonumber(ARGV[8]))
  redis.call('HSET', state, 'paused', f(paused))
elseif op == 'stop_daily' then
  daily = now + tonumber(ARGV[8])
  redis.call('HSET', state, 'daily', f(daily))
elseif op == 'announce' then
  if ARGV[8] == '' then
    redis.call('HDEL', state, 'max', 'window')
  else
    redis.call('HSET', state, 'max', ARGV[8], 'window', ARGV[9])
  end
end
keep()
return {'done', ''}
"""


def _options(asynchronous: bool = False) -> dict[str, Any]:
    retry = redis.asyncio.retry.Retry if asynchronous else redis.retry.Retry
    return {
        "socket_timeout": SOCKET_TIMEOUT,
        "socket_connect_timeout": SOCKET_TIMEOUT,
        # One quick retry: a pooled connection the server dropped (a restart) reconnects.
        "retry": retry(NoBackoff(), 1),
    }


class _Script:
    """The keys and arguments of one budget's script calls, and the reading of its answers."""

    def __init__(self, key: str, limit: Limit | None) -> None:
        self.key = key
        self.limit = limit
        base = f"{PREFIX}:{{{key}}}"
        self.keys = [f"{base}:in-flight", f"{base}:answered", f"{base}:state"]
        self._common = [
            repr(_MARGIN),
            repr(STALE_IN_FLIGHT_SECONDS),
            repr(hubspot.TEN_SECONDLY_WINDOW),
            str(limit[0]) if limit else "",
            repr(float(limit[1])) if limit else "",
            repr(_TICK),
        ]

    def args(self, op: str, *extra: object) -> list[str]:
        return [op, *self._common, *(str(e) for e in extra)]

    @staticmethod
    def granted(answer: list[bytes]) -> tuple[float, object | None]:
        verdict, value = answer[0], answer[1].decode()
        if verdict == b"daily":
            raise daily_limit_error()
        if verdict == b"wait":
            return float(value), None
        return 0.0, value

    @staticmethod
    def announced(limit: Limit | None) -> tuple[str, str]:
        return (str(limit[0]), repr(float(limit[1]))) if limit else ("", "")


def _check(url: str) -> None:
    """Connect once, blocking: a server that cannot be used is a clear error at start."""
    client = redis.Redis.from_url(url, **_options())
    try:
        client.ping()
        client.script_load(_SCRIPT)
    finally:
        client.close()


class RedisLedger:
    """One budget's ledger (``key``) in Redis, blocking I/O; see ``_stores.Ledger``."""

    errors: tuple[type[Exception], ...] = (redis.RedisError, OSError)

    def __init__(self, url: str, key: str, limit: Limit | None) -> None:
        _check(url)
        self.url = url
        self._calls = _Script(key, limit)
        self._client = redis.Redis.from_url(url, **_options())
        self._script = self._client.register_script(_SCRIPT)

    def _run(self, op: str, *extra: object) -> Any:
        return self._script(keys=self._calls.keys, args=self._calls.args(op, *extra))

    def reserve(self) -> tuple[float, object | None]:
        return self._calls.granted(self._run("reserve"))

    def release(self, entry: object) -> None:
        self._run("release", entry)

    def pause(self, seconds: float) -> None:
        self._run("pause", repr(float(seconds)))

    def stop_daily(self, seconds: float) -> None:
        self._run("stop_daily", repr(float(seconds)))

    def announce(self, limit: Limit | None) -> None:
        self._run("announce", *self._calls.announced(limit))


class AsyncRedisLedger:
    """One budget's ledger in Redis through ``redis.asyncio``; see ``_stores.AsyncLedger``."""

    errors: tuple[type[Exception], ...] = (redis.RedisError, OSError)

    def __init__(self, url: str, key: str, limit: Limit | None) -> None:
        _check(url)  # at start, before any loop runs: one blocking check, as the sync client
        self.url = url
        self._calls = _Script(key, limit)
        # redis.asyncio's connections belong to the loop that opened them: one pool per loop.
        self._scripts: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
            weakref.WeakKeyDictionary()
        )

    async def _run(self, op: str, *extra: object) -> Any:
        loop = asyncio.get_running_loop()
        script = self._scripts.get(loop)
        if script is None:
            client = redis.asyncio.Redis.from_url(self.url, **_options(asynchronous=True))
            script = self._scripts[loop] = client.register_script(_SCRIPT)
        return await script(keys=self._calls.keys, args=self._calls.args(op, *extra))

    async def reserve(self) -> tuple[float, object | None]:
        return self._calls.granted(await self._run("reserve"))

    async def release(self, entry: object) -> None:
        await self._run("release", entry)

    async def pause(self, seconds: float) -> None:
        await self._run("pause", repr(float(seconds)))

    async def stop_daily(self, seconds: float) -> None:
        await self._run("stop_daily", repr(float(seconds)))

    async def announce(self, limit: Limit | None) -> None:
        await self._run("announce", *self._calls.announced(limit))
