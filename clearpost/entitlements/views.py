from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clearpost.connectors.choices import Network
from clearpost.core.errors import DomainError
from clearpost.core.permissions import deny, require_permission
from clearpost.entitlements import services
from clearpost.entitlements.choices import Level
from clearpost.entitlements.models import EntitlementRequest, NetworkPolicy
from clearpost.entitlements.selectors import entitlement_for, training_states
from clearpost.training.models import Course


@require_permission("posts.compose_post")
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """An advisor's access per network, why, the training behind it, and a way to ask for more."""
    if request.method == "POST":
        try:
            services.entitlement_request_create(
                advisor=request.user, network=request.POST.get("network", ""),
                level=Level(request.POST.get("level", Level.COMPOSE)),
                justification=request.POST.get("justification", ""))
            messages.success(request, "Request sent to your supervisor for endorsement.")
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("entitlements:mine")
    networks = [entitlement_for(advisor=request.user, network=n) for n in Network.values]
    codes = set()
    for policy in NetworkPolicy.objects.all():
        codes |= set(policy.library_courses) | set(policy.compose_courses)
    states = training_states(advisor=request.user, course_codes=codes)
    courses = {c.code: c for c in Course.objects.filter(code__in=codes)}
    return render(request, "entitlements/mine.html", {
        "networks": networks, "training": [(courses.get(code), code, state) for code, state in sorted(states.items())],
        "requests": EntitlementRequest.objects.filter(advisor=request.user)[:20],
        "network_choices": Network.choices, "level_choices": [(Level.LIBRARY, "library"), (Level.COMPOSE, "compose")],
    })


@require_http_methods(["GET"])
def requests(request: HttpRequest) -> HttpResponse:
    """Supervisors see their branches' requests to endorse; compliance sees endorsed requests to decide."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.has_perm("policy.manage_rules"):
        rows = EntitlementRequest.objects.select_related("advisor", "advisor__branch", "endorsed_by")
    elif user.has_perm("accounts.supervise_branch"):
        rows = EntitlementRequest.objects.filter(advisor__branch__in=user.supervised_units.all()).select_related(
            "advisor", "advisor__branch", "endorsed_by")
    else:
        deny(request, "only supervisors and compliance see access requests")
    return render(request, "entitlements/requests.html", {"rows": rows[:300], "is_compliance":
                                                           user.has_perm("policy.manage_rules")})


@require_POST
def decide(request: HttpRequest, request_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    action = request.POST.get("action")
    try:
        if action == "endorse":
            services.entitlement_request_endorse(supervisor=request.user, request_id=request_id)
        elif action in {"grant", "refuse"}:
            services.entitlement_request_decide(actor=request.user, request_id=request_id, grant=action == "grant",
                                                reason=request.POST.get("reason", ""))
        else:
            raise DomainError("choose endorse, grant or refuse")
        messages.success(request, "Recorded.")
    except DomainError as exc:
        if exc.status == 403:
            deny(request, exc.message)
        messages.error(request, exc.message)
    return redirect("entitlements:requests")

