from enum import Enum


class ApiVersion(str, Enum):
    CURRENT = "2026-03"

    def __str__(self) -> str:
        return str(self.value)
