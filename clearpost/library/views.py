"""Library screens. Advisors browse, preview and share; compliance writes items and campaigns; principals approve.
Views are thin: they validate, call a selector or a service, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from clearpost.core.errors import DomainError
from clearpost.core.permissions import deny, require_permission
from clearpost.library import services
from clearpost.library.choices import ItemStatus
from clearpost.library.forms import CampaignForm, ItemForm, PreferenceForm, ShareForm
from clearpost.library.models import AdvisorPreference, Campaign, LibraryItem, Suggestion
from clearpost.library.rendering import render as render_item
from clearpost.library.selectors import (
    LibraryEntry,
    disclosure_url,
    library_entry_for_advisor,
    library_items_for_manager,
    library_list_for_advisor,
    may_approve_library,
    may_manage_library,
    share_list_for_advisor,
    share_preview,
    suggestion_list_for_advisor,
)
from clearpost.policy.engine.disclosures import DEFAULT_DISCLOSURES

# What compliance sees in the preview of an event-linked item: a long name and a large move, to test the fit.
SAMPLE_FIGURES = {"index_name": "Dow Jones Industrial Average", "index_points": "1,234.56", "index_pct": "12.34%",
                  "index_level": "45,678.90"}

# --- advisors ----------------------------------------------------------------------------------------------------


@require_permission("posts.compose_post")
def browse(request: HttpRequest) -> HttpResponse:
    q, tag = request.GET.get("q", "")[:100], request.GET.get("tag", "")[:40]
    entries = library_list_for_advisor(advisor=request.user, q=q, tag=tag)
    tags = sorted({t for e in library_list_for_advisor(advisor=request.user) for t in e.version.tags})
    return render(request, "library/browse.html", {"entries": entries, "q": q, "tag": tag, "tags": tags})


def _entry_or_404(request: HttpRequest, item_id: int) -> LibraryEntry:
    entry = library_entry_for_advisor(advisor=request.user, item_id=item_id)
    if entry is None:
        raise Http404("this item is not in your library")
    return entry


def _previews(request: HttpRequest, entry: LibraryEntry, note: str = "", position: str = "after") -> list:
    networks = sorted({a.network for a in entry.accounts})
    return [share_preview(advisor=request.user, version=entry.version, network=n, figures=entry.figures,
                          note=note, note_position=position) for n in networks]


@require_permission("posts.compose_post")
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    entry = _entry_or_404(request, item_id)
    form = ShareForm(accounts=entry.accounts, version=entry.version)
    return render(request, "library/item.html", {"entry": entry, "form": form, "previews": _previews(request, entry)})


@require_permission("posts.compose_post")
@require_POST
def preview(request: HttpRequest, item_id: int) -> HttpResponse:
    """The live preview (htmx): each network's exact text with the note, disclosures and length counter."""
    entry = _entry_or_404(request, item_id)
    note = request.POST.get("note", "")[:500] if entry.version.note_allowed else ""
    position = request.POST.get("note_position", "after")
    return render(request, "library/_previews.html", {"previews": _previews(request, entry, note, position)})


@require_permission("posts.compose_post")
@require_POST
def share(request: HttpRequest, item_id: int) -> HttpResponse:
    entry = _entry_or_404(request, item_id)
    form = ShareForm(request.POST, accounts=entry.accounts, version=entry.version)
    if form.is_valid():
        try:
            shares = services.share_create(
                advisor=request.user, item_id=item_id, account_ids=[int(a) for a in form.cleaned_data["accounts"]],
                note=form.cleaned_data.get("note") or "",
                note_position=form.cleaned_data.get("note_position") or "after",
                scheduled_for=form.cleaned_data.get("scheduled_for"))
            messages.success(request, f"Shared to {len(shares)} account(s): "
                                      f"{', '.join(s.post.get_status_display() for s in shares if s.post)}.")
            return redirect("library:shares")
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "library/item.html", {"entry": entry, "form": form, "previews": _previews(request, entry)},
                  status=400)


@require_permission("posts.compose_post")
def shares(request: HttpRequest) -> HttpResponse:
    return render(request, "library/shares.html", {"shares": share_list_for_advisor(advisor=request.user)})


@require_permission("posts.compose_post")
def suggestions(request: HttpRequest) -> HttpResponse:
    return render(request, "library/suggestions.html",
                  {"suggestions": suggestion_list_for_advisor(advisor=request.user)})


@require_permission("posts.compose_post")
@require_http_methods(["GET", "POST"])
def suggestion(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """The one-click share: the notice's link opens this page (click one), "Share now" publishes the item with the
    defaults — every account the advisor may share it to, no note (click two)."""
    row = Suggestion.objects.filter(pk=suggestion_id, advisor=request.user).select_related("item").first()
    if row is None:
        raise Http404("no such suggestion")
    entry = library_entry_for_advisor(advisor=request.user, item_id=row.item_id)
    if request.method == "POST":
        if entry is None:
            messages.error(request, "This item can no longer be shared (expired, retired or its window closed).")
            return redirect("library:suggestions")
        try:
            created = services.share_create(advisor=request.user, item_id=row.item_id,
                                            account_ids=[a.pk for a in entry.accounts], suggestion_id=row.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("library:suggestion", suggestion_id=row.pk)
        first = created[0].post
        messages.success(request, f"Shared: {first.get_status_display() if first else 'queued'}.")
        return redirect("posts:detail", post_id=first.pk) if first else redirect("library:shares")
    services.suggestion_mark_seen(advisor=request.user, suggestion_id=row.pk)
    previews = _previews(request, entry) if entry else []
    return render(request, "library/suggestion.html", {"suggestion": row, "entry": entry, "previews": previews})


@require_permission("posts.compose_post")
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    pref = AdvisorPreference.objects.filter(advisor=request.user).first()
    initial = {"auto_share": pref.auto_share if pref else False,
               "email_suggestions": pref.email_suggestions if pref else True}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preference_set(advisor=request.user, auto_share=form.cleaned_data["auto_share"],
                                email_suggestions=form.cleaned_data["email_suggestions"])
        messages.success(request, "Preferences saved.")
        return redirect("library:preferences")
    return render(request, "library/preferences.html", {"form": form})


def disclosures(request: HttpRequest) -> HttpResponse:
    """The hosted disclosure page short forms link to (public: the reader of a post is not a Clearpost user)."""
    return render(request, "library/disclosures.html", {"disclosures": DEFAULT_DISCLOSURES.values()})


# --- compliance and principals -----------------------------------------------------------------------------------


def _require(request: HttpRequest, allowed: bool, detail: str) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allowed:
        deny(request, detail)
    return None


def manage(request: HttpRequest) -> HttpResponse:
    if (r := _require(request, may_manage_library(request.user) or may_approve_library(request.user),
                      "library management needs compliance or principal rights")):
        return r
    status = request.GET.get("status", "")
    if status not in ItemStatus.values:
        status = ItemStatus.IN_REVIEW if not may_manage_library(request.user) else ""
    return render(request, "library/manage.html", {"items": library_items_for_manager(status=status),
                                                   "status": status, "statuses": ItemStatus.choices,
                                                   "can_write": may_manage_library(request.user)})


@require_http_methods(["GET", "POST"])
def manage_edit(request: HttpRequest, item_id: int | None = None) -> HttpResponse:
    if (r := _require(request, may_manage_library(request.user), "only compliance writes library items")):
        return r
    item = get_object_or_404(LibraryItem, pk=item_id) if item_id else None
    initial = ItemForm.initial_from(item.current_version) if item and item.current_version else {}
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                rule = form.cleaned_data.get("trigger_rule")
                item = services.library_item_create(actor=request.user, content=form.content(),
                                                    trigger_rule_id=rule.pk if rule else None)
            else:
                services.library_item_edit(actor=request.user, item_id=item.pk, content=form.content())
            messages.success(request, "Saved as a new version (draft).")
            return redirect("library:manage_item", item_id=item.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "library/manage_edit.html", {"form": form, "item": item},
                  status=400 if form.errors else 200)


def manage_item(request: HttpRequest, item_id: int) -> HttpResponse:
    if (r := _require(request, may_manage_library(request.user) or may_approve_library(request.user),
                      "library management needs compliance or principal rights")):
        return r
    item = get_object_or_404(LibraryItem.objects.select_related("current_version", "trigger_rule"), pk=item_id)
    version = item.current_version
    can_approve = (may_approve_library(request.user) and item.status == ItemStatus.IN_REVIEW and version is not None
                   and request.user.pk not in (version.created_by_id, item.created_by_id))
    previews = []
    if version is not None:
        sample = {"advisor_name": "Alexandra Whitfield-Brown", "advisor_first_name": "Alexandra",
                  "branch": "Boston branch", **SAMPLE_FIGURES}
        previews = [render_item(template=version.text_for(n), values=sample, note="", note_position="after", network=n,
                           disclosure_ids=version.disclosure_ids or [], disclosure_url=disclosure_url())
                    for n in ("x", "linkedin")]
    return render(request, "library/manage_item.html", {
        "item": item, "version": version, "previews": previews,
        "versions": item.versions.select_related("approved_by", "created_by").order_by("-number"),
        "can_write": may_manage_library(request.user), "can_approve": can_approve,
        "now": timezone.now(),
    })


@require_POST
def manage_action(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    if (r := _require(request, may_manage_library(request.user) or may_approve_library(request.user),
                      "library management needs compliance or principal rights")):
        return r
    reason = request.POST.get("reason", "")
    try:
        if action == "submit":
            services.library_item_submit(actor=request.user, item_id=item_id)
        elif action == "approve":
            services.library_item_approve(actor=request.user, item_id=item_id,
                                          version_hash=request.POST.get("version_hash", ""), note=reason)
        elif action == "return":
            services.library_item_return(actor=request.user, item_id=item_id, reason=reason)
        elif action == "retire":
            services.library_item_retire(actor=request.user, item_id=item_id, reason=reason)
        else:
            raise Http404("unknown action")
        messages.success(request, "Done.")
    except DomainError as exc:
        if exc.status == 403:
            deny(request, exc.message)
        messages.error(request, exc.message)
    return redirect("library:manage_item", item_id=item_id)


@require_http_methods(["GET", "POST"])
def campaigns(request: HttpRequest) -> HttpResponse:
    if (r := _require(request, may_manage_library(request.user), "only compliance runs campaigns")):
        return r
    form = CampaignForm(request.POST or None, initial={"item_id": request.GET.get("item")})
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_create(actor=request.user, item_id=form.cleaned_data["item_id"],
                                     cohort_id=form.cleaned_data["cohort"].pk, mode=form.cleaned_data["mode"],
                                     starts_at=form.cleaned_data.get("starts_at"))
            messages.success(request, "Campaign scheduled.")
            return redirect("library:campaigns")
        except DomainError as exc:
            form.add_error(None, exc.message)
    rows = Campaign.objects.select_related("item__current_version", "cohort").order_by("-starts_at")[:100]
    return render(request, "library/campaigns.html", {"form": form, "campaigns": rows},
                  status=400 if form.errors else 200)
