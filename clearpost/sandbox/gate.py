"""What stands between a request and a sandbox network's data: authentication, the account's rate-limit window
(with each network's own headers), and the switchable faults. Every call is logged; a call that arrives inside
a window the network announced is recorded as a violation, which the fault tests require to be zero."""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from clearpost.sandbox.models import SandboxAccount, SandboxCall, SandboxFaults, SandboxRateState, SandboxToken

_rng = random.SystemRandom()


# X's typed problems (spec: components/schemas/Problem); a 429 is an unavailable resource until the reset.
_X_PROBLEMS = {400: ("invalid-request", ""), 401: ("not-authorized-for-resource", "user"),
               403: ("disallowed-resource", "tweet"), 404: ("resource-not-found", "tweet"),
               429: ("resource-unavailable", "user")}


def error(network: str, status: int, title: str, detail: str) -> JsonResponse:
    """An error body in the network's own shape."""
    if network == "x":
        kind, resource = _X_PROBLEMS.get(status, ("internal-error", ""))
        body: dict = {"title": title, "detail": detail, "type": f"https://api.x.com/2/problems/{kind}",
                      "status": status}
        if resource:
            body["resource_type"] = resource
    elif network == "mastodon":
        body = {"error": detail}
    else:
        body = {"message": detail, "status": status, "code": title.upper().replace(" ", "_")}
    # X answers problems as RFC 7807 documents, with their own media type.
    return JsonResponse(body, status=status, content_type="application/problem+json" if network == "x" else None)


def authenticate(request: HttpRequest, network: str) -> SandboxAccount | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    token = header.removeprefix("Bearer ").strip()
    account = SandboxAccount.objects.filter(network=network, access_token=token).first()
    if account is not None:
        return account
    issued = (SandboxToken.objects.select_related("account")
              .filter(token=token, kind="access", revoked=False, account__network=network).first())
    if issued is None or (issued.expires_at is not None and issued.expires_at <= timezone.now()):
        return None
    return issued.account


def faults_for(network: str) -> SandboxFaults:
    found = SandboxFaults.objects.filter(network=network).first()
    return found or SandboxFaults(network=network)


@dataclass
class Gate:
    network: str
    account: SandboxAccount | None
    faults: SandboxFaults
    call: SandboxCall
    fault: str = ""
    early: HttpResponse | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def finish(self, response: HttpResponse) -> HttpResponse:
        """Attach the rate headers and, for a 'timeout after storing' fault, hold the answer past the client's
        timeout (the post is already stored: the client cannot know)."""
        for name, value in self.headers.items():
            response[name] = value
        self.call.status, self.call.fault = response.status_code, self.fault
        self.call.save(force_insert=True)
        if self.fault == "timeout_after" and response.status_code < 300:
            time.sleep(self.faults.timeout_seconds)
        return response


def _rate_headers(network: str, limit: int, remaining: int, reset: int) -> dict[str, str]:
    if network == "x":
        return {"x-rate-limit-limit": str(limit), "x-rate-limit-remaining": str(remaining),
                "x-rate-limit-reset": str(reset)}
    if network == "mastodon":
        iso = datetime.fromtimestamp(reset, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining), "X-RateLimit-Reset": iso}
    return {}


def _too_many(network: str, limit: int, reset: int) -> HttpResponse:
    response = error(network, 429, "Too Many Requests", "Too Many Requests")
    for name, value in _rate_headers(network, limit, 0, reset).items():
        response[name] = value
    # LinkedIn announces nothing on success; on a 429 the sandbox says when, as Retry-After.
    response["Retry-After"] = str(max(1, math.ceil(reset - time.time())))
    return response


def enter(request: HttpRequest, network: str, *, write: bool = False) -> Gate:
    """Authenticate and apply limits and faults. If `gate.early` is set, answer it as is (after `finish`)."""
    account = authenticate(request, network)
    faults = faults_for(network)
    call = SandboxCall(account=account, network=network, method=request.method or "", path=request.path[:300])
    gate = Gate(network=network, account=account, faults=faults, call=call)
    if account is None:
        gate.early = error(network, 401, "Unauthorized", "Unauthorized")
        return gate
    now = time.time()
    with transaction.atomic():
        state, _ = SandboxRateState.objects.select_for_update().get_or_create(account=account)
        if now < state.blocked_until:
            call.violation = True
            gate.early = _too_many(network, faults.rate_limit, int(state.blocked_until))
            return gate
        roll = _rng.random()
        if roll < faults.p_rate_limit:
            # An announced window: any call before `reset` (whole seconds, as the header says) is a violation.
            reset = math.ceil(now + faults.reset_seconds)
            state.blocked_until = reset
            state.save(update_fields=["blocked_until"])
            gate.fault = "rate_limit"
            gate.early = _too_many(network, faults.rate_limit, reset)
            return gate
        if now >= state.window_start + faults.rate_window_seconds:
            state.window_start, state.count = now, 0
        state.count += 1
        remaining = max(0, faults.rate_limit - state.count)
        reset = math.ceil(state.window_start + faults.rate_window_seconds)
        if remaining == 0:
            state.blocked_until = reset
        state.save(update_fields=["window_start", "count", "blocked_until"])
        gate.headers = _rate_headers(network, faults.rate_limit, remaining, reset)
    gate.fault = _pick_fault(faults, roll - faults.p_rate_limit, write=write, duplicates=network != "mastodon")
    if gate.fault == "server_error":
        gate.early = error(network, 503, "Service Unavailable", "Service Unavailable")
    elif gate.fault == "timeout_before":
        time.sleep(faults.timeout_seconds)
        gate.early = error(network, 504, "Gateway Timeout", "Gateway Timeout")
    elif gate.fault == "slow":
        time.sleep(faults.slow_seconds)
    return gate


def _pick_fault(faults: SandboxFaults, roll: float, *, write: bool, duplicates: bool) -> str:
    """One uniform roll walks the fault probabilities in order; reads never get the write-only faults, and
    Mastodon (which has no duplicate refusal) never gets a duplicate."""
    kinds = [("server_error", faults.p_server_error), ("slow", faults.p_slow)]
    if write:
        kinds += [("timeout_before", faults.p_timeout_before), ("timeout_after", faults.p_timeout_after),
                  ("duplicate", faults.p_duplicate if duplicates else 0.0)]
    for kind, p in kinds:
        if roll < p:
            return kind
        roll -= p
    return ""
