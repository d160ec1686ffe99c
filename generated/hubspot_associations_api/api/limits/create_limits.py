from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ...types import Response

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...models.api_version import ApiVersion
    from ...models.batch_input_limit_config import BatchInputLimitConfig
    from ...models.batch_response_limit_config import BatchResponseLimitConfig
    from ...models.error import Error


def _get_kwargs(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    *,
    body: BatchInputLimitConfig,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/crm/associations/{api_version}/definitions/configurations/{from_object_type}/{to_object_type}/batch/create".format(
            api_version=quote(str(api_version), safe=""),
            from_object_type=quote(str(from_object_type), safe=""),
            to_object_type=quote(str(to_object_type), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BatchResponseLimitConfig | Error:
    from ...models.batch_response_limit_config import BatchResponseLimitConfig
    from ...models.error import Error

    if response.status_code == 201:
        response_201 = BatchResponseLimitConfig.from_dict(response.json())

        return response_201

    if response.status_code == 207:
        response_207 = BatchResponseLimitConfig.from_dict(response.json())

        return response_207

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BatchResponseLimitConfig | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient | Client,
    body: BatchInputLimitConfig,
) -> Response[BatchResponseLimitConfig | Error]:
    """Set limits on association types that have none yet.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):
        body (BatchInputLimitConfig):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponseLimitConfig | Error]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        from_object_type=from_object_type,
        to_object_type=to_object_type,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient | Client,
    body: BatchInputLimitConfig,
) -> BatchResponseLimitConfig | Error | None:
    """Set limits on association types that have none yet.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):
        body (BatchInputLimitConfig):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponseLimitConfig | Error
    """

    return sync_detailed(
        api_version=api_version,
        from_object_type=from_object_type,
        to_object_type=to_object_type,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient | Client,
    body: BatchInputLimitConfig,
) -> Response[BatchResponseLimitConfig | Error]:
    """Set limits on association types that have none yet.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):
        body (BatchInputLimitConfig):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponseLimitConfig | Error]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        from_object_type=from_object_type,
        to_object_type=to_object_type,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient | Client,
    body: BatchInputLimitConfig,
) -> BatchResponseLimitConfig | Error | None:
    """Set limits on association types that have none yet.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):
        body (BatchInputLimitConfig):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponseLimitConfig | Error
    """

    return (
        await asyncio_detailed(
            api_version=api_version,
            from_object_type=from_object_type,
            to_object_type=to_object_type,
            client=client,
            body=body,
        )
    ).parsed
