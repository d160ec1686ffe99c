"""The real Redis server the store tests run against (tests/redis_server.py, the fixtures)."""

from __future__ import annotations

import pytest
from redis_server import RedisServer, command


def test_the_fixture_server_answers_over_resp(redis_url: str, redis_server: RedisServer) -> None:
    assert redis_url == f"redis://127.0.0.1:{redis_server.port}/0"
    assert command(redis_server.port, "PING") == "PONG"
    assert redis_server.command("SET", "budget", "1") == "OK"
    assert redis_server.command("GET", "budget") == "1"
    assert redis_server.version.count(".") == 2  # e.g. 7.0.15, from INFO


def test_redis_url_gives_an_empty_database(redis_url: str, redis_server: RedisServer) -> None:
    redis_server.command("SET", "left-over", "x")
    redis_server.flushdb()
    assert redis_server.command("DBSIZE") == 0


def test_kill_then_restart_serves_on_the_same_port() -> None:
    with RedisServer() as server:
        port, url = server.port, server.url
        server.command("SET", "k", "v")
        server.kill()
        assert not server.running()
        with pytest.raises(ConnectionRefusedError):
            command(port, "PING", timeout=1.0)
        server.restart()
        assert (server.port, server.url) == (port, url)
        assert server.command("PING") == "PONG"
        assert server.command("GET", "k") is None  # a new process: nothing persisted


def test_stop_ends_the_process_and_frees_the_port() -> None:
    server = RedisServer()
    server.start()
    process = server.process
    assert process is not None
    server.stop()
    assert process.poll() is not None
    assert not server.running()
    with pytest.raises(ConnectionRefusedError):
        command(server.port, "PING", timeout=1.0)


def test_redis_url_restarts_a_server_a_test_left_killed(
    redis_server: RedisServer, request: pytest.FixtureRequest
) -> None:
    redis_server.kill()
    url = request.getfixturevalue("redis_url")
    assert url == redis_server.url
    assert redis_server.command("PING") == "PONG"
