"""Test support for connectors: the three sandbox networks wired into settings, and contract checking of every
request a connector sends and every response the sandbox returns against the networks' OpenAPI specs
(`../shared/specs/`), with $refs resolved."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings

SPECS = Path(settings.BASE_DIR).parent / "shared" / "specs"
SPEC_FILES = {"x": SPECS / "x" / "openapi.json", "mastodon": SPECS / "mastodon" / "openapi.json"}


def specs_available() -> bool:
    return all(p.exists() for p in SPEC_FILES.values())


@cache
def _spec(network: str) -> tuple[dict[str, Any], Any]:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    doc = json.loads(SPEC_FILES[network].read_text())
    uri = f"urn:clearpost:spec:{network}"
    registry = Registry().with_resource(uri, Resource.from_contents(doc, default_specification=DRAFT202012))
    return doc, (uri, registry)


@cache
def _templates(network: str) -> list[tuple[re.Pattern[str], str]]:
    doc, _ = _spec(network)
    out = []
    for template in doc["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        out.append((re.compile(f"^{pattern}$"), template))
    # Literal paths before templated ones (`/2/users/me` before `/2/users/{id}`).
    return sorted(out, key=lambda item: item[1].count("{"))


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def _validate(network: str, pointer: str, instance: Any) -> None:
    from jsonschema import Draft202012Validator

    _, (uri, registry) = _spec(network)
    Draft202012Validator({"$ref": f"{uri}#/{pointer}"}, registry=registry).validate(instance)


@dataclass
class Exchange:
    network: str
    method: str
    path: str
    request: httpx.Request
    response: httpx.Response


@dataclass
class ContractRecorder:
    """Records every exchange with the sandbox's X and Mastodon APIs; `check()` validates them all."""

    sandbox_url: str
    exchanges: list[Exchange] = field(default_factory=list)

    def record(self, request: httpx.Request, response: httpx.Response) -> None:
        url = str(request.url)
        for network in ("x", "mastodon"):
            prefix = f"{self.sandbox_url}/{network}"
            if url.startswith(prefix + "/"):
                path = request.url.path.removeprefix(f"/{network}")
                # OAuth token endpoints are outside the API specs (checked by the OAuth tests themselves).
                if path.startswith(("/2/", "/api/")) and not path.startswith("/2/oauth2/"):
                    self.exchanges.append(Exchange(network, request.method, path, request, response))

    def check(self) -> int:
        for exchange in self.exchanges:
            check_exchange(exchange)
        return len(self.exchanges)


def _deref(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def check_exchange(exchange: Exchange) -> None:
    doc, _ = _spec(exchange.network)
    template = next((t for pattern, t in _templates(exchange.network) if pattern.match(exchange.path)), None)
    assert template is not None, f"{exchange.method} {exchange.path} is not in the {exchange.network} spec"
    method = exchange.method.lower()
    operation = doc["paths"][template].get(method)
    assert operation is not None, f"{exchange.method} {template} is not in the {exchange.network} spec"
    declared = {_deref(doc, p).get("name") for p in operation.get("parameters", [])}
    for name in exchange.request.url.params:
        assert name in declared, f"query parameter {name!r} is not declared for {exchange.method} {template}"
    body = exchange.request.content
    if body and "application/json" in exchange.request.headers.get("content-type", ""):
        content = (operation.get("requestBody") or {}).get("content", {})
        assert "application/json" in content, f"{exchange.method} {template} takes no JSON body"
        _validate(exchange.network, _pointer("paths", template, method, "requestBody", "content",
                                             "application/json", "schema"), json.loads(body))
    status = str(exchange.response.status_code)
    responses = operation["responses"]
    key = status if status in responses else "default"
    if key not in responses or exchange.response.status_code == 204:
        return
    media = exchange.response.headers.get("content-type", "").split(";")[0].strip()
    content = responses[key].get("content", {})
    if media in content and "schema" in content[media]:
        _validate(exchange.network, _pointer("paths", template, method, "responses", key, "content", media,
                                             "schema"), exchange.response.json())


@pytest.fixture
def networks(sandbox: Any, settings: Any) -> Iterator[Any]:
    """The session sandbox with accounts for the cast on all three networks, and settings pointing there."""
    if not getattr(sandbox, "_all_networks_seeded", False):
        sandbox.manage("sandbox_seed", "mastodon:avery", "linkedin:avery", "mastodon:olive", "linkedin:olive",
                       sandbox=True)
        sandbox._all_networks_seeded = True
    settings.X_API_BASE = f"{sandbox.sandbox_url}/x"
    settings.X_WEB_BASE = f"{sandbox.sandbox_url}/x"
    settings.MASTODON_API_BASE = f"{sandbox.sandbox_url}/mastodon"
    settings.LINKEDIN_API_BASE = f"{sandbox.sandbox_url}/linkedin"
    settings.CONNECTOR_TIMEOUT_SECONDS = 5
    yield sandbox


@pytest.fixture
def contract(networks: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[ContractRecorder]:
    """Records every request/response through httpx; validates them against the specs at teardown."""
    if not specs_available():
        pytest.skip(f"network specs not found under {SPECS}")
    recorder = ContractRecorder(networks.sandbox_url)
    original = httpx.Client.send

    def send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = original(self, request, **kwargs)
        response.read()
        recorder.record(request, response)
        return response

    monkeypatch.setattr(httpx.Client, "send", send)
    yield recorder
    recorder.check()


def sandbox_admin(sandbox: Any, method: str, path: str, **kwargs: Any) -> httpx.Response:
    from clearpost.sandbox.tokens import sandbox_admin_token

    return httpx.request(method, f"{sandbox.sandbox_url}/_sandbox/{path}", timeout=10,
                         headers={"Authorization": f"Bearer {sandbox_admin_token()}"}, **kwargs)


def set_faults(sandbox: Any, network: str, reset: bool = True, **faults: float) -> dict[str, Any]:
    response = sandbox_admin(sandbox, "PUT", f"faults/{network}", json={"faults": faults, "reset": reset})
    response.raise_for_status()
    return dict(response.json())
