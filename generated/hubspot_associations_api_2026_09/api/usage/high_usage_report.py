from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ...types import Response

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...models.api_version import ApiVersion
    from ...models.error import Error
    from ...models.report_creation_response import ReportCreationResponse


def _get_kwargs(
    api_version: ApiVersion,
    user_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/crm/associations/{api_version}/usage/high-usage-report/{user_id}".format(
            api_version=quote(str(api_version), safe=""),
            user_id=quote(str(user_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ReportCreationResponse:

    from ...models.error import Error
    from ...models.report_creation_response import ReportCreationResponse

    if response.status_code == 200:
        response_200 = ReportCreationResponse.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ReportCreationResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    api_version: ApiVersion,
    user_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ReportCreationResponse]:
    """Ask for a report of records close to their association limits, sent to a user.

    Args:
        api_version (ApiVersion):
        user_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReportCreationResponse]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        user_id=user_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    api_version: ApiVersion,
    user_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ReportCreationResponse | None:
    """Ask for a report of records close to their association limits, sent to a user.

    Args:
        api_version (ApiVersion):
        user_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReportCreationResponse
    """

    return sync_detailed(
        api_version=api_version,
        user_id=user_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    api_version: ApiVersion,
    user_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ReportCreationResponse]:
    """Ask for a report of records close to their association limits, sent to a user.

    Args:
        api_version (ApiVersion):
        user_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReportCreationResponse]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        user_id=user_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    api_version: ApiVersion,
    user_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ReportCreationResponse | None:
    """Ask for a report of records close to their association limits, sent to a user.

    Args:
        api_version (ApiVersion):
        user_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReportCreationResponse
    """

    return (
        await asyncio_detailed(
            api_version=api_version,
            user_id=user_id,
            client=client,
        )
    ).parsed
