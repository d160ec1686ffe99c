"""A rate budget shared through a store: every process using it paces as one.

The unit tests open one store twice (two budgets stand for two processes), once per store:
SQLite on an injected clock, a real Redis server (tests/redis_server.py) on its own clock, whose
stored times are shifted back to let time pass without waiting. The end-to-end test runs real
worker processes against one FakeHubSpot on loopback, over both stores and both clients.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from clients import FakeTime, both_clients, client_of
from conftest import TOKEN
from hubspot_associations import Associations, AsyncAssociations, errors
from hubspot_associations._pacing import _MARGIN, LocalBudget, Ticket
from hubspot_associations._stores import (
    AsyncSharedBudget,
    SharedBudget,
    default_key,
    open_budget,
    redacted,
)
from hubspot_associations.testing import FakeHubSpot

STORES = ["sqlite", "redis"]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class SQLiteStore:
    """Budgets in one SQLite file, on an injected clock."""

    def __init__(self, tmp_path: Path) -> None:
        self.clock = Clock()
        self.url = f"sqlite:///{tmp_path / 'budget.db'}"

    def budget(self, limit: tuple[int, float] | None = (3, 1.0), key: str = "app") -> Any:
        return open_budget(self.url, key, limit, clock=self.clock)

    def advance(self, seconds: float) -> None:
        self.clock.now += seconds

    def shift(self, seconds: float) -> None:
        """Let ``seconds`` pass for budgets on the real clock (a client's): move stored times."""
        import sqlite3

        with sqlite3.connect(self.url[len("sqlite:///") :]) as db:
            db.execute(
                "UPDATE budget_state SET paused_until = paused_until - ?, "
                "daily_until = daily_until - ?",
                (seconds, seconds),
            )
            db.execute(
                "UPDATE ledger SET granted = granted - ?, answered = answered - ?",
                (seconds, seconds),
            )


class RedisStore:
    """Budgets in a real Redis server, which reads its own clock (``TIME``): time passes by
    moving every stored time back."""

    def __init__(self, url: str) -> None:
        import redis

        self.url = url
        self.clock = Clock()  # what the callers pass as `now`: the store ignores it
        self.redis = redis.Redis.from_url(url)

    def budget(self, limit: tuple[int, float] | None = (3, 1.0), key: str = "app") -> Any:
        return open_budget(self.url, key, limit)

    def advance(self, seconds: float) -> None:
        self.shift(seconds)

    def shift(self, seconds: float) -> None:
        for key in self.redis.scan_iter("hubspot-associations:*"):
            if self.redis.type(key) == b"zset":
                moved = {m: t - seconds for m, t in self.redis.zrange(key, 0, -1, withscores=True)}
                if moved:
                    self.redis.zadd(key, moved)
            else:
                for field in (b"paused", b"daily"):
                    value = self.redis.hget(key, field)
                    if value is not None:
                        self.redis.hset(key, field, repr(float(value) - seconds))


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "sqlite":
        return SQLiteStore(tmp_path)
    return RedisStore(request.getfixturevalue("redis_url"))


def grant(budget: Any, clock: Clock) -> None:
    wait, ticket = budget.reserve(clock.now)
    assert ticket is not None, wait
    budget.release(ticket, clock.now)


# Redis's clock runs on between two calls of a test (on a loaded machine, tenths of a
# second): its waits are that much shorter.
def about(seconds: float) -> Any:
    return pytest.approx(seconds, abs=0.5)


def test_two_processes_share_one_rolling_window(store: Any) -> None:
    first, second, clock = store.budget(), store.budget(), store.clock
    grant(first, clock)
    grant(second, clock)
    grant(first, clock)
    assert second.reserve(clock.now) == (about(1.0 * _MARGIN), None)
    store.advance(1.0 * _MARGIN + 0.001)
    grant(second, clock)


def test_a_request_in_flight_in_another_process_counts(store: Any) -> None:
    first, second, clock = store.budget((1, 1.0)), store.budget((1, 1.0)), store.clock
    ticket = first.reserve(clock.now)[1]
    assert ticket is not None
    store.advance(5.0)  # still unanswered: it counts until a window after its answer
    assert second.reserve(clock.now)[1] is None
    first.release(ticket, clock.now)
    store.advance(1.0 * _MARGIN + 0.001)
    grant(second, clock)


def test_a_request_in_flight_too_long_stops_counting(store: Any) -> None:
    first, second, clock = store.budget((1, 1.0)), store.budget((1, 1.0)), store.clock
    assert first.reserve(clock.now)[1] is not None  # its process dies: never answered
    store.advance(599.0)
    assert second.reserve(clock.now)[1] is None
    store.advance(2.0)
    grant(second, clock)


def test_a_429_pause_holds_every_process(store: Any) -> None:
    first, second, clock = store.budget(None), store.budget(None), store.clock
    first.pause(10.0, clock.now)
    assert second.reserve(clock.now) == (about(10.0), None)
    store.advance(10.0)
    grant(second, clock)


@pytest.mark.parametrize(
    "how", ["daily 429", "Daily-Remaining 0"], ids=["daily-429", "daily-remaining"]
)
def test_the_daily_stop_is_shared(store: Any, how: str) -> None:
    first, second, clock = store.budget(), store.budget(), store.clock
    if how == "daily 429":
        first.stop_daily(clock.now)
    else:
        first.observe({"x-hubspot-ratelimit-daily-remaining": "0"}, clock.now)
    with pytest.raises(errors.DailyLimitError):
        second.reserve(clock.now)
    store.advance(3600.0)
    grant(second, clock)


def test_a_stricter_announced_window_is_shared(store: Any) -> None:
    first, second = store.budget((100, 10.0)), store.budget((100, 10.0))
    clock = store.clock
    announced = {
        "x-hubspot-ratelimit-max": "2",
        "x-hubspot-ratelimit-interval-milliseconds": "1000",
        "x-hubspot-ratelimit-remaining": "1",
    }
    first.observe(announced, clock.now)
    grant(first, clock)
    grant(first, clock)
    assert second.reserve(clock.now)[1] is None
    # HubSpot's window no longer stricter (a plan upgrade): the budget goes back to its own.
    first.observe({**announced, "x-hubspot-ratelimit-max": "500"}, clock.now)
    grant(second, clock)


def test_remaining_zero_pauses_every_process(store: Any) -> None:
    first, second, clock = store.budget(None), store.budget(None), store.clock
    first.observe(
        {
            "x-hubspot-ratelimit-max": "100",
            "x-hubspot-ratelimit-interval-milliseconds": "10000",
            "x-hubspot-ratelimit-remaining": "0",
        },
        clock.now,
    )
    assert second.reserve(clock.now) == (about(1.0), None)


def test_budgets_with_other_keys_are_independent(store: Any) -> None:
    mine, theirs = store.budget((1, 10.0), key="mine"), store.budget((1, 10.0), key="theirs")
    grant(mine, store.clock)
    grant(theirs, store.clock)
    assert store.budget((1, 10.0), key="mine").reserve(store.clock.now)[1] is None


def test_the_token_never_reaches_the_file(tmp_path: Path) -> None:
    path = tmp_path / "budget.db"
    with Associations(
        access_token=TOKEN, base_url="http://127.0.0.1:9", rate_limit_store=f"sqlite:///{path}"
    ) as client:
        budget = client._engine.budget
        assert isinstance(budget, SharedBudget)
        assert budget.key == default_key(TOKEN)
        assert "rate_limit=(100, 10.0)," in repr(client)
        budget.pause(1.0, 0.0)
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert TOKEN.encode() not in stored
    assert default_key(TOKEN).encode() in stored


def test_a_relative_path_has_three_slashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    open_budget("sqlite:///relative.db", "k", None)
    assert (tmp_path / "relative.db").exists()


@pytest.mark.parametrize("client_cls", [Associations, AsyncAssociations])
def test_store_from_the_environment_and_with_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, client_cls: Any
) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("HUBSPOT_RATE_LIMIT_STORE", url)
    client = client_cls(access_token=TOKEN, base_url="http://127.0.0.1:9")
    budget = client._engine.budget
    shared = AsyncSharedBudget if client_cls is AsyncAssociations else SharedBudget
    assert isinstance(budget, shared) and budget.url == url
    assert client.with_options(timeout=5.0)._engine.budget is budget
    other = client.with_options(rate_limit_key="other-app")._engine.budget
    assert isinstance(other, shared) and other.key == "other-app"
    assert other.limit == budget.limit
    local = client.with_options(rate_limit_store=None)
    monkeypatch.delenv("HUBSPOT_RATE_LIMIT_STORE")
    assert isinstance(client.with_options(rate_limit_store=None)._engine.budget, LocalBudget)
    assert local is not None


@pytest.mark.parametrize(
    ("url", "shown", "hidden"),
    [
        ("sqlite:////nonexistent-dir/sub/budget.db", "nonexistent-dir", None),
        ("redis://user:s3cret@127.0.0.1:6379/0", "user:***@127.0.0.1", "s3cret"),
        ("postgres://db/budget", "postgres://db/budget", None),
        ("sqlite:///", "sqlite:///", None),
    ],
)
def test_a_store_that_cannot_be_used_is_named_in_a_clear_error(
    url: str, shown: str, hidden: str | None
) -> None:
    with pytest.raises(ValueError, match="rate_limit_store") as raised:
        Associations(access_token=TOKEN, base_url="http://127.0.0.1:9", rate_limit_store=url)
    assert shown in str(raised.value)
    if hidden:
        assert hidden not in str(raised.value)


def test_redacted_keeps_urls_without_a_password() -> None:
    assert redacted("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


WORKER = textwrap.dedent(
    """
    import asyncio, sys
    from hubspot_associations import Associations, AsyncAssociations

    url, store, kind = sys.argv[1], sys.argv[2], sys.argv[3]
    first, count = int(sys.argv[4]), int(sys.argv[5])
    pairs = [(contact, 1) for contact in range(first, first + count)]
    options = dict(
        access_token="pat-na1-workers", base_url=url, rate_limit=(20, 1.0),
        rate_limit_store=store,
    )
    if kind == "sync":
        with Associations(**options) as client:
            report = client.batch.associate_default("contacts", "companies", pairs, chunk_size=25)
    else:
        async def main():
            async with AsyncAssociations(**options) as client:
                return await client.batch.associate_default(
                    "contacts", "companies", pairs, chunk_size=25
                )
        report = asyncio.run(main())
    print(len(report.failed))
    """
)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_worker_processes_sharing_a_store_stay_inside_the_window(store: Any, kind: str) -> None:
    # Measured before: 4 processes each at (20, 1.0) on one app's 20/s got 27% answered 429.
    # 4 workers of 250 pairs in chunks of 25: 40 requests at 20 per second, about 2 s.
    workers, per_worker = 4, 250
    with FakeHubSpot(rate_limit=(20, 1.0), record_requests=False) as hs:
        hs.add_records("contacts", range(1, workers * per_worker + 1))
        hs.add_records("companies", [1])
        started = time.monotonic()
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER,
                    hs.url,
                    store.url,
                    kind,
                    str(1 + n * per_worker),
                    str(per_worker),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(workers)
        ]
        outputs = [p.communicate(timeout=60)[0].strip() for p in processes]
        took = time.monotonic() - started
        stored = len(hs.associations("companies", 1, "contacts"))
        refused = hs.rate_limited_count
    assert outputs == ["0"] * workers
    assert stored == workers * per_worker  # nothing lost
    requests = workers * per_worker // 25
    assert refused <= requests * 0.01, f"{refused} of {requests} answered 429"
    assert took < 60


def test_a_store_failing_mid_run_falls_back_to_local_pacing_and_comes_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlite3

    from scripted_server import ScriptedServer
    from test_retries import FakeTime

    path = tmp_path / "budget.db"
    time_ = FakeTime()
    with ScriptedServer() as server:
        for _ in range(6):
            server.reply(204)
        with Associations(
            access_token=TOKEN,
            base_url=server.url,
            rate_limit=(2, 1.0),
            rate_limit_store=f"sqlite:///{path}",
            clock=time_.clock,
            sleep=time_.sleep,
        ) as client:
            budget = client._engine.budget
            assert isinstance(budget, SharedBudget)
            client.remove("contacts", 1, "companies", 2)
            ledger: Any = budget.ledger
            working = ledger._db
            broken = sqlite3.connect(":memory:")
            broken.close()
            ledger._db = broken  # the file is gone from under us: every statement fails
            with caplog.at_level("WARNING", logger="hubspot_associations"):
                for _ in range(4):  # nothing lost, nothing hangs: paced in this process
                    client.remove("contacts", 1, "companies", 2)
                ledger._db = working
                client.remove("contacts", 1, "companies", 2)
        assert len(server.received) == 6
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 2, warnings
    assert "pacing in this process alone" in warnings[0] and str(path) in warnings[0]
    assert "shared again" in warnings[1]
    assert TOKEN not in " ".join(warnings)
    # The local fallback still paced: 4 requests at 2 per second took a wait.
    assert time_.sleeps


class FlakyLedger:
    """A store that fails while ``down``; it counts every call it gets."""

    errors = (OSError,)

    def __init__(self) -> None:
        self.down = False
        self.calls = 0
        self.entries = 0
        self.released: list[object] = []

    def _ask(self) -> None:
        self.calls += 1
        if self.down:
            raise OSError("connection refused")

    def reserve(self) -> tuple[float, object | None]:
        self._ask()
        self.entries += 1
        return 0.0, self.entries

    def release(self, entry: object) -> None:
        self._ask()
        self.released.append(entry)

    def pause(self, seconds: float) -> None:
        self._ask()

    def stop_daily(self, seconds: float) -> None:
        self._ask()

    def announce(self, limit: tuple[int, float] | None) -> None:
        self._ask()


def test_a_lost_store_is_asked_again_at_most_once_a_second(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    ledger = FlakyLedger()
    budget = SharedBudget(ledger, "redis://h/0", "k", None, retry_every=1.0, clock=clock)
    granted = budget.reserve(clock.now)[1]
    assert granted is not None
    ledger.down = True
    with caplog.at_level("WARNING", logger="hubspot_associations"):
        budget.release(granted, clock.now)  # fails: kept, given back when the store returns
        for _ in range(50):  # many calls while it is down: local pacing, no store call
            grant(budget, clock)
        assert ledger.calls == 2
        clock.now += 1.0
        grant(budget, clock)  # one try a second: still down
        assert ledger.calls == 3
        ledger.down = False
        clock.now += 1.0
        grant(budget, clock)  # back: the request answered while it was down is given back
    assert ledger.released[0] == granted.key
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 2 and "shared again" in warnings[1], warnings


@both_clients
def test_a_clients_429_pause_and_daily_stop_reach_every_process(
    store: Any, kind: str, server: Any
) -> None:
    from test_retries import rate_limit_body

    time_ = FakeTime()
    server.reply(429, rate_limit_body("TEN_SECONDLY_ROLLING"), {"retry-after": "4"})
    server.reply(204)
    server.reply(429, rate_limit_body("DAILY"))
    other_process = open_budget(store.url, default_key(TOKEN), None)
    seen = []

    def sleep(seconds: float) -> None:
        seen.append(other_process.reserve(0.0))  # what another process sees meanwhile
        time_.sleep(seconds)
        store.shift(seconds)  # the store's clock is real: its stored times move instead

    options = {"max_retries": 1, "clock": time_.clock, "sleep": sleep}
    with client_of(kind, server.url, rate_limit_store=store.url, **options) as client:
        client.remove("contacts", 1, "companies", 2)  # a 429: paused 4 s, then retried
        assert time_.sleeps == [4.0]
        assert seen == [(about(4.0), None)]
        for _ in range(2):  # the second raises without sending
            with pytest.raises(errors.DailyLimitError):
                client.remove("contacts", 1, "companies", 2)
        with pytest.raises(errors.DailyLimitError):
            other_process.reserve(0.0)
    assert len(server.received) == 3


def test_a_slow_call_failing_after_the_store_came_back_warns_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Threads share a store: one is slow on a connection that breaks, while the others see
    # the store lost and back. Its failure is old news: no third WARNING, no new outage.
    clock = Clock()
    ledger = FlakyLedger()
    budget = SharedBudget(ledger, "redis://h/0", "k", None, retry_every=1.0, clock=clock)
    slow_reserve = ledger.reserve

    def meanwhile() -> tuple[float, object | None]:
        ledger.reserve = slow_reserve  # type: ignore[method-assign]
        ledger.down = True
        budget.release(Ticket("other"), clock.now)  # another thread's answer: the store lost
        clock.now += 1.0
        ledger.down = False
        budget.release(Ticket("other"), clock.now)  # and back (both releases reach it)
        raise OSError("connection reset")  # the slow call's own connection broke meanwhile

    ledger.reserve = meanwhile  # type: ignore[method-assign]
    with caplog.at_level("WARNING", logger="hubspot_associations"):
        grant(budget, clock)  # the slow call: paced locally once it fails
        grant(budget, clock)
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 2 and "shared again" in warnings[1], warnings
    assert not budget._health.failing and ledger.released.count("other") == 2
    assert ledger.calls == 5  # two releases, the one given back, the second grant and its release


def test_tasks_woken_together_ask_the_store_one_at_a_time() -> None:
    """When a window frees, every waiting task of a process wakes at once: they queue for the
    store rather than all asking it together (measured: a quarter of the store calls, and
    100 async tasks keep to the rate's bound with Redis)."""
    import asyncio

    class SlowLedger:
        errors = (OSError,)

        def __init__(self) -> None:
            self.asking = 0
            self.most = 0
            self.calls = 0

        async def reserve(self) -> tuple[float, object | None]:
            self.calls += 1
            self.asking += 1
            self.most = max(self.most, self.asking)
            for _ in range(3):  # a round trip: other tasks run meanwhile
                await asyncio.sleep(0)
            self.asking -= 1
            return (0.0, self.calls) if self.calls <= 2 else (0.5, None)

    ledger = SlowLedger()
    budget = AsyncSharedBudget(ledger, "redis://h/0", "k", (2, 1.0), retry_every=1.0)  # type: ignore[arg-type]

    async def main() -> list[tuple[float, object]]:
        return await asyncio.gather(*(budget.reserve(0.0) for _ in range(6)))

    answers = asyncio.run(main())
    assert ledger.calls == 6 and ledger.most == 1
    assert sum(ticket is not None for _, ticket in answers) == 2
