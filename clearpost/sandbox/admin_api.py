"""The sandbox's own control surface (not part of any network's API): switch faults, read the call log and
every post ever stored, for demos and the fault tests. Guarded by the sandbox admin token."""

from __future__ import annotations

import hmac
import json

from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clearpost.sandbox.gate import faults_for
from clearpost.sandbox.models import SandboxCall, SandboxPost
from clearpost.sandbox.services import NETWORKS, faults_dict, sandbox_faults_set
from clearpost.sandbox.tokens import sandbox_admin_token


def _refused(request: HttpRequest) -> JsonResponse | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return JsonResponse({"error": "admin token required"}, status=401)
    if not hmac.compare_digest(header.removeprefix("Bearer ").strip(), sandbox_admin_token()):
        return JsonResponse({"error": "wrong admin token"}, status=403)
    return None


@csrf_exempt
@require_http_methods(["GET", "PUT"])
def faults(request: HttpRequest, network: str) -> HttpResponse:
    refused = _refused(request)
    if refused is not None:
        return refused
    if network not in NETWORKS:
        return JsonResponse({"error": "unknown network"}, status=404)
    if request.method == "GET":
        return JsonResponse(faults_dict(faults_for(network)))
    try:
        body = json.loads(request.body or b"{}")
        updated = sandbox_faults_set(network=network, values=body.get("faults", {}), reset=bool(body.get("reset")))
    except (ValueError, AttributeError, TypeError) as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(faults_dict(updated))


@require_http_methods(["GET"])
def calls(request: HttpRequest) -> HttpResponse:
    refused = _refused(request)
    if refused is not None:
        return refused
    rows = SandboxCall.objects.values("network", "fault", "status", "violation").annotate(n=Count("id"))
    violations = list(SandboxCall.objects.filter(violation=True).order_by("at")[:20])
    return JsonResponse({"total": SandboxCall.objects.count(),
                         "violations": SandboxCall.objects.filter(violation=True).count(),
                         "breakdown": list(rows),
                         "violation_details": [_leading_to(call) for call in violations]})


def _leading_to(violation: SandboxCall) -> list[dict]:
    """A violating call with the account's calls just before it: which call announced the window, and when."""
    before = SandboxCall.objects.filter(account_id=violation.account_id, at__lte=violation.at).order_by("-at")[:8]
    return [{"id": c.pk, "at": c.at.isoformat(timespec="milliseconds"), "method": c.method, "path": c.path,
             "status": c.status, "fault": c.fault, "violation": c.violation} for c in reversed(before)]


@require_http_methods(["GET"])
def posts(request: HttpRequest) -> HttpResponse:
    refused = _refused(request)
    if refused is not None:
        return refused
    found = SandboxPost.objects.filter(in_reply_to__isnull=True).values_list(
        "pk", "network", "account__handle", "text", "deleted_at").order_by("pk")
    return JsonResponse({"posts": [{"id": str(pk), "network": n, "handle": h, "text": t, "deleted": d is not None}
                                   for pk, n, h, t, d in found]})
