from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clearpost.archive.models import ArchiveRecord
from clearpost.core.permissions import require_permission


@require_permission("archive.search_archive")
def records(request: HttpRequest) -> HttpResponse:
    latest = ArchiveRecord.objects.order_by("-seq")[:100]
    return render(request, "archive/records.html", {"records": latest})
