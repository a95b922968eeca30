from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clearpost.core.errors import DomainError
from clearpost.core.permissions import require_permission
from clearpost.training.forms import CompleteCourseForm, ImportForm
from clearpost.training.models import Course
from clearpost.training.selectors import training_roster
from clearpost.training.services import completions_import_csv, course_complete


@require_permission("posts.compose_post")
@require_http_methods(["GET", "POST"])
def take_course(request: HttpRequest, code: str) -> HttpResponse:
    course = Course.objects.filter(code=code).first()
    version = course.versions.order_by("-number").first() if course else None
    if version is None:
        raise Http404("no such course")
    form = CompleteCourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            course_complete(advisor=request.user, course_version_id=version.pk, attested=True)
            messages.success(request, f"Completed “{course.title}”. Your access has been updated.")
            return redirect("entitlements:mine")
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "training/course.html", {"course": course, "version": version, "form": form},
                  status=400 if form.errors else 200)


@require_permission("policy.manage_rules")
def roster(request: HttpRequest) -> HttpResponse:
    """Who is current, expiring and lapsed, by branch."""
    courses = list(Course.objects.order_by("code"))
    code = request.GET.get("course") or (courses[0].code if courses else "")
    by_branch: dict[str, list[tuple[object, str, object]]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for advisor, state, expires in training_roster(course_code=code) if code else []:
        by_branch[str(advisor.branch or "No branch")].append((advisor, state, expires))
        counts[state] += 1
    return render(request, "training/roster.html", {"courses": courses, "code": code,
                                                    "by_branch": dict(by_branch), "counts": dict(counts)})


@require_permission("policy.manage_rules")
@require_http_methods(["GET", "POST"])
def import_completions(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            form.add_error("file", "the file is larger than 50 MB; split it")
        else:
            report = completions_import_csv(data=upload.read(), actor=request.user,
                                            dry_run=form.cleaned_data["dry_run"])
    status = 400 if (form.errors or (report and not report.ok)) else 200
    return render(request, "training/import.html", {"form": form, "report": report}, status=status)
