from enum import Enum


class AssociationCategory(str, Enum):
    HUBSPOT_DEFINED = "HUBSPOT_DEFINED"
    INTEGRATOR_DEFINED = "INTEGRATOR_DEFINED"
    USER_DEFINED = "USER_DEFINED"
    WORK = "WORK"

    def __str__(self) -> str:
        return str(self.value)
