"""The failures file: the pairs that failed, each with its line in the input and why, in a CSV
that can be fed back in as a pair file. Where it goes, and whether it can be written, are
checked before anything is sent."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable

from ._pairs_file import STDIN, InputError, is_regular_file


def default_failures_path(pairs_path: str) -> str:
    """``pairs.csv`` -> ``pairs.failures.csv``, next to the input; for standard input
    (``stdin.failures.csv``) or another once-only input (``/dev/fd/63``: ``63.failures.csv``),
    in the current folder, the input's being no place to write."""
    if pairs_path == STDIN:
        return "stdin.failures.csv"
    head, name = os.path.split(pairs_path)
    if not is_regular_file(pairs_path):
        head = ""
    stem = name[: -len(".csv")] if name.lower().endswith(".csv") else name
    return os.path.join(head, f"{stem}.failures.csv")


def check_writable(path: str) -> None:
    """InputError unless ``path`` can be created or replaced (checked before any request)."""
    if os.path.isdir(path):
        raise InputError(f"cannot write failures to {path}: it is a directory")
    if os.path.exists(path):
        if not os.access(path, os.W_OK):
            raise InputError(f"cannot write failures to {path}: permission denied")
        return
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise InputError(f"cannot write failures to {path}: no folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(
            f"cannot write failures to {path}: folder {folder} is not writable "
            "(choose another file with --failures)"
        )


FAILURE_COLUMNS = ("from_id", "to_id", "line", "error_category", "error_message")


def write_failures(path: str, rows: Iterable[tuple[str, str, int | None, str, str]]) -> None:
    """The failures CSV: each failed pair, its line in the input, and why it failed."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(FAILURE_COLUMNS)
            for from_id, to_id, line, category, message in rows:
                writer.writerow([from_id, to_id, "" if line is None else line, category, message])
    except OSError as exc:
        raise InputError(f"cannot write failures to {path}: {exc.strerror or exc}") from None
