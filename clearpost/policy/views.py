from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clearpost.core.errors import DomainError
from clearpost.core.permissions import require_permission
from clearpost.policy.models import PolicyRuleSet
from clearpost.policy.services import (
    active_version,
    policy_screen,
    ruleset_activate,
    ruleset_export,
    ruleset_import,
)


@require_permission("policy.manage_rules")
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    """Compliance edits the rule set as JSON (import, edit, export); each save is a new hashed version."""
    text = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        text = upload.read().decode("utf-8", errors="replace") if upload else request.POST.get("body", "")
        try:
            stored = ruleset_import(actor=request.user, text=text, name=request.POST.get("name", ""),
                                    activate=bool(request.POST.get("activate")))
            messages.success(request, f"Saved version {stored.version[:19]}…"
                                      + (" and activated it." if stored.active else "."))
            return redirect("policy:rules")
        except DomainError as exc:
            messages.error(request, exc.message)
    current = json.loads(ruleset_export())
    context = {
        "versions": PolicyRuleSet.objects.select_related("created_by").order_by("-created_at")[:50],
        "active_version": active_version(),
        "rules": current.get("rules", []),
        "body": text or json.dumps(current, indent=2, ensure_ascii=False),
    }
    return render(request, "policy/rules.html", context, status=400 if text else 200)


@require_permission("policy.manage_rules")
def export(request: HttpRequest) -> HttpResponse:
    version = request.GET.get("version") or None
    try:
        body = ruleset_export(version=version)
    except DomainError as exc:
        return HttpResponse(exc.message, status=404, content_type="text/plain")
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="clearpost-rules.json"'
    return response


@require_permission("policy.manage_rules")
@require_POST
def activate(request: HttpRequest) -> HttpResponse:
    try:
        ruleset_activate(actor=request.user, version=request.POST.get("version", ""))
        messages.success(request, "Activated.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("policy:rules")


@require_permission("policy.manage_rules")
@require_POST
def try_text(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("text", "")[:10_000]
    network = request.POST.get("network", "x")
    direction = request.POST.get("direction", "outgoing")
    if not text.strip():
        return HttpResponse('<section id="screening"><p>Type a text to try the active rules.</p></section>')
    try:
        screening = policy_screen(text=text, network=network, direction=direction)
    except ValueError as exc:
        return HttpResponse(f'<section id="screening"><p role="alert">{exc}</p></section>', status=400)
    return render(request, "policy/_screening.html", {"screening": screening, "text": text})
