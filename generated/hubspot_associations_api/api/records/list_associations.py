from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ...types import UNSET, Response, Unset

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...models.api_version import ApiVersion
    from ...models.associated_object_page import AssociatedObjectPage
    from ...models.error import Error


def _get_kwargs(
    api_version: ApiVersion,
    object_type: str,
    object_id: str,
    to_object_type: str,
    *,
    after: str | Unset = UNSET,
    limit: int | Unset = 500,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/crm/objects/{api_version}/{object_type}/{object_id}/associations/{to_object_type}".format(
            api_version=quote(str(api_version), safe=""),
            object_type=quote(str(object_type), safe=""),
            object_id=quote(str(object_id), safe=""),
            to_object_type=quote(str(to_object_type), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AssociatedObjectPage | Error:

    from ...models.associated_object_page import AssociatedObjectPage
    from ...models.error import Error

    if response.status_code == 200:
        response_200 = AssociatedObjectPage.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AssociatedObjectPage | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    api_version: ApiVersion,
    object_type: str,
    object_id: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 500,
) -> Response[AssociatedObjectPage | Error]:
    """One page of a record's associations with records of another type.

    Args:
        api_version (ApiVersion):
        object_type (str):
        object_id (str):
        to_object_type (str):
        after (str | Unset):
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssociatedObjectPage | Error]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        after=after,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    api_version: ApiVersion,
    object_type: str,
    object_id: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 500,
) -> AssociatedObjectPage | Error | None:
    """One page of a record's associations with records of another type.

    Args:
        api_version (ApiVersion):
        object_type (str):
        object_id (str):
        to_object_type (str):
        after (str | Unset):
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssociatedObjectPage | Error
    """

    return sync_detailed(
        api_version=api_version,
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        client=client,
        after=after,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    api_version: ApiVersion,
    object_type: str,
    object_id: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 500,
) -> Response[AssociatedObjectPage | Error]:
    """One page of a record's associations with records of another type.

    Args:
        api_version (ApiVersion):
        object_type (str):
        object_id (str):
        to_object_type (str):
        after (str | Unset):
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssociatedObjectPage | Error]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        after=after,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    api_version: ApiVersion,
    object_type: str,
    object_id: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 500,
) -> AssociatedObjectPage | Error | None:
    """One page of a record's associations with records of another type.

    Args:
        api_version (ApiVersion):
        object_type (str):
        object_id (str):
        to_object_type (str):
        after (str | Unset):
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssociatedObjectPage | Error
    """

    return (
        await asyncio_detailed(
            api_version=api_version,
            object_type=object_type,
            object_id=object_id,
            to_object_type=to_object_type,
            client=client,
            after=after,
            limit=limit,
        )
    ).parsed
