"""Archive pages: search, a record with its post's whole history, the access log, legal holds, retention classes,
and a JSON Lines download. Thin: parse, call a selector or service, log the access, render."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clearpost.archive.models import AccessAction, ArchiveRecord, RetentionClass
from clearpost.archive.search import SearchError, archive_search, filters_from_params, parse_when, search_seqs
from clearpost.archive.selectors import access_log_list, archive_record_history, legal_hold_list
from clearpost.archive.services import (
    archive_access_record,
    can_manage_retention,
    legal_hold_create,
    legal_hold_release,
    retention_class_set,
)
from clearpost.core.errors import DomainError
from clearpost.core.events import RecordClass
from clearpost.core.permissions import deny, require_permission

PAGE = 50
EXPORT_LIMIT = 10_000


@require_permission("archive.search_archive")
def records(request: HttpRequest) -> HttpResponse:
    """Search (SEC 17a-4(f): indexed, promptly retrievable). A malformed query or filter is a 400 with its reason."""
    context: dict[str, Any] = {"params": request.GET, "record_classes": [c.value for c in RecordClass]}
    try:
        query, filters = filters_from_params(request.GET)
        before = request.GET.get("before", "")
        hits = archive_search(query=query, filters=filters, limit=PAGE,
                              before_seq=int(before) if before.isdigit() else None,
                              ranked=request.GET.get("ranked") == "1")
    except SearchError as exc:
        context["error"] = exc.message
        return render(request, "archive/records.html", context, status=400)
    archive_access_record(user=request.user, action=AccessAction.SEARCH, query=query, filters=filters.as_dict(),
                          seqs=[h.seq for h in hits])
    context.update(hits=hits, query=query, more=len(hits) == PAGE, last_seq=hits[-1].seq if hits else None,
                   can_export=request.user.has_perm("archive.export_archive"),
                   can_manage=can_manage_retention(request.user))
    if request.htmx:
        return render(request, "archive/_hits.html", context)
    return render(request, "archive/records.html", context)


@require_permission("archive.search_archive")
def record(request: HttpRequest, seq: int) -> HttpResponse:
    """One record and the whole history of its post (every version, decision, delivery, correction)."""
    shown = get_object_or_404(ArchiveRecord, seq=seq)
    history = archive_record_history(record=shown)
    archive_access_record(user=request.user, action=AccessAction.VIEW, seqs=[r.seq for r in history],
                          filters={"record": seq})
    rows = [{"record": r, "payload": json.dumps(json.loads(r.body).get("payload"), indent=2, ensure_ascii=False,
                                                sort_keys=True) if r.body else None} for r in history]
    return render(request, "archive/record.html", {"shown": shown, "rows": rows})


@require_permission("archive.export_archive")
def export_jsonl(request: HttpRequest) -> HttpResponse:
    """The current search as JSON Lines with original payloads (up to EXPORT_LIMIT records); logged."""
    try:
        query, filters = filters_from_params(request.GET)
        seqs = search_seqs(query=query, filters=filters, limit=EXPORT_LIMIT)
    except SearchError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain")
    archive_access_record(user=request.user, action=AccessAction.EXPORT, query=query, filters=filters.as_dict(),
                          seqs=seqs)

    def lines() -> Any:
        for r in ArchiveRecord.objects.filter(seq__in=seqs).order_by("seq").iterator(chunk_size=1000):
            yield json.dumps({"seq": r.seq, "body": r.body, "content_hash": r.content_hash,
                              "chain_hash": r.chain_hash, "payload": json.loads(r.body).get("payload") if r.body
                              else None, "disposed_at": r.disposed_at.isoformat() if r.disposed_at else None},
                             ensure_ascii=False) + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    response["Content-Disposition"] = 'attachment; filename="archive-records.jsonl"'
    return response


def _require_compliance(request: HttpRequest) -> None:
    if not can_manage_retention(request.user):
        deny(request, "only compliance admins manage retention and legal holds")


@require_permission("archive.search_archive")
def access_log(request: HttpRequest) -> HttpResponse:
    """Who searched, viewed or exported what, when — for compliance admins (FINRA 4511 audit trail)."""
    user = request.user
    if not (user.has_perm("archive.view_access_log") or user.has_perm("policy.manage_rules")):
        deny(request, "only compliance admins read the archive access log")
    return render(request, "archive/access_log.html", {"entries": access_log_list()})


@require_http_methods(["GET", "POST"])
@require_permission("archive.search_archive")
def holds(request: HttpRequest) -> HttpResponse:
    _require_compliance(request)
    status = 200
    if request.method == "POST":
        post = request.POST
        try:
            since = parse_when(post.get("since"))
            until = parse_when(post.get("until"), end=True)
            advisor = post.get("advisor", "").strip()
            branch = post.get("branch", "").strip()
            if (advisor and not advisor.isdigit()) or (branch and not branch.isdigit()):
                raise DomainError("advisor and branch are numbers", code="bad_hold")
            hold = legal_hold_create(actor=request.user, name=post.get("name", ""), reason=post.get("reason", ""),
                                     advisor_id=int(advisor) if advisor else None,
                                     branch_id=int(branch) if branch else None, since=since, until=until,
                                     query=post.get("query", ""))
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
            status = 400
        else:
            messages.success(request, f"Legal hold “{hold.name}” is in force.")
            return redirect("archive:holds")
    return render(request, "archive/holds.html", {"holds": legal_hold_list()}, status=status)


@require_POST
@require_permission("archive.search_archive")
def hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    _require_compliance(request)
    try:
        legal_hold_release(actor=request.user, hold_id=pk, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("archive:holds")
    messages.success(request, "Legal hold released.")
    return redirect("archive:holds")


@require_http_methods(["GET", "POST"])
@require_permission("archive.search_archive")
def retention(request: HttpRequest) -> HttpResponse:
    _require_compliance(request)
    status = 200
    if request.method == "POST":
        post = request.POST
        try:
            years = post.get("years", "")
            if not years.isdigit():
                raise DomainError("years must be a whole number", code="bad_retention")
            retention_class_set(actor=request.user, code=post.get("code", "").strip(), name=post.get("name", ""),
                                years=int(years), record_classes=post.getlist("record_classes"))
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, "Retention class saved.")
            return redirect("archive:retention")
    return render(request, "archive/retention.html", {"classes": RetentionClass.objects.all(),
                                                      "record_classes": [c.value for c in RecordClass]},
                  status=status)
