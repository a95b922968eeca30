"""Compliance's market screen: instruments and their last ticks, event rules, fired events, refused ticks, and a CSV
upload. Thin: every write goes through markets.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clearpost.core.errors import DomainError
from clearpost.core.permissions import deny
from clearpost.markets import services
from clearpost.markets.forms import RuleForm, TickUploadForm
from clearpost.markets.selectors import event_rule_list, instrument_list, market_event_list, rejected_tick_list

MAX_UPLOAD = 5 * 1024 * 1024


def _guard(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.may_manage_markets(request.user):
        deny(request, "market data is managed by compliance")
    return None


@require_http_methods(["GET", "POST"])
def dashboard(request: HttpRequest) -> HttpResponse:
    if (r := _guard(request)):
        return r
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.event_rule_create(actor=request.user, name=d["name"], symbol=d["instrument"].symbol,
                                       kind=d["kind"], threshold=d["threshold"],
                                       cooldown_minutes=d["cooldown_minutes"], unlock_minutes=d["unlock_minutes"])
            messages.success(request, "Rule created.")
            return redirect("markets:dashboard")
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "markets/dashboard.html", {
        "instruments": instrument_list(), "rules": event_rule_list(), "events": market_event_list(),
        "rejected": rejected_tick_list(limit=20), "form": form, "upload": TickUploadForm(),
    }, status=400 if form.errors else 200)


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    if (r := _guard(request)):
        return r
    form = TickUploadForm(request.POST, request.FILES)
    if not form.is_valid() or form.cleaned_data["file"].size > MAX_UPLOAD:
        messages.error(request, "Choose a CSV file (at most 5 MB).")
        return redirect("markets:dashboard")
    try:
        text = form.cleaned_data["file"].read().decode("utf-8-sig")
        result = services.ticks_load_csv(text=text, actor=request.user)
        messages.success(request, f"{result.ticks} ticks loaded; {len(result.events)} event(s) fired.")
    except UnicodeDecodeError:
        messages.error(request, "The file is not UTF-8 text.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("markets:dashboard")


@require_POST
def rule_toggle(request: HttpRequest, rule_id: int) -> HttpResponse:
    if (r := _guard(request)):
        return r
    services.event_rule_set_active(actor=request.user, rule_id=rule_id, active=request.POST.get("active") == "1")
    return redirect("markets:dashboard")
