from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ...types import Response

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...models.api_version import ApiVersion
    from ...models.association_spec import AssociationSpec
    from ...models.error import Error
    from ...models.labels_between_object_pair import LabelsBetweenObjectPair


def _get_kwargs(
    api_version: ApiVersion,
    object_type: str,
    object_id: str,
    to_object_type: str,
    to_object_id: str,
    *,
    body: list[AssociationSpec],
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/crm/objects/{api_version}/{object_type}/{object_id}/associations/{to_object_type}/{to_object_id}".format(
            api_version=quote(str(api_version), safe=""),
            object_type=quote(str(object_type), safe=""),
            object_id=quote(str(object_id), safe=""),
            to_object_type=quote(str(to_object_type), safe=""),
            to_object_id=quote(str(to_object_id), safe=""),
        ),
    }

    _kwargs["json"] = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _kwargs["json"].append(body_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | LabelsBetweenObjectPair:
    from ...models.error import Error
    from ...models.labels_between_object_pair import LabelsBetweenObjectPair

    if response.status_code == 201:
        response_201 = LabelsBetweenObjectPair.from_dict(response.json())

        return response_201

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | LabelsBetweenObjectPair]:
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
    to_object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[AssociationSpec],
) -> Response[Error | LabelsBetweenObjectPair]:
    """Associate two records with the given association types (labels).

    Args:
        api_version (ApiVersion):
        object_type (str):
        object_id (str):
        to_object_type (str):
        to_object_id (str):
        body (list[AssociationSpec]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LabelsBetweenObjectPair]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        to_object_id=to_object_id,
        body=body,
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
    to_object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[AssociationSpec],
) -> Error | LabelsBetweenObjectPair | None:
    """Associate two records with the given association types (labels).

    Args:
        api_version (ApiVersion):
        object_type (str):
        object_id (str):
        to_object_type (str):
        to_object_id (str):
        body (list[AssociationSpec]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LabelsBetweenObjectPair
    """

    return sync_detailed(
        api_version=api_version,
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        to_object_id=to_object_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    api_version: ApiVersion,
    object_type: str,
    object_id: str,
    to_object_type: str,
    to_object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[AssociationSpec],
) -> Response[Error | LabelsBetweenObjectPair]:
    """Associate two records with the given association types (labels).

    Args:
        api_version (ApiVersion):
        object_type (str):
        object_id (str):
        to_object_type (str):
        to_object_id (str):
        body (list[AssociationSpec]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LabelsBetweenObjectPair]
    """

    kwargs = _get_kwargs(
        api_version=api_version,
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        to_object_id=to_object_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    api_version: ApiVersion,
    object_type: str,
    object_id: str,
    to_object_type: str,
    to_object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[AssociationSpec],
) -> Error | LabelsBetweenObjectPair | None:
    """Associate two records with the given association types (labels).

    Args:
        api_version (ApiVersion):
        object_type (str):
        object_id (str):
        to_object_type (str):
        to_object_id (str):
        body (list[AssociationSpec]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LabelsBetweenObjectPair
    """

    return (
        await asyncio_detailed(
            api_version=api_version,
            object_type=object_type,
            object_id=object_id,
            to_object_type=to_object_type,
            to_object_id=to_object_id,
            client=client,
            body=body,
        )
    ).parsed
