"""FakeHubSpot: the public face of the fake server."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import TypeVar

from ._api import Api
from ._budget import ServerBudget
from ._faults import Fault, FaultQueue, Matcher, check_kind
from ._inputs import parse_id
from ._object_types import ObjectTypes
from ._recorded import RecordedRequest
from ._server import App, Server
from ._store import Store
from ._versions import dialect

_Fake = TypeVar("_Fake", bound="FakeHubSpot")
_POLL_INTERVAL = 0.02  # how quickly stop() returns


class FakeHubSpot:
    """A stateful, in-memory HubSpot Associations API served over HTTP on loopback.

    Point any client at :attr:`url`: it answers the 19 association operations of the API version
    with HubSpot's shapes, status codes and error bodies, keeps the records and associations it is
    told about, and can rate-limit, refuse bad tokens and break on purpose (:meth:`inject`).

    Example::

        with FakeHubSpot() as hs:
            hs.add_records("contacts", [1, 2])
            hs.add_records("companies", [10])
            httpx.put(
                f"{hs.url}/crm/objects/2026-03/contacts/1/associations/default/companies/10",
                headers={"Authorization": "Bearer test"},
            )
            assert hs.associations("contacts", 1, "companies") == [("10", [279])]

    Args:
        rate_limit: ``(requests, seconds)`` for a rolling window (HubSpot's ten-secondly limit is
            ``(100, 10)`` or ``(190, 10)``); None for no limit.
        daily_limit: requests per day (days are counted on ``clock``); None for no limit.
        access_token: when set, every other bearer token answers 401. When None any bearer token
            is accepted; a request without one still answers 401.
        clock: seconds, monotonic; the rate limiter's only notion of time (inject one in tests).
        api_version: the HubSpot API version to serve, ``"2026-03"`` (default) or
            ``"2026-09"``: the version segment paths must carry, and that version's statuses
            and bodies. Default: the ``HUBSPOT_API_VERSION`` environment variable (which the
            SDK reads too, so a client and a fake made in the same test agree), else
            ``"2026-03"``. Another value raises ValueError.
        host: interface to listen on.
        port: TCP port; 0 picks a free one.
        record_requests: keep every request in :attr:`requests` (turn off for long benchmarks).
    """

    def __init__(
        self,
        *,
        rate_limit: tuple[int, float] | None = None,
        daily_limit: int | None = None,
        access_token: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        api_version: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        record_requests: bool = True,
    ) -> None:
        self._store = Store()
        self._types = ObjectTypes()
        self._api = Api(self._store, self._types, dialect(api_version))
        self._limiter = ServerBudget(rate_limit, daily_limit, clock)
        self._faults = FaultQueue()
        self._app = App(self._api, self._limiter, self._faults, access_token, record_requests)
        self._host = host
        self._port = port
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._lifecycle = threading.Lock()

    # lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Start serving on a background thread. Raises RuntimeError if already running."""
        with self._lifecycle:
            if self._server is not None:
                raise RuntimeError("FakeHubSpot is already running")
            server = Server((self._host, self._port), self._app)
            self._port = server.server_address[1]  # keep the port across stop()/start()
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": _POLL_INTERVAL},
                name=f"FakeHubSpot:{self._port}",
                daemon=True,
            )
            self._server, self._thread = server, thread
            self._api.base_url = self.url
            thread.start()

    def stop(self) -> None:
        """Stop serving and close open connections. Idempotent; the state is kept."""
        with self._lifecycle:
            server, thread = self._server, self._thread
            self._server = self._thread = None
            if server is None:
                return
            server.shutdown()
            server.server_close()
            server.close_connections()
            if thread is not None:
                thread.join()

    def __enter__(self: _Fake) -> _Fake:
        """Start the server; ``with FakeHubSpot() as hs:`` stops it on the way out."""
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._server is not None

    @property
    def port(self) -> int:
        """The TCP port (the real one once started with ``port=0``)."""
        return self._port

    @property
    def api_version(self) -> str:
        """The HubSpot API version this fake serves (``/crm/.../{api_version}/...`` paths)."""
        return self._api.version

    @property
    def url(self) -> str:
        """Base URL to give a client, e.g. ``http://127.0.0.1:54321`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("FakeHubSpot is not running: call start() or use it in a with")
        return f"http://{self._host}:{self._port}"

    # account set-up and inspection -------------------------------------------------------------

    def _resolve(self, object_type: str) -> str:
        type_id = self._types.resolve(object_type)
        if type_id is None:
            raise ValueError(f"unknown object type {object_type!r}")
        return type_id

    @staticmethod
    def _record_id(value: int | str) -> int:
        record_id = parse_id(value)
        if record_id is None:
            raise ValueError(f"record ids are non-negative ints or digit strings, got {value!r}")
        return record_id

    def add_records(self, object_type: str, ids: Iterable[int | str]) -> None:
        """Make records exist, e.g. ``hs.add_records("contacts", range(1, 101))``.

        ``object_type`` is a name (``contacts``, ``p_cars``) or an id (``0-1``, ``2-123``).
        """
        type_id = self._resolve(object_type)
        self._store.add_records(type_id, [self._record_id(i) for i in ids])

    def add_object_type(self, name: str, type_id: str) -> None:
        """Register a custom object type, usable in paths by ``name`` or ``type_id`` afterwards.

        Example: ``hs.add_object_type("p_cars", "2-123")``.
        """
        self._types.add(name, type_id)

    def associations(
        self, from_type: str, from_id: int | str, to_type: str
    ) -> list[tuple[str, list[int]]]:
        """The associations of one record: ``[(to_id, sorted type ids)]`` ordered by ``to_id``."""
        a, b = self._resolve(from_type), self._resolve(to_type)
        return [
            (str(to_id), types)
            for to_id, types in self._store.snapshot(a, b, self._record_id(from_id))
        ]

    @property
    def association_count(self) -> int:
        """Associations stored, each direction counted once (one pair counts 2)."""
        return self._store.count()

    # requests and counters ---------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of every request received so far, oldest first."""
        return self._app.recorded()

    @property
    def request_count(self) -> int:
        """Requests received (counted even when ``record_requests`` is off)."""
        return self._app.request_count

    @property
    def rate_limited_count(self) -> int:
        """429 answers served, from the rate limiter or from injected faults."""
        return self._app.rate_limited_count

    def clear_requests(self) -> None:
        """Forget the recorded requests and reset :attr:`request_count`."""
        self._app.forget_requests()

    # tuning ------------------------------------------------------------------------------------

    @property
    def list_page_size(self) -> int:
        """Most results per page of the list operation (500, HubSpot's maximum)."""
        return self._api.list_page_size

    @list_page_size.setter
    def list_page_size(self, value: int) -> None:
        if value < 1:
            raise ValueError("list_page_size must be >= 1")
        self._api.list_page_size = value

    @property
    def batch_read_page_size(self) -> int:
        """Most associations returned per input of a batch read before paging (500)."""
        return self._api.batch_read_page_size

    @batch_read_page_size.setter
    def batch_read_page_size(self, value: int) -> None:
        if value < 1:
            raise ValueError("batch_read_page_size must be >= 1")
        self._api.batch_read_page_size = value

    @property
    def max_read_inputs(self) -> int:
        """Most inputs a batch read accepts (1,000); more answers 400."""
        return self._api.max_read_inputs

    @max_read_inputs.setter
    def max_read_inputs(self, value: int) -> None:
        if value < 1:
            raise ValueError("max_read_inputs must be >= 1")
        self._api.max_read_inputs = value

    # faults ------------------------------------------------------------------------------------

    def inject(
        self,
        kind: str,
        *,
        times: int = 1,
        match: Matcher = None,
        delay: float = 0.0,
    ) -> None:
        """Make the next ``times`` matching requests fail in the way ``kind`` names.

        Kinds (see ``FAULT_KINDS``): ``reset_before`` (connection closed, request not applied),
        ``reset_after`` (applied, then closed without an answer), ``html_502``, ``json_500``,
        ``json_503``, ``status_52x`` such as ``status_521`` (none applied), ``rate_limit`` and
        ``daily_limit`` (HubSpot's 429 bodies, not applied), ``truncated`` (applied, the body is
        cut short), ``delay`` (answered normally after ``delay`` seconds).

        ``match`` limits the fault to requests whose path contains the string, or for which
        ``match(method, path)`` is true. ``delay`` also postpones the other kinds. Faults are
        consumed in the order they were injected; a faulted request is still recorded.

        Example: ``hs.inject("reset_after", match="/batch/create", times=2)``.
        """
        check_kind(kind)
        if times < 1:
            raise ValueError("times must be >= 1")
        if delay < 0:
            raise ValueError("delay must be >= 0")
        self._faults.add(Fault(kind, times, match, delay))

    @property
    def pending_faults(self) -> int:
        """Fault uses still queued."""
        return self._faults.pending()

    def clear_faults(self) -> None:
        """Drop every queued fault."""
        self._faults.clear()

    def __repr__(self) -> str:
        where = self.url if self.running else "stopped"
        return f"<FakeHubSpot {where}>"
