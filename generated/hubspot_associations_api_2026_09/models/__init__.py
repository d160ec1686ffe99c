"""Contains all the data models used in inputs/outputs.

Models are loaded on first use (PEP 562): importing one operation loads only the models it needs.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api_version import ApiVersion
    from .archive_input import ArchiveInput
    from .associated_object import AssociatedObject
    from .associated_object_page import AssociatedObjectPage
    from .association_category import AssociationCategory
    from .association_label import AssociationLabel
    from .association_spec import AssociationSpec
    from .association_spec_result import AssociationSpecResult
    from .association_type_list import AssociationTypeList
    from .association_type_with_label import AssociationTypeWithLabel
    from .associations_of_record import AssociationsOfRecord
    from .batch_input_archive import BatchInputArchive
    from .batch_input_default_association import BatchInputDefaultAssociation
    from .batch_input_labeled_association import BatchInputLabeledAssociation
    from .batch_input_limit_config import BatchInputLimitConfig
    from .batch_input_limit_key import BatchInputLimitKey
    from .batch_input_read_associations import BatchInputReadAssociations
    from .batch_response import BatchResponse
    from .batch_response_associations_of_records import (
        BatchResponseAssociationsOfRecords,
    )
    from .batch_response_associations_of_records_links import (
        BatchResponseAssociationsOfRecordsLinks,
    )
    from .batch_response_default_association import BatchResponseDefaultAssociation
    from .batch_response_default_association_links import (
        BatchResponseDefaultAssociationLinks,
    )
    from .batch_response_labels_between_object_pair import (
        BatchResponseLabelsBetweenObjectPair,
    )
    from .batch_response_labels_between_object_pair_links import (
        BatchResponseLabelsBetweenObjectPairLinks,
    )
    from .batch_response_limit_config import BatchResponseLimitConfig
    from .batch_response_limit_config_links import BatchResponseLimitConfigLinks
    from .batch_response_links import BatchResponseLinks
    from .batch_response_results_item import BatchResponseResultsItem
    from .batch_response_void import BatchResponseVoid
    from .batch_response_void_links import BatchResponseVoidLinks
    from .default_association import DefaultAssociation
    from .default_association_input import DefaultAssociationInput
    from .epoch_date_time import EpochDateTime
    from .error import Error
    from .error_context import ErrorContext
    from .error_detail import ErrorDetail
    from .error_detail_context import ErrorDetailContext
    from .error_links import ErrorLinks
    from .label_create_request import LabelCreateRequest
    from .label_update_request import LabelUpdateRequest
    from .labeled_association_input import LabeledAssociationInput
    from .labels_between_object_pair import LabelsBetweenObjectPair
    from .limit_config import LimitConfig
    from .limit_config_input import LimitConfigInput
    from .limit_config_list import LimitConfigList
    from .limit_key import LimitKey
    from .next_page import NextPage
    from .object_ref import ObjectRef
    from .object_ref_input import ObjectRefInput
    from .paging import Paging
    from .read_associations_input import ReadAssociationsInput
    from .report_creation_response import ReportCreationResponse
    from .standard_error import StandardError
    from .standard_error_context import StandardErrorContext
    from .standard_error_links import StandardErrorLinks

_MODULE_OF = {
    "ApiVersion": ".api_version",
    "ArchiveInput": ".archive_input",
    "AssociatedObject": ".associated_object",
    "AssociatedObjectPage": ".associated_object_page",
    "AssociationCategory": ".association_category",
    "AssociationLabel": ".association_label",
    "AssociationSpec": ".association_spec",
    "AssociationSpecResult": ".association_spec_result",
    "AssociationTypeList": ".association_type_list",
    "AssociationTypeWithLabel": ".association_type_with_label",
    "AssociationsOfRecord": ".associations_of_record",
    "BatchInputArchive": ".batch_input_archive",
    "BatchInputDefaultAssociation": ".batch_input_default_association",
    "BatchInputLabeledAssociation": ".batch_input_labeled_association",
    "BatchInputLimitConfig": ".batch_input_limit_config",
    "BatchInputLimitKey": ".batch_input_limit_key",
    "BatchInputReadAssociations": ".batch_input_read_associations",
    "BatchResponse": ".batch_response",
    "BatchResponseAssociationsOfRecords": ".batch_response_associations_of_records",
    "BatchResponseAssociationsOfRecordsLinks": ".batch_response_associations_of_records_links",
    "BatchResponseDefaultAssociation": ".batch_response_default_association",
    "BatchResponseDefaultAssociationLinks": ".batch_response_default_association_links",
    "BatchResponseLabelsBetweenObjectPair": ".batch_response_labels_between_object_pair",
    "BatchResponseLabelsBetweenObjectPairLinks": ".batch_response_labels_between_object_pair_links",
    "BatchResponseLimitConfig": ".batch_response_limit_config",
    "BatchResponseLimitConfigLinks": ".batch_response_limit_config_links",
    "BatchResponseLinks": ".batch_response_links",
    "BatchResponseResultsItem": ".batch_response_results_item",
    "BatchResponseVoid": ".batch_response_void",
    "BatchResponseVoidLinks": ".batch_response_void_links",
    "DefaultAssociation": ".default_association",
    "DefaultAssociationInput": ".default_association_input",
    "EpochDateTime": ".epoch_date_time",
    "Error": ".error",
    "ErrorContext": ".error_context",
    "ErrorDetail": ".error_detail",
    "ErrorDetailContext": ".error_detail_context",
    "ErrorLinks": ".error_links",
    "LabelCreateRequest": ".label_create_request",
    "LabelUpdateRequest": ".label_update_request",
    "LabeledAssociationInput": ".labeled_association_input",
    "LabelsBetweenObjectPair": ".labels_between_object_pair",
    "LimitConfig": ".limit_config",
    "LimitConfigInput": ".limit_config_input",
    "LimitConfigList": ".limit_config_list",
    "LimitKey": ".limit_key",
    "NextPage": ".next_page",
    "ObjectRef": ".object_ref",
    "ObjectRefInput": ".object_ref_input",
    "Paging": ".paging",
    "ReadAssociationsInput": ".read_associations_input",
    "ReportCreationResponse": ".report_creation_response",
    "StandardError": ".standard_error",
    "StandardErrorContext": ".standard_error_context",
    "StandardErrorLinks": ".standard_error_links",
}

__all__ = (
    "ApiVersion",
    "ArchiveInput",
    "AssociatedObject",
    "AssociatedObjectPage",
    "AssociationCategory",
    "AssociationLabel",
    "AssociationsOfRecord",
    "AssociationSpec",
    "AssociationSpecResult",
    "AssociationTypeList",
    "AssociationTypeWithLabel",
    "BatchInputArchive",
    "BatchInputDefaultAssociation",
    "BatchInputLabeledAssociation",
    "BatchInputLimitConfig",
    "BatchInputLimitKey",
    "BatchInputReadAssociations",
    "BatchResponse",
    "BatchResponseAssociationsOfRecords",
    "BatchResponseAssociationsOfRecordsLinks",
    "BatchResponseDefaultAssociation",
    "BatchResponseDefaultAssociationLinks",
    "BatchResponseLabelsBetweenObjectPair",
    "BatchResponseLabelsBetweenObjectPairLinks",
    "BatchResponseLimitConfig",
    "BatchResponseLimitConfigLinks",
    "BatchResponseLinks",
    "BatchResponseResultsItem",
    "BatchResponseVoid",
    "BatchResponseVoidLinks",
    "DefaultAssociation",
    "DefaultAssociationInput",
    "EpochDateTime",
    "Error",
    "ErrorContext",
    "ErrorDetail",
    "ErrorDetailContext",
    "ErrorLinks",
    "LabelCreateRequest",
    "LabeledAssociationInput",
    "LabelsBetweenObjectPair",
    "LabelUpdateRequest",
    "LimitConfig",
    "LimitConfigInput",
    "LimitConfigList",
    "LimitKey",
    "NextPage",
    "ObjectRef",
    "ObjectRefInput",
    "Paging",
    "ReadAssociationsInput",
    "ReportCreationResponse",
    "StandardError",
    "StandardErrorContext",
    "StandardErrorLinks",
)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
