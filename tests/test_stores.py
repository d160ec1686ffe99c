"""A rate budget shared through a store: every process using it paces as one.

The unit tests open one store twice (two connections stand for two processes) on an injected
clock; the end-to-end test runs real worker processes against one FakeHubSpot on loopback.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import TOKEN
from hubspot_associations import Associations, AsyncAssociations, errors
from hubspot_associations._pacing import _MARGIN, LocalBudget
from hubspot_associations._stores import SQLiteBudget, default_key, open_budget, redacted
from hubspot_associations.testing import FakeHubSpot


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def pair(tmp_path: Path, limit: tuple[int, float] | None = (3, 1.0), key: str = "app") -> Any:
    clock = Clock()
    url = f"sqlite:///{tmp_path / 'budget.db'}"
    return clock, SQLiteBudget(url, key, limit, clock), SQLiteBudget(url, key, limit, clock)


def grant(budget: SQLiteBudget, clock: Clock) -> None:
    wait, ticket = budget.reserve(clock.now)
    assert ticket is not None, wait
    budget.release(ticket, clock.now)


def test_two_processes_share_one_rolling_window(tmp_path: Path) -> None:
    clock, first, second = pair(tmp_path)
    grant(first, clock)
    grant(second, clock)
    grant(first, clock)
    assert second.reserve(clock.now) == (pytest.approx(1.0 * _MARGIN), None)
    clock.now += 1.0 * _MARGIN + 0.001
    grant(second, clock)


def test_a_request_in_flight_in_another_process_counts(tmp_path: Path) -> None:
    clock, first, second = pair(tmp_path, limit=(1, 1.0))
    ticket = first.reserve(clock.now)[1]
    assert ticket is not None
    clock.now += 5.0  # still unanswered: it counts until a window after its answer
    assert second.reserve(clock.now)[1] is None
    first.release(ticket, clock.now)
    clock.now += 1.0 * _MARGIN + 0.001
    grant(second, clock)


def test_a_429_pause_holds_every_process(tmp_path: Path) -> None:
    clock, first, second = pair(tmp_path, limit=None)
    first.pause(10.0, clock.now)
    assert second.reserve(clock.now) == (pytest.approx(10.0), None)
    clock.now += 10.0
    grant(second, clock)


@pytest.mark.parametrize(
    "how", ["daily 429", "Daily-Remaining 0"], ids=["daily-429", "daily-remaining"]
)
def test_the_daily_stop_is_shared(tmp_path: Path, how: str) -> None:
    clock, first, second = pair(tmp_path)
    if how == "daily 429":
        first.stop_daily(clock.now)
    else:
        first.observe({"x-hubspot-ratelimit-daily-remaining": "0"}, clock.now)
    with pytest.raises(errors.DailyLimitError):
        second.reserve(clock.now)


def test_a_stricter_announced_window_is_shared(tmp_path: Path) -> None:
    clock, first, second = pair(tmp_path, limit=(100, 10.0))
    announced = {
        "x-hubspot-ratelimit-max": "2",
        "x-hubspot-ratelimit-interval-milliseconds": "1000",
        "x-hubspot-ratelimit-remaining": "1",
    }
    first.observe(announced, clock.now)
    grant(first, clock)
    grant(first, clock)
    assert second.reserve(clock.now)[1] is None


def test_budgets_with_other_keys_are_independent(tmp_path: Path) -> None:
    clock = Clock()
    url = f"sqlite:///{tmp_path / 'budget.db'}"
    mine = SQLiteBudget(url, "mine", (1, 10.0), clock)
    theirs = SQLiteBudget(url, "theirs", (1, 10.0), clock)
    grant(mine, clock)
    grant(theirs, clock)


def test_the_token_never_reaches_the_file(tmp_path: Path) -> None:
    path = tmp_path / "budget.db"
    with Associations(
        access_token=TOKEN, base_url="http://127.0.0.1:9", rate_limit_store=f"sqlite:///{path}"
    ) as client:
        budget = client._engine.budget
        assert isinstance(budget, SQLiteBudget)
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
    assert isinstance(budget, SQLiteBudget) and budget.url == url
    assert client.with_options(timeout=5.0)._engine.budget is budget
    other = client.with_options(rate_limit_key="other-app")._engine.budget
    assert isinstance(other, SQLiteBudget) and other.key == "other-app"
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
    import sys
    from hubspot_associations import Associations

    url, store, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    pairs = [(contact, 1) for contact in range(first, first + count)]
    with Associations(
        access_token="pat-na1-workers", base_url=url, rate_limit=(20, 1.0),
        rate_limit_store=store,
    ) as client:
        report = client.batch.associate_default("contacts", "companies", pairs, chunk_size=25)
    print(len(report.failed))
    """
)


def test_worker_processes_sharing_an_sqlite_store_stay_inside_the_window(tmp_path: Path) -> None:
    # Measured before: 4 processes each at (20, 1.0) on one app's 20/s got 27% answered 429.
    workers, per_worker = (
        4,
        250,
    )  # (the argument below) 10 requests each: 40 at 20 per second, about 2 s
    store = f"sqlite:///{tmp_path / 'budget.db'}"
    with FakeHubSpot(rate_limit=(20, 1.0), record_requests=False) as hs:
        hs.add_records("contacts", range(1, workers * per_worker + 1))
        hs.add_records("companies", [1])
        started = time.monotonic()
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, hs.url, store, str(1 + n * per_worker), "250"],
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
            assert isinstance(budget, SQLiteBudget)
            client.remove("contacts", 1, "companies", 2)
            working = budget._db
            broken = sqlite3.connect(":memory:")
            broken.close()
            budget._db = broken  # the file is gone from under us: every statement fails
            with caplog.at_level("WARNING", logger="hubspot_associations"):
                for _ in range(4):  # nothing lost, nothing hangs: paced in this process
                    client.remove("contacts", 1, "companies", 2)
                budget._db = working
                client.remove("contacts", 1, "companies", 2)
        assert len(server.received) == 6
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 2, warnings
    assert "pacing in this process alone" in warnings[0] and str(path) in warnings[0]
    assert "shared again" in warnings[1]
    assert TOKEN not in " ".join(warnings)
    # The local fallback still paced: 4 requests at 2 per second took a wait.
    assert time_.sleeps
