"""The sandbox's Mastodon subset (see shared/specs/mastodon/openapi.json): post a status honouring
`Idempotency-Key`, statuses by account, notifications (mentions), the instance with its character limit,
verify_credentials, delete."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clearpost.sandbox import gate as gates
from clearpost.sandbox.models import SandboxAccount, SandboxPost

NETWORK = "mastodon"
MAX_CHARACTERS = 500
EPOCH = "2024-01-01T00:00:00.000Z"


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/mastodon").rstrip("/")


def _iso(value: Any) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def account_json(request: HttpRequest, account: SandboxAccount) -> dict[str, Any]:
    base = _base(request)
    return {
        "id": str(account.pk), "username": account.handle, "acct": account.handle,
        "display_name": account.display_name or account.handle, "locked": False, "bot": account.is_audience,
        "group": False, "indexable": True, "discoverable": True, "created_at": EPOCH, "note": "",
        "url": f"{base}/@{account.handle}", "uri": f"{base}/users/{account.handle}",
        "avatar": f"{base}/avatar.png", "avatar_static": f"{base}/avatar.png",
        "header": f"{base}/header.png", "header_static": f"{base}/header.png",
        "followers_count": 0, "following_count": 0, "statuses_count": account.posts.count(),
        "last_status_at": None, "emojis": [], "fields": [],
    }


def status_json(request: HttpRequest, post: SandboxPost) -> dict[str, Any]:
    base = _base(request)
    parent = post.in_reply_to
    return {
        "id": str(post.pk), "uri": f"{base}/users/{post.account.handle}/statuses/{post.pk}",
        "url": f"{base}/@{post.account.handle}/{post.pk}", "created_at": _iso(post.created_at),
        "account": account_json(request, post.account), "content": f"<p>{escape(post.text)}</p>",
        "visibility": "public", "sensitive": False, "spoiler_text": "", "media_attachments": [], "mentions": [],
        "tags": [], "emojis": [], "reblogs_count": 0, "favourites_count": 0, "replies_count": post.replies.count(),
        "in_reply_to_id": str(parent.pk) if parent else None,
        "in_reply_to_account_id": str(parent.account_id) if parent else None,
        "reblog": None, "poll": None, "card": None, "language": "en", "text": post.text, "edited_at": None,
    }


def _read_body(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}
    return request.POST.dict()


@csrf_exempt
@require_http_methods(["POST"])
def create_status(request: HttpRequest) -> HttpResponse:
    gate = gates.enter(request, NETWORK, write=True)
    if gate.early is not None:
        return gate.finish(gate.early)
    body = _read_body(request)
    text = body.get("status")
    if not isinstance(text, str) or not text.strip():
        return gate.finish(gates.error(NETWORK, 422, "Unprocessable", "Validation failed: Text can't be blank"))
    if len(text) > MAX_CHARACTERS:
        return gate.finish(gates.error(NETWORK, 422, "Unprocessable",
                                       f"Validation failed: Text character limit of {MAX_CHARACTERS} exceeded"))
    key = request.headers.get("Idempotency-Key", "")[:128]
    if key:
        # Mastodon keeps idempotency keys for an hour: the same key returns the status it already created.
        since = timezone.now() - timedelta(hours=1)
        existing = (SandboxPost.objects.select_related("account")
                    .filter(account=gate.account, idempotency_key=key, created_at__gte=since).first())
        if existing is not None:
            return gate.finish(JsonResponse(status_json(request, existing)))
    parent = None
    reply_to = str(body.get("in_reply_to_id") or "")
    if reply_to.isdigit():
        parent = SandboxPost.objects.filter(pk=int(reply_to), network=NETWORK).first()
    post = SandboxPost.objects.create(account=gate.account, network=NETWORK, text=text, idempotency_key=key,
                                      in_reply_to=parent,
                                      conversation_root_id=parent.conversation_id if parent else None)
    return gate.finish(JsonResponse(status_json(request, post)))


@csrf_exempt
@require_http_methods(["GET", "DELETE"])
def status(request: HttpRequest, status_id: str) -> HttpResponse:
    gate = gates.enter(request, NETWORK, write=request.method == "DELETE")
    if gate.early is not None:
        return gate.finish(gate.early)
    post = (SandboxPost.objects.select_related("account", "in_reply_to")
            .filter(pk=int(status_id), network=NETWORK, deleted_at__isnull=True).first()
            if status_id.isdigit() else None)
    if post is None:
        return gate.finish(gates.error(NETWORK, 404, "Not Found", "Record not found"))
    if request.method == "DELETE":
        if post.account_id != gate.account.pk:  # type: ignore[union-attr]
            return gate.finish(gates.error(NETWORK, 403, "Forbidden", "This action is not allowed"))
        SandboxPost.objects.filter(pk=post.pk).update(deleted_at=timezone.now())
    return gate.finish(JsonResponse(status_json(request, post)))


def _limit(request: HttpRequest, default: int, cap: int) -> int:
    try:
        return max(1, min(cap, int(request.GET.get("limit", default))))
    except ValueError:
        return default


def _since(request: HttpRequest) -> int:
    value = request.GET.get("since_id", "")
    return int(value) if value.isdigit() else 0


@require_http_methods(["GET"])
def account_statuses(request: HttpRequest, account_id: str) -> HttpResponse:
    gate = gates.enter(request, NETWORK)
    if gate.early is not None:
        return gate.finish(gate.early)
    if not account_id.isdigit():
        return gate.finish(gates.error(NETWORK, 404, "Not Found", "Record not found"))
    posts = (SandboxPost.objects.select_related("account", "in_reply_to")
             .filter(account_id=int(account_id), network=NETWORK, deleted_at__isnull=True, pk__gt=_since(request))
             .order_by("-id")[:_limit(request, 20, 40)])
    return gate.finish(JsonResponse([status_json(request, p) for p in posts], safe=False))


@require_http_methods(["GET"])
def notifications(request: HttpRequest) -> HttpResponse:
    """Mentions: replies by others to the account's statuses. The notification id is the status id."""
    gate = gates.enter(request, NETWORK)
    if gate.early is not None:
        return gate.finish(gate.early)
    account = gate.account
    assert account is not None
    posts = (SandboxPost.objects.select_related("account", "in_reply_to")
             .filter(network=NETWORK, deleted_at__isnull=True, in_reply_to__account=account, pk__gt=_since(request))
             .exclude(account=account).order_by("-id")[:_limit(request, 40, 80)])
    items = [{"id": str(p.pk), "type": "mention", "group_key": f"ungrouped-{p.pk}", "created_at": _iso(p.created_at),
              "account": account_json(request, p.account), "status": status_json(request, p)} for p in posts]
    return gate.finish(JsonResponse(items, safe=False))


@require_http_methods(["GET"])
def verify_credentials(request: HttpRequest) -> HttpResponse:
    gate = gates.enter(request, NETWORK)
    if gate.early is not None:
        return gate.finish(gate.early)
    assert gate.account is not None
    me = account_json(request, gate.account)
    me["source"] = {"privacy": "public", "sensitive": False, "language": "en", "note": "", "fields": [],
                    "follow_requests_count": 0, "indexable": True}
    me["role"] = {"id": "-99", "name": "", "color": "", "permissions": "0", "highlighted": False}
    return gate.finish(JsonResponse(me))


@require_http_methods(["GET"])
def instance(request: HttpRequest) -> HttpResponse:
    """Public, like the real one: the character limit lives in configuration.statuses.max_characters."""
    host = request.get_host()
    return JsonResponse({
        "uri": host, "title": "Sandbox Mastodon", "short_description": "A local stand-in for a Mastodon server.",
        "description": "Clearpost's sandbox network.", "email": "admin@example.com", "version": "4.3.0",
        "urls": {"streaming_api": f"ws://{host}"}, "stats": {"user_count": SandboxAccount.objects.filter(
            network=NETWORK).count(), "status_count": SandboxPost.objects.filter(network=NETWORK).count(),
            "domain_count": 1},
        "thumbnail": None, "languages": ["en"], "registrations": False, "approval_required": True,
        "invites_enabled": False, "contact_account": None, "rules": [],
        "configuration": {
            "accounts": {"max_featured_tags": 10},
            "statuses": {"max_characters": MAX_CHARACTERS, "max_media_attachments": 4,
                         "characters_reserved_per_url": 23},
            "media_attachments": {"supported_mime_types": ["image/png"], "image_size_limit": 16777216,
                                  "image_matrix_limit": 33177600, "video_size_limit": 103809024,
                                  "video_frame_rate_limit": 120, "video_matrix_limit": 8294400},
            "polls": {"max_options": 4, "max_characters_per_option": 50, "min_expiration": 300,
                      "max_expiration": 2629746},
        },
    })
