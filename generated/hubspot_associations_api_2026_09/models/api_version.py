from enum import Enum


class ApiVersion(str, Enum):
    CURRENT = "2026-09"

    def __str__(self) -> str:
        return str(self.value)
