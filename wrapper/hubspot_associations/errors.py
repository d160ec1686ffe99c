"""The SDK's one error hierarchy.

Every failure a public method raises is a :class:`HubSpotError`::

    HubSpotError
    ├── APIError                    HubSpot (or a proxy in front of it) answered with an error
    │   ├── ValidationError         400
    │   ├── AuthenticationError     401
    │   ├── PermissionDeniedError   403 (``missing_scopes`` lists what the token lacks)
    │   ├── NotFoundError           404
    │   ├── ConflictError           409
    │   ├── RateLimitError          429 (``policy``, ``retry_after``)
    │   │   └── DailyLimitError     429 with the DAILY policy: retrying before midnight is futile
    │   ├── ServerError             5xx, including proxies' 520-527
    │   └── InvalidResponseError    a success status whose body is not what the API promises
    ├── APIConnectionError          the request did not get an answer
    │   └── APITimeoutError         ... because it timed out
    └── LabelNotFoundError          ``labels.find``: no such label between the two object types
                                    (also a ``LookupError``/``KeyError``)

Bad arguments raise :class:`ValueError` naming the argument, before any request is sent.

Example::

    from hubspot_associations import errors

    try:
        client.associate_default("contacts", 1, "companies", 2)
    except errors.NotFoundError as err:
        print(err.status_code, err.message, err.correlation_id)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ._values import FrozenValue, setter

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "ConflictError",
    "DailyLimitError",
    "ErrorDetail",
    "HubSpotError",
    "InvalidResponseError",
    "JournalError",
    "LabelNotFoundError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "ValidationError",
]


class ErrorDetail(FrozenValue):
    """One detail of an error: which field or input went wrong, and why."""

    __slots__ = ("code", "context", "in_", "message", "sub_category")
    message: str
    in_: str | None
    code: str | None
    sub_category: str | None
    context: Mapping[str, list[str]]

    def __init__(
        self,
        message: str,
        in_: str | None = None,
        code: str | None = None,
        sub_category: str | None = None,
        context: Mapping[str, list[str]] | None = None,
    ) -> None:
        setter(self, "message", message)
        setter(self, "in_", in_)
        setter(self, "code", code)
        setter(self, "sub_category", sub_category)
        setter(self, "context", {} if context is None else context)


class HubSpotError(Exception):
    """Base class of every error this SDK raises.

    Every one pickles (and copies) with its attributes, so errors can cross process
    boundaries: ``multiprocessing``, ``concurrent.futures``, task queues.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own pickling calls type(self)(*self.args), which our constructors (a
        # message built from keyword fields) do not accept: rebuild without calling __init__,
        # then restore every attribute as it was.
        return _rebuild, (type(self), self.args), self.__dict__


def _rebuild(cls: type[HubSpotError], args: tuple[Any, ...]) -> HubSpotError:
    """Unpickle an error: the instance with its ``args``, attributes restored by pickle."""
    return cls.__new__(cls, *args)


class APIError(HubSpotError):
    """HubSpot, or a proxy in front of it, answered with an error status.

    Attributes:
        status_code: the HTTP status (also non-standard ones such as 521).
        message: HubSpot's message, or a short description of a non-JSON body.
        category: HubSpot's ``category`` (``VALIDATION_ERROR``, ``OBJECT_NOT_FOUND``, ...);
            for rate limits the ``errorType`` (``RATE_LIMIT``); ``None`` when absent.
        sub_category: HubSpot's ``subCategory``, e.g. ``crm.associations.INVALID_IDENTIFIER``.
        correlation_id: HubSpot's id for this request: quote it to HubSpot support.
        errors: per-field details.
        context: HubSpot's ``context`` map (for instance ``missingScopes``).
        headers: the response headers.
        retry_after: the seconds HubSpot (or a proxy) asked to wait before a retry
            (``Retry-After``, or for a 429 the announced window); set on a retryable answer
            raised because that wait exceeds the retry cap (``RetryPolicy.max_delay``, 30 s).
            ``None`` when no wait was given.
    """

    status_code: int
    message: str
    category: str | None
    sub_category: str | None
    correlation_id: str | None
    errors: list[ErrorDetail]
    context: Mapping[str, list[str]]
    headers: Mapping[str, str]
    retry_after: float | None

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        category: str | None = None,
        sub_category: str | None = None,
        correlation_id: str | None = None,
        errors: list[ErrorDetail] | None = None,
        context: Mapping[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        retry_after: float | None = None,
    ) -> None:
        self.status_code = status_code
        self.retry_after = retry_after
        self.message = message
        self.category = category
        self.sub_category = sub_category
        self.correlation_id = correlation_id
        self.errors = list(errors or [])
        self.context = dict(context or {})
        self.headers = dict(headers or {})
        self.body = body
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [f"HTTP {self.status_code}"]
        if self.category:
            parts.append(self.category)
        # One line whatever HubSpot's message holds (log lines, tracebacks stay readable).
        text = " ".join(parts) + f": {' '.join(self.message.split())}"
        if self.correlation_id:
            text += f" (correlation id {self.correlation_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, category={self.category!r}, "
            f"message={self.message!r}, correlation_id={self.correlation_id!r})"
        )


class ValidationError(APIError):
    """400: HubSpot rejected the request's content."""


class AuthenticationError(APIError):
    """401: the access token is missing, invalid or expired."""


class PermissionDeniedError(APIError):
    """403: the token lacks a scope; ``missing_scopes`` lists them when HubSpot says."""

    # HubSpot's MISSING_SCOPES answers list the scopes under errors[].context.requiredScopes or
    # .requiredGranularScopes; missingScopes is accepted too, at the top level or per detail.
    _SCOPE_KEYS = ("missingScopes", "requiredGranularScopes", "requiredScopes")

    @property
    def missing_scopes(self) -> list[str]:
        """The scopes HubSpot says the token lacks (empty when it did not say)."""
        scopes: list[str] = []
        for context in [self.context, *(detail.context for detail in self.errors)]:
            for key in self._SCOPE_KEYS:
                scopes.extend(s for s in context.get(key, []) if s not in scopes)
        return scopes


class NotFoundError(APIError):
    """404: a record, object type or label does not exist."""


class ConflictError(APIError):
    """409: the request conflicts with the current state."""


class RateLimitError(APIError):
    """429: a rate limit was reached.

    Attributes:
        policy: HubSpot's ``policyName``: ``TEN_SECONDLY_ROLLING``, ``SECONDLY``, ``DAILY``...
        retry_after: seconds to wait, from ``Retry-After`` when HubSpot sent it.
    """

    policy: str | None
    retry_after: float | None

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        policy: str | None = None,
        retry_after: float | None = None,
        **kwargs: Any,
    ) -> None:
        self.policy = policy
        super().__init__(status_code, message, retry_after=retry_after, **kwargs)


class DailyLimitError(RateLimitError):
    """429 with the DAILY policy: the account's daily quota is spent until midnight."""


class ServerError(APIError):
    """5xx: HubSpot or a proxy failed (retried automatically before this is raised)."""


class InvalidResponseError(APIError):
    """A success status came with a body that is not what the API promises."""


class APIConnectionError(HubSpotError):
    """The request got no answer: connection refused, reset, or a broken response."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class LabelNotFoundError(HubSpotError, KeyError):
    """``labels.find``: no association label of that name between the two object types.

    A :class:`LookupError` (and a :class:`KeyError`, as ``labels.find`` raised before).

    Attributes:
        label: the label asked for.
        from_type, to_type: the object types it was looked up between.
        available: the labels that do exist there (compare case-insensitively).
    """

    _SHOWN = 20  # labels named in the message; ``available`` has them all

    label: str
    from_type: str
    to_type: str
    available: tuple[str, ...]

    def __init__(self, label: str, from_type: str, to_type: str, available: Iterable[str]) -> None:
        self.label = label
        self.from_type = from_type
        self.to_type = to_type
        self.available = tuple(available)
        super().__init__(str(self))

    def __str__(self) -> str:
        # KeyError's own __str__ would show the message as a repr, in quotes.
        where = f"from {self.from_type} to {self.to_type}"
        if not self.available:
            return f"no association label {self.label!r} {where}: there are no labels there"
        shown = ", ".join(repr(label) for label in self.available[: self._SHOWN])
        more = len(self.available) - self._SHOWN
        if more > 0:
            shown += f" and {more} more"
        return f"no association label {self.label!r} {where}; labels there: {shown}"


class JournalError(HubSpotError):
    """A batch job's journal cannot be used: another job's, corrupt, locked by a running job,
    or not writable. Raised before anything is sent (or, when the disk fails mid-job, at once,
    with every outcome confirmed so far kept in the file).

    Attributes:
        path: the journal file.
        reason: what is wrong with it.
    """

    path: str
    reason: str

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"journal {self.path}: {self.reason}"
