"""Load vcrpy-format cassettes (``version: 1``) without vcrpy."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

RECORDINGS = Path(__file__).resolve().parents[1] / "cassettes"
# The first API version's recordings are in RECORDINGS itself, each later version's in a folder
# named after it (cassettes/2026-09/).
FIRST_VERSION = "2026-03"


def folder(version: str) -> Path:
    """Where one API version's recordings are."""
    return RECORDINGS if version == FIRST_VERSION else RECORDINGS / version


def versions() -> list[str]:
    """Every API version with recordings, the first one first."""
    return [FIRST_VERSION, *sorted(p.name for p in RECORDINGS.iterdir() if p.is_dir())]


def _first(values: Any) -> str:
    # vcrpy stores every header as a list of values.
    return str(values[0]) if isinstance(values, list) else str(values)


def _json_or_none(body: str | None) -> Any:
    if not body:
        return None
    return json.loads(body)


def query_key(query: str) -> tuple[tuple[str, str], ...]:
    """A query string as sorted (name, value) pairs: the order parameters came in is no contract."""
    return tuple(sorted(urllib.parse.parse_qsl(query, keep_blank_values=True)))


@dataclass(frozen=True)
class Interaction:
    """One recorded request and the answer to it."""

    index: int
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    request_headers: dict[str, str]
    request_body: str | None
    status: int
    reason: str
    response_headers: dict[str, str]
    response_body: str

    @property
    def request_json(self) -> Any:
        return _json_or_none(self.request_body)

    @property
    def response_bytes(self) -> bytes:
        return self.response_body.encode("utf-8")

    @property
    def response_content_type(self) -> str:
        return next(
            (v for k, v in self.response_headers.items() if k.lower() == "content-type"), ""
        )

    def describe(self) -> str:
        query = urllib.parse.urlencode(self.query)
        return f"#{self.index} {self.method} {self.path}{'?' + query if query else ''}"


@dataclass(frozen=True)
class Cassette:
    name: str
    version: str
    path: Path
    provenance: str
    interactions: tuple[Interaction, ...]
    raw_text: str


def load(path: Path) -> Cassette:
    text = path.read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    if not isinstance(doc, dict) or doc.get("version") != 1:
        raise ValueError(f"{path.name}: not a version 1 cassette")
    interactions = []
    for index, item in enumerate(doc["interactions"]):
        request, response = item["request"], item["response"]
        uri = urllib.parse.urlsplit(request["uri"])
        interactions.append(
            Interaction(
                index=index,
                method=request["method"].upper(),
                path=uri.path,
                query=query_key(uri.query),
                request_headers={k: _first(v) for k, v in (request.get("headers") or {}).items()},
                request_body=request.get("body"),
                status=int(response["status"]["code"]),
                reason=str(response["status"].get("message", "")),
                response_headers={k: _first(v) for k, v in (response.get("headers") or {}).items()},
                response_body=(response.get("body") or {}).get("string") or "",
            )
        )
    return Cassette(
        name=path.stem,
        version=FIRST_VERSION if path.parent == RECORDINGS else path.parent.name,
        path=path,
        provenance=str(doc.get("provenance", "")),
        interactions=tuple(interactions),
        raw_text=text,
    )


def all_paths(version: str | None = None) -> list[Path]:
    """The recordings of one API version, or (None) of every version."""
    chosen = versions() if version is None else [version]
    return [p for v in chosen for p in sorted(folder(v).glob("*.yaml"))]


def load_all(version: str | None = None) -> list[Cassette]:
    return [load(p) for p in all_paths(version)]
