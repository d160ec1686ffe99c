from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

import httpx

from ...types import Response

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...models.api_version import ApiVersion
    from ...models.error import Error


def _get_kwargs(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    association_type_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/crm/associations/{api_version}/{from_object_type}/{to_object_type}/labels/{association_type_id}".format(
            api_version=quote(str(api_version), safe=""),
            from_object_type=quote(str(from_object_type), safe=""),
            to_object_type=quote(str(to_object_type), safe=""),
            association_type_id=quote(str(association_type_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error:

    from ...models.error import Error

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Error]:
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
    association_type_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Error]:
    """Delete a user-defined association label.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):
        association_type_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        from_object_type=from_object_type,
        to_object_type=to_object_type,
        association_type_id=association_type_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    association_type_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Error | None:
    """Delete a user-defined association label.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):
        association_type_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        api_version=api_version,
        from_object_type=from_object_type,
        to_object_type=to_object_type,
        association_type_id=association_type_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    association_type_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Error]:
    """Delete a user-defined association label.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):
        association_type_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        from_object_type=from_object_type,
        to_object_type=to_object_type,
        association_type_id=association_type_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    api_version: ApiVersion,
    from_object_type: str,
    to_object_type: str,
    association_type_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Error | None:
    """Delete a user-defined association label.

    Args:
        api_version (ApiVersion):
        from_object_type (str):
        to_object_type (str):
        association_type_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            api_version=api_version,
            from_object_type=from_object_type,
            to_object_type=to_object_type,
            association_type_id=association_type_id,
            client=client,
        )
    ).parsed
