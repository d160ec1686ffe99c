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
    from ...models.limit_config_list import LimitConfigList


def _get_kwargs(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/crm/associations/{api_version}/definitions/configurations/{from_object_type}/{to_object_type}".format(
            api_version=quote(str(api_version), safe=""),
            from_object_type=quote(str(from_object_type), safe=""),
            to_object_type=quote(str(to_object_type), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | LimitConfigList:

    from ...models.error import Error
    from ...models.limit_config_list import LimitConfigList

    if response.status_code == 200:
        response_200 = LimitConfigList.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | LimitConfigList]:
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
) -> Response[Error | LimitConfigList]:
    """The association limits from one object type to another.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LimitConfigList]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        from_object_type=from_object_type,
        to_object_type=to_object_type,
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
) -> Error | LimitConfigList | None:
    """The association limits from one object type to another.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LimitConfigList
    """

    return sync_detailed(
        api_version=api_version,
        from_object_type=from_object_type,
        to_object_type=to_object_type,
        client=client,
    ).parsed


async def asyncio_detailed(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | LimitConfigList]:
    """The association limits from one object type to another.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LimitConfigList]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        from_object_type=from_object_type,
        to_object_type=to_object_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | LimitConfigList | None:
    """The association limits from one object type to another.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LimitConfigList
    """

    return (
        await asyncio_detailed(
            api_version=api_version,
            from_object_type=from_object_type,
            to_object_type=to_object_type,
            client=client,
        )
    ).parsed
