"""The sandbox's X API v2 subset, on the same wire shapes as the real one (see shared/specs/x/openapi.json):
create, read and delete a post, the user's posts, mentions, and recent search by conversation."""

from __future__ import annotations

import json
import re
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clearpost.sandbox import gate as gates
from clearpost.sandbox.models import SandboxPost

NETWORK = "x"
MAX_WEIGHTED = 280


def _tweet(post: SandboxPost) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(post.pk), "text": post.text, "edit_history_tweet_ids": [str(post.pk)],
        "author_id": str(post.account_id), "conversation_id": str(post.conversation_id),
        "created_at": post.created_at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "public_metrics": {"repost_count": 0, "reply_count": post.replies.count(), "like_count": 0,
                           "quote_count": 0, "bookmark_count": 0, "impression_count": 0},
    }
    if post.in_reply_to_id:
        data["in_reply_to_user_id"] = str(post.in_reply_to.account_id)  # type: ignore[union-attr]
        data["referenced_tweets"] = [{"type": "replied_to", "id": str(post.in_reply_to_id)}]
    return data


def _page(posts: list[SandboxPost]) -> dict[str, Any]:
    data = [_tweet(p) for p in posts]
    if not data:
        return {"meta": {"result_count": 0}}
    return {"data": data, "meta": {"result_count": len(data), "newest_id": data[0]["id"], "oldest_id": data[-1]["id"]}}


def _limit(request: HttpRequest, low: int = 5) -> int | None:
    try:
        value = int(request.GET.get("max_results", "10"))
    except ValueError:
        return None
    return value if low <= value <= 100 else None


@csrf_exempt
@require_http_methods(["POST"])
def create_tweet(request: HttpRequest) -> HttpResponse:
    gate = gates.enter(request, NETWORK, write=True)
    if gate.early is not None:
        return gate.finish(gate.early)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return gate.finish(gates.error(NETWORK, 400, "Invalid Request", "The request body is not valid JSON."))
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text:
        return gate.finish(gates.error(NETWORK, 400, "Invalid Request", "The `text` field is required."))
    duplicate = SandboxPost.objects.filter(account=gate.account, text=text, deleted_at__isnull=True).exists()
    if duplicate or gate.fault == "duplicate":
        return gate.finish(gates.error(NETWORK, 403, "Forbidden",
                                       "You are not allowed to create a Tweet with duplicate content."))
    parent = None
    reply = body.get("reply") if isinstance(body.get("reply"), dict) else None
    if reply and str(reply.get("in_reply_to_tweet_id", "")).isdigit():
        parent = SandboxPost.objects.filter(pk=int(reply["in_reply_to_tweet_id"]), network=NETWORK).first()
    post = SandboxPost.objects.create(account=gate.account, network=NETWORK, text=text, in_reply_to=parent,
                                      conversation_root_id=parent.conversation_id if parent else None)
    return gate.finish(JsonResponse({"data": {"id": str(post.pk), "text": post.text,
                                              "edit_history_tweet_ids": [str(post.pk)]}}, status=201))


@csrf_exempt
@require_http_methods(["GET", "DELETE"])
def tweet(request: HttpRequest, tweet_id: str) -> HttpResponse:
    gate = gates.enter(request, NETWORK, write=request.method == "DELETE")
    if gate.early is not None:
        return gate.finish(gate.early)
    post = (SandboxPost.objects.filter(pk=int(tweet_id), network=NETWORK, deleted_at__isnull=True).first()
            if tweet_id.isdigit() else None)
    if request.method == "GET":
        if post is None:
            return gate.finish(JsonResponse({"errors": [{"title": "Not Found Error", "type": "about:blank",
                                                         "detail": f"Could not find tweet with id: [{tweet_id}]."}]}))
        return gate.finish(JsonResponse({"data": _tweet(post)}))
    if post is None:
        return gate.finish(JsonResponse({"data": {"deleted": False}}))
    if post.account_id != gate.account.pk:  # type: ignore[union-attr]
        return gate.finish(gates.error(NETWORK, 403, "Forbidden", "You are not allowed to delete this Tweet."))
    SandboxPost.objects.filter(pk=post.pk).update(deleted_at=timezone.now())
    return gate.finish(JsonResponse({"data": {"deleted": True}}))


def _since(request: HttpRequest) -> int:
    value = request.GET.get("since_id", "")
    return int(value) if value.isdigit() else 0


@require_http_methods(["GET"])
def user_tweets(request: HttpRequest, user_id: str) -> HttpResponse:
    gate = gates.enter(request, NETWORK)
    if gate.early is not None:
        return gate.finish(gate.early)
    limit = _limit(request)
    if limit is None or not user_id.isdigit():
        return gate.finish(gates.error(NETWORK, 400, "Invalid Request", "max_results must be between 5 and 100."))
    posts = SandboxPost.objects.filter(account_id=int(user_id), network=NETWORK, deleted_at__isnull=True,
                                       pk__gt=_since(request)).select_related("in_reply_to")
    return gate.finish(JsonResponse(_page(list(posts[:limit]))))


@require_http_methods(["GET"])
def user_mentions(request: HttpRequest, user_id: str) -> HttpResponse:
    """Posts that mention the user: here, replies to the user's posts (a reply starts with the @handle)."""
    gate = gates.enter(request, NETWORK)
    if gate.early is not None:
        return gate.finish(gate.early)
    limit = _limit(request)
    if limit is None or not user_id.isdigit():
        return gate.finish(gates.error(NETWORK, 400, "Invalid Request", "max_results must be between 5 and 100."))
    posts = (SandboxPost.objects.filter(network=NETWORK, deleted_at__isnull=True, pk__gt=_since(request),
                                        in_reply_to__account_id=int(user_id))
             .exclude(account_id=int(user_id)).select_related("in_reply_to").order_by("-id"))
    return gate.finish(JsonResponse(_page(list(posts[:limit]))))


_CONVERSATION = re.compile(r"conversation_id:(\d+)")


@require_http_methods(["GET"])
def search_recent(request: HttpRequest) -> HttpResponse:
    """Only the `conversation_id:N` operator: the replies in one conversation."""
    gate = gates.enter(request, NETWORK)
    if gate.early is not None:
        return gate.finish(gate.early)
    match = _CONVERSATION.search(request.GET.get("query", ""))
    limit = _limit(request, low=10)
    if match is None or limit is None:
        return gate.finish(gates.error(NETWORK, 400, "Invalid Request",
                                       "The sandbox supports `conversation_id:<id>` queries only."))
    root = int(match.group(1))
    posts = (SandboxPost.objects.filter(Q(conversation_root_id=root), network=NETWORK, deleted_at__isnull=True,
                                        pk__gt=_since(request)).select_related("in_reply_to").order_by("-id"))
    return gate.finish(JsonResponse(_page(list(posts[:limit]))))


@require_http_methods(["GET"])
def users_me(request: HttpRequest) -> HttpResponse:
    gate = gates.enter(request, NETWORK)
    if gate.early is not None:
        return gate.finish(gate.early)
    account = gate.account
    assert account is not None
    return gate.finish(JsonResponse({"data": {"id": str(account.pk), "name": account.display_name or account.handle,
                                              "username": account.handle}}))
