"""The Redis store, against a real Redis server on loopback (tests/redis_server.py).

The budget's semantics (the shared window, pause, daily stop, announced window, keys) are proven
over both stores in test_stores.py; here: what only Redis has (its failures, the extra, the
async client's non-blocking use of it) and the kill/restart proof, the one test here that waits
on real time (bounded: the job is about three seconds at its rate limit).
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

import hubspot_associations
import pytest
import redis
from clients import both_clients, client_of
from conftest import TOKEN
from hubspot_associations._stores import default_key, open_budget
from hubspot_associations.testing import FakeHubSpot
from redis_server import RedisServer, free_port


def stored(url: str) -> bytes:
    """Every key of the server and every value under it, as one blob."""
    client = redis.Redis.from_url(url)
    blob = []
    for key in client.scan_iter("*"):
        blob.append(key)
        kind = client.type(key)
        if kind == b"zset":
            blob += [m for m, _ in client.zrange(key, 0, -1, withscores=True)]
        elif kind == b"hash":
            blob += [k + b"=" + v for k, v in client.hgetall(key).items()]
        else:
            blob.append(client.dump(key) or b"")
    client.close()
    return b"\n".join(blob)


@both_clients
def test_the_token_never_reaches_redis(kind: str, redis_url: str) -> None:
    with FakeHubSpot(record_requests=False) as hs:
        hs.add_records("contacts", [1])
        hs.add_records("companies", [2])
        with client_of(kind, hs.url, rate_limit=(10, 1.0), rate_limit_store=redis_url) as client:
            client.associate_default("contacts", 1, "companies", 2)
            client.batch.associate_default("contacts", "companies", [(1, 2)])
            assert "rate_limit=(10, 1.0)," in repr(client)
    blob = stored(redis_url)
    assert f"hubspot-associations:{{{default_key(TOKEN)}}}:".encode() in blob  # it was used
    assert TOKEN.encode() not in blob


@both_clients
def test_unreachable_redis_is_a_clear_error_without_the_password(kind: str) -> None:
    url = f"redis://app:pw-Zq81@127.0.0.1:{free_port()}/0"  # nobody listens there
    with (
        pytest.raises(ValueError, match="rate_limit_store") as raised,
        client_of(kind, "http://127.0.0.1:9", rate_limit_store=url),
    ):
        pass  # pragma: no cover - the client is never made
    message = str(raised.value)
    assert "app:***@127.0.0.1" in message and "pw-Zq81" not in message


@both_clients
def test_a_refused_password_is_a_clear_error_without_the_password(
    kind: str, redis_url: str
) -> None:
    url = redis_url.replace("redis://", "redis://:pw-Zq81@")  # the server has no password
    with (
        pytest.raises(ValueError, match="cannot be used") as raised,
        client_of(kind, "http://127.0.0.1:9", rate_limit_store=url),
    ):
        pass  # pragma: no cover - the client is never made
    assert ":***@127.0.0.1" in str(raised.value) and "pw-Zq81" not in str(raised.value)


@both_clients
def test_without_the_redis_extra_the_error_says_what_to_install(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # import redis fails, as when not installed
    monkeypatch.delitem(sys.modules, "hubspot_associations._store_redis", raising=False)
    monkeypatch.delattr(hubspot_associations, "_store_redis", raising=False)
    with (
        pytest.raises(ValueError, match="rate_limit_store") as raised,
        client_of(kind, "http://127.0.0.1:9", rate_limit_store="redis://127.0.0.1:6379/0"),
    ):
        pass  # pragma: no cover - the client is never made
    assert 'pip install "hubspot-associations[redis]"' in str(raised.value)


def test_the_async_client_never_blocks_its_loop_on_redis(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeHubSpot(record_requests=False) as hs:
        hs.add_records("contacts", range(1, 41))
        hs.add_records("companies", [2])
        with client_of("async", hs.url, rate_limit=(100, 1.0), rate_limit_store=redis_url) as c:

            def blocking(*args: Any, **kwargs: Any) -> Any:
                raise AssertionError("a blocking Redis call on the event loop")

            monkeypatch.setattr(redis.Redis, "execute_command", blocking)
            report = c.batch.associate_default(
                "contacts", "companies", [(n, 2) for n in range(1, 41)], chunk_size=5
            )
            monkeypatch.undo()
        assert report.ok and len(report.succeeded) == 40
    assert default_key(TOKEN).encode() in stored(redis_url)  # the ledger is in Redis


def test_a_cancelled_reservation_gives_its_grant_back(redis_url: str) -> None:
    import asyncio

    budget: Any = open_budget(redis_url, "cancelled", (1, 60.0), asynchronous=True)
    client = redis.Redis.from_url(redis_url)
    prefix = "hubspot-associations:{cancelled}"

    def ledger() -> tuple[int, int]:
        return client.zcard(f"{prefix}:in-flight"), client.zcard(f"{prefix}:answered")

    async def main() -> tuple[int, int]:
        task = asyncio.ensure_future(budget.reserve(0.0))
        await asyncio.sleep(0)  # the script is on its way to the server
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # The store's answer, then the give-back it starts: awaited as tasks, not by a timer.
        while others := asyncio.all_tasks() - {asyncio.current_task()}:
            await asyncio.wait(others, timeout=30)
        return ledger()

    # The cancelled task's request never went out: its grant was given back (counted one
    # window from then), not left in flight for STALE_IN_FLIGHT_SECONDS.
    assert asyncio.run(main()) == (0, 1)


@both_clients
def test_redis_killed_mid_job_nothing_lost_and_the_store_comes_back(
    kind: str, redis_server: RedisServer, redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    pairs = [(n, 1) for n in range(1, 301)]  # 60 requests of 5 at 20 per second: about 3 s
    events: list[str] = []
    progress = threading.Condition()
    settled = [0]  # pairs the job has settled so far

    def on_progress(done: int, total: int | None) -> None:
        with progress:
            settled[0] = done
            progress.notify_all()

    def wait_for_chunks(count: int) -> None:  # woken by the job's progress, not by a timer
        with progress:
            progress.wait_for(lambda: settled[0] >= 5 * count, timeout=30)

    with FakeHubSpot(record_requests=False) as hs:
        hs.add_records("contacts", range(1, 301))
        hs.add_records("companies", [1])
        with (
            caplog.at_level("WARNING", logger="hubspot_associations"),
            client_of(kind, hs.url, rate_limit=(20, 1.0), rate_limit_store=redis_url) as client,
        ):
            done: list[Any] = []
            job = threading.Thread(
                target=lambda: done.append(
                    client.batch.associate_default(
                        "contacts", "companies", pairs, chunk_size=5, on_progress=on_progress
                    )
                )
            )
            started = time.monotonic()
            job.start()
            # Here, not in a thread: the server dies with the thread that started it.
            wait_for_chunks(10)
            redis_server.kill()
            events.append(f"killed after {hs.request_count} at {time.monotonic() - started:.2f}")
            wait_for_chunks(20)
            redis_server.restart()
            events.append(f"restarted after {hs.request_count} at {time.monotonic() - started:.2f}")
            job.join(timeout=30)
            took = time.monotonic() - started
            after = stored(redis_url)  # the restarted server started empty
        linked = sorted(int(i) for i, _ in hs.associations("companies", 1, "contacts"))
    (report,) = done
    assert len(events) == 2, events
    reported = [item.input for item in report.succeeded] + [item.input for item in report.failed]
    assert sorted(reported) == pairs  # every input reported exactly once
    assert report.ok and linked == [n for n, _ in pairs]  # and none lost
    assert took < 20  # no hang: local pacing carried the job through the outage
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 2, (events, warnings)  # one when lost, one when back
    assert "pacing in this process alone" in warnings[0]
    assert "shared again" in warnings[1]
    assert redis_url in warnings[0]
    # Back on the store: the budget's ledger is in the restarted server.
    assert f"{{{default_key(TOKEN)}}}:answered".encode() in after


def test_rediss_and_unix_urls_go_to_redis(redis_server: RedisServer) -> None:
    # Nothing listens on either: the error is Redis's own, proving the URL reached redis-py.
    for url in (f"rediss://127.0.0.1:{free_port()}/0", "unix:///nonexistent/redis.sock"):
        with pytest.raises(ValueError, match="cannot be used"):
            open_budget(url, "k", None)


def test_an_async_budget_works_on_every_loop_it_is_used_on(redis_url: str) -> None:
    import asyncio

    budget: Any = open_budget(redis_url, "loops", (2, 60.0), asynchronous=True)

    async def grant() -> None:
        wait, ticket = await budget.reserve(0.0)
        assert ticket is not None, wait
        await budget.release(ticket, 0.0)

    for _ in range(2):  # each asyncio.run is a new loop: the store's connections follow it
        asyncio.run(grant())
    assert not budget._health.failing
    assert redis.Redis.from_url(redis_url).zcard("hubspot-associations:{loops}:answered") == 2
