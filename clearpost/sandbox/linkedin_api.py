"""The sandbox's LinkedIn REST subset: `POST /rest/posts` (dated `LinkedIn-Version` and
`X-Restli-Protocol-Version: 2.0.0` required; 201 with the id in `x-restli-id`), the author's posts, delete,
comments, and OpenID userinfo. Like the real one, commentary in the "little" text format is silently cut at
the first unescaped reserved character, so a connector that forgets to escape loses text without an error."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clearpost.sandbox import gate as gates
from clearpost.sandbox.models import SandboxPost

NETWORK = "linkedin"
RESERVED = set("\\|{}@[]()<>#*_~")
_VERSION = re.compile(r"^\d{6}(\.\d{2})?$")


def little_parse(commentary: str) -> str:
    """The text a reader sees: escapes resolved, cut at the first unescaped reserved character."""
    out: list[str] = []
    i = 0
    while i < len(commentary):
        char = commentary[i]
        if char == "\\" and i + 1 < len(commentary) and commentary[i + 1] in RESERVED:
            out.append(commentary[i + 1])
            i += 2
            continue
        if char in RESERVED:
            break
        out.append(char)
        i += 1
    return "".join(out)


def little_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in RESERVED else c for c in text)


def _urn(post: SandboxPost) -> str:
    return f"urn:li:share:{post.pk}"


def _person(account_id: int) -> str:
    return f"urn:li:person:{account_id}"


def _post_json(post: SandboxPost) -> dict[str, Any]:
    millis = int(post.created_at.timestamp() * 1000)
    return {"id": _urn(post), "author": _person(post.account_id), "commentary": little_escape(post.text),
            "visibility": "PUBLIC", "lifecycleState": "PUBLISHED", "createdAt": millis, "publishedAt": millis,
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                             "thirdPartyDistributionChannels": []},
            "isReshareDisabledByAuthor": False}


def _headers_problem(request: HttpRequest) -> JsonResponse | None:
    if not _VERSION.match(request.headers.get("LinkedIn-Version", "")):
        return gates.error(NETWORK, 400, "VERSION_MISSING",
                           "A valid LinkedIn-Version header (YYYYMM) is required.")
    if request.headers.get("X-Restli-Protocol-Version") != "2.0.0":
        return gates.error(NETWORK, 400, "Protocol version", "X-Restli-Protocol-Version: 2.0.0 is required.")
    return None


def _share_pk(urn: str) -> int | None:
    value = unquote(urn).rsplit(":", 1)[-1]
    return int(value) if value.isdigit() else None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def posts(request: HttpRequest) -> HttpResponse:
    gate = gates.enter(request, NETWORK, write=request.method == "POST")
    if gate.early is not None:
        return gate.finish(gate.early)
    problem = _headers_problem(request)
    if problem is not None:
        return gate.finish(problem)
    account = gate.account
    assert account is not None
    if request.method == "GET":
        if request.GET.get("q") != "author" or unquote(request.GET.get("author", "")) != _person(account.pk):
            return gate.finish(gates.error(NETWORK, 403, "Forbidden", "Not enough permissions to access posts."))
        try:
            count = max(1, min(100, int(request.GET.get("count", "10"))))
        except ValueError:
            count = 10
        found = list(SandboxPost.objects.filter(account=account, network=NETWORK, in_reply_to__isnull=True,
                                                deleted_at__isnull=True).order_by("-id")[:count])
        return gate.finish(JsonResponse({"elements": [_post_json(p) for p in found],
                                         "paging": {"start": 0, "count": count, "links": []}}))
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return gate.finish(gates.error(NETWORK, 400, "Bad request", "Body is not valid JSON."))
    if not isinstance(body, dict) or body.get("author") != _person(account.pk):
        return gate.finish(gates.error(NETWORK, 403, "Forbidden", "author does not match the token's member."))
    commentary = body.get("commentary")
    if not isinstance(commentary, str) or body.get("lifecycleState") != "PUBLISHED":
        return gate.finish(gates.error(NETWORK, 422, "Unprocessable", "commentary and lifecycleState are required."))
    text = little_parse(commentary)
    duplicate = SandboxPost.objects.filter(account=account, network=NETWORK, text=text, in_reply_to__isnull=True,
                                           deleted_at__isnull=True).first()
    if duplicate is not None or gate.fault == "duplicate":
        urn = _urn(duplicate) if duplicate else "urn:li:share:0"
        return gate.finish(gates.error(NETWORK, 422, "Duplicate", f"Content is a duplicate of {urn}"))
    post = SandboxPost.objects.create(account=account, network=NETWORK, text=text)
    response = HttpResponse(status=201)
    response["x-restli-id"] = _urn(post)
    return gate.finish(response)


@csrf_exempt
@require_http_methods(["DELETE"])
def post_delete(request: HttpRequest, urn: str) -> HttpResponse:
    gate = gates.enter(request, NETWORK, write=True)
    if gate.early is not None:
        return gate.finish(gate.early)
    problem = _headers_problem(request)
    if problem is not None:
        return gate.finish(problem)
    pk = _share_pk(urn)
    post = SandboxPost.objects.filter(pk=pk, network=NETWORK).first() if pk else None
    if post is None:
        return gate.finish(gates.error(NETWORK, 404, "Not found", "Post not found."))
    if post.account_id != gate.account.pk:  # type: ignore[union-attr]
        return gate.finish(gates.error(NETWORK, 403, "Forbidden", "Not the author."))
    if post.deleted_at is None:
        SandboxPost.objects.filter(pk=post.pk).update(deleted_at=timezone.now())
    return gate.finish(HttpResponse(status=204))


@require_http_methods(["GET"])
def comments(request: HttpRequest, urn: str) -> HttpResponse:
    """Comments on one of the member's own posts (reading others' posts' comments needs restricted access)."""
    gate = gates.enter(request, NETWORK)
    if gate.early is not None:
        return gate.finish(gate.early)
    problem = _headers_problem(request)
    if problem is not None:
        return gate.finish(problem)
    pk = _share_pk(urn)
    post = SandboxPost.objects.filter(pk=pk, network=NETWORK).first() if pk else None
    if post is None or post.account_id != gate.account.pk:  # type: ignore[union-attr]
        return gate.finish(gates.error(NETWORK, 403, "Forbidden", "Not enough permissions to read comments."))
    found = post.replies.filter(deleted_at__isnull=True).order_by("-id")[:100]
    elements = [{"id": str(c.pk), "$URN": f"urn:li:comment:({_urn(post)},{c.pk})", "object": _urn(post),
                 "actor": _person(c.account_id), "actorName": c.account.display_name or c.account.handle,
                 "message": {"text": c.text}, "created": {"time": int(c.created_at.timestamp() * 1000)}}
                for c in found]
    return gate.finish(JsonResponse({"elements": elements, "paging": {"start": 0, "count": len(elements)}}))


@require_http_methods(["GET"])
def userinfo(request: HttpRequest) -> HttpResponse:
    gate = gates.enter(request, NETWORK)
    if gate.early is not None:
        return gate.finish(gate.early)
    account = gate.account
    assert account is not None
    return gate.finish(JsonResponse({"sub": str(account.pk), "name": account.display_name or account.handle,
                                     "preferred_username": account.handle, "email_verified": False}))
