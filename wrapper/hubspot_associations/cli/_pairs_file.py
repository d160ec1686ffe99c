"""The command line's pair files: ``from_id,to_id`` rows, read as a stream and checked.

A file is read once to check every row (:meth:`PairFile.scan`) and once more to send
(:meth:`PairFile.pairs`), both streaming: memory does not grow with the file, and a bad row
900,000 is reported before the first request is sent, not after half the job is done.

Standard input (``-``) and anything else that can be read only once (a pipe, a FIFO,
``/dev/stdin``, a shell's ``<(...)``) is copied, as the check reads it, into an anonymous
temporary file; the later passes read that copy, and it is gone when the file is closed.

Rules: UTF-8 with or without a byte order mark, ``\\n`` or ``\\r\\n`` line ends, standard CSV
quoting; blank lines (and rows of empty cells) are skipped; the first non-blank row is a header
when neither of its first two cells starts with a digit; columns after the second are ignored (a
failures file can be fed back in); ids are positive whole numbers (leading zeros and spaces
around them are allowed).
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

STDIN = "-"

Pair = tuple[str, str]

MAX_ERRORS_SHOWN = 20
_DIGITS = re.compile(r"[0-9]+\Z")
_INT64_MAX = 2**63 - 1
_COLUMNS = ("from_id", "to_id")


class InputError(Exception):
    """The pair file cannot be used; the message names the file and, when known, the line."""


@dataclass
class Scan:
    """What a full check of a pair file found."""

    rows: int = 0
    """Data rows (header and blank lines not counted)."""
    distinct: int | None = 0
    """Distinct valid pairs; None when not counted (a journaled job counts them on disk)."""
    header: list[str] | None = None
    errors: list[str] = field(default_factory=list)
    """The first :data:`MAX_ERRORS_SHOWN` bad rows, as messages."""
    error_count: int = 0


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _record_id(cell: str, column: str) -> str:
    """The canonical id in ``cell``; ValueError saying what is wrong with it."""
    text = cell.strip()
    if not text:
        raise ValueError(f"{column} is empty")
    if not _DIGITS.match(text):
        raise ValueError(f"{column} {_shown(cell)} is not a record id (a positive whole number)")
    number = int(text)
    if not 0 < number <= _INT64_MAX:
        raise ValueError(f"{column} {_shown(cell)} is out of range (1 to {_INT64_MAX})")
    return str(number)


def _looks_like_header(cells: list[str]) -> bool:
    """Neither of the first two cells starts with a digit (``1;2`` is a bad row, not a header)."""
    return not any(cell.strip()[:1].isdigit() for cell in cells[:2])


def _not_utf8(cells: list[str]) -> bool:
    """Whether a row decoded with ``surrogateescape`` held bytes that are not UTF-8."""
    for cell in cells:
        if not cell.isascii():
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


class _Copying(io.RawIOBase):
    """Reads ``source``; with ``copy``, writes every byte read there too. Closes ``source`` only
    when it ``owns`` it (standard input stays open)."""

    def __init__(self, source: IO[bytes], copy: IO[bytes] | None, owns: bool) -> None:
        super().__init__()
        self._source = source
        self._copy = copy
        self._owns = owns

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._source.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        if self._copy is not None:
            self._copy.write(data)
        return size

    def close(self) -> None:
        if not self.closed and self._owns:
            self._source.close()
        super().close()


def is_regular_file(path: str) -> bool:
    """Whether ``path`` is a file that can be read again (not ``-``, a pipe, a FIFO, a device)."""
    if path == STDIN:
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return True  # missing or unreadable: reported as such when it is opened


class PairFile:
    """A CSV file of ``from_id,to_id`` rows, read only as a stream; ``-`` is standard input.

    Close it (or use it as a context manager) to delete the copy of a once-only input.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = "standard input" if path == STDIN else path
        self._spool: IO[bytes] | None = None
        self._spooled = False

    def __enter__(self) -> PairFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Delete the copy of a once-only input, if one was made."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def _where(self, line: int) -> str:
        return f"{self.name}, line {line}"

    def _open(self) -> io.BufferedReader:
        if self._spooled:
            assert self._spool is not None
            self._spool.seek(0)
            return io.BufferedReader(_Copying(self._spool, None, owns=False))
        if self._spool is not None:
            raise InputError(f"{self.name} can be read only once, and it was not read to its end")
        if is_regular_file(self.path):
            return open(self.path, "rb")
        source = sys.stdin.buffer if self.path == STDIN else open(self.path, "rb")  # noqa: SIM115
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        return io.BufferedReader(_Copying(source, self._spool, owns=self.path != STDIN))

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(line number, cells)`` of each non-blank row, the header included."""
        try:
            # surrogateescape: a byte that is not UTF-8 is reported with its exact line number
            # (a strict decoder fails a whole 8 KiB block ahead of the reader).
            stream = io.TextIOWrapper(
                self._open(), encoding="utf-8-sig", errors="surrogateescape", newline=""
            )
        except OSError as exc:
            raise InputError(f"cannot read {self.name}: {exc.strerror or exc}") from None
        with stream:
            reader = csv.reader(stream, strict=True)
            try:
                for cells in reader:
                    if not any(cell.strip() for cell in cells):
                        continue  # a blank line, or only commas (spreadsheets write those)
                    if _not_utf8(cells):
                        raise InputError(
                            f"{self._where(reader.line_num)}: not UTF-8 text "
                            "(save the file as UTF-8 or plain ASCII)"
                        )
                    yield reader.line_num, cells
            except csv.Error as exc:
                raise InputError(f"{self._where(reader.line_num)}: malformed CSV: {exc}") from None
            except OSError as exc:
                raise InputError(f"cannot read {self.name}: {exc.strerror or exc}") from None
            if self._spool is not None and not self._spooled:
                # The whole input is in the copy (the reader reached its end): read that from now.
                self._spool.flush()
                self._spooled = True

    def _checked(self) -> Iterator[tuple[int, Pair | str, list[str]]]:
        """``(line, pair or error message, cells)`` of each data row."""
        first = True
        for line, cells in self._rows():
            if first:
                first = False
                if _looks_like_header(cells):
                    yield 0, "", cells  # line 0: the header
                    continue
            if len(cells) < 2:
                hint = ""
                if any(sep in cells[0] for sep in ";\t|"):
                    hint = " (columns must be separated by commas)"
                yield line, f"expected 2 columns from_id,to_id, found 1{hint}", cells
                continue
            try:
                pair = (_record_id(cells[0], _COLUMNS[0]), _record_id(cells[1], _COLUMNS[1]))
            except ValueError as exc:
                yield line, str(exc), cells
                continue
            yield line, pair, cells

    def scan(self, distinct: bool = True) -> Scan:
        """Check every row (one streaming pass; only the distinct-pair count grows, and not
        at all without ``distinct``)."""
        result = Scan()
        seen: set[int] = set()  # (from_id << 64) | to_id: exact and small
        for line, checked, cells in self._checked():
            if line == 0:
                result.header = cells
                continue
            result.rows += 1
            if isinstance(checked, str):
                result.error_count += 1
                if len(result.errors) < MAX_ERRORS_SHOWN:
                    result.errors.append(f"{self._where(line)}: {checked}")
                continue
            if distinct:
                seen.add((int(checked[0]) << 64) | int(checked[1]))
        result.distinct = len(seen) if distinct else None
        return result

    def pairs(self) -> Iterator[Pair]:
        """Every valid pair in file order. A bad row raises :class:`InputError`: it can only
        happen when the file changed after :meth:`scan`."""
        for line, checked, _ in self._checked():
            if line == 0:
                continue
            if isinstance(checked, str):
                raise InputError(
                    f"{self._where(line)}: {checked} (the file changed after it was checked)"
                )
            yield checked

    def lines_of(self, wanted: Iterable[Pair]) -> dict[Pair, int]:
        """The first line of each of ``wanted`` pairs (one more streaming pass)."""
        missing = set(wanted)
        found: dict[Pair, int] = {}
        if not missing:
            return found
        for line, checked, _ in self._checked():
            if line and not isinstance(checked, str) and checked in missing:
                found[checked] = line
                missing.discard(checked)
                if not missing:
                    break
        return found


class Sized(Iterable[Pair]):
    """The pairs of a scanned file with their count, so a batch's progress knows its total."""

    def __init__(self, source: PairFile, count: int) -> None:
        self._source = source
        self._count = count
        self.read = 0
        """Rows the last pass read (all of them, unless the file changed)."""

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Pair]:
        self.read = 0
        for pair in self._source.pairs():
            self.read += 1
            yield pair
