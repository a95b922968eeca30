"""The sandbox's X API v2 subset, on the same wire shapes as the real one (see shared/specs/x/openapi.json)."""

from __future__ import annotations

import json
import time
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clearpost.sandbox.models import SandboxAccount, SandboxPost

MAX_WEIGHTED = 280


def _problem(status: int, title: str, detail: str) -> JsonResponse:
    return JsonResponse({"title": title, "detail": detail, "type": "about:blank", "status": status}, status=status)


def _authenticate(request: HttpRequest) -> SandboxAccount | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return SandboxAccount.objects.filter(network="x", access_token=header.removeprefix("Bearer ").strip()).first()


def _rate_headers(response: HttpResponse) -> HttpResponse:
    response["x-rate-limit-limit"] = "200"
    response["x-rate-limit-remaining"] = "199"
    response["x-rate-limit-reset"] = str(int(time.time()) + 900)
    return response


def _tweet(post: SandboxPost) -> dict[str, Any]:
    return {"id": str(post.pk), "text": post.text, "edit_history_tweet_ids": [str(post.pk)],
            "author_id": str(post.account_id), "created_at": post.created_at.strftime("%Y-%m-%dT%H:%M:%S.000Z")}


@csrf_exempt
@require_http_methods(["POST"])
def create_tweet(request: HttpRequest) -> HttpResponse:
    account = _authenticate(request)
    if account is None:
        return _problem(401, "Unauthorized", "Unauthorized")
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return _problem(400, "Invalid Request", "The request body is not valid JSON.")
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text:
        return _problem(400, "Invalid Request", "The `text` field is required.")
    if SandboxPost.objects.filter(account=account, text=text, deleted_at__isnull=True).exists():
        return _problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
    post = SandboxPost.objects.create(account=account, text=text)
    data = _tweet(post)
    return _rate_headers(JsonResponse({"data": {"id": data["id"], "text": data["text"],
                                                 "edit_history_tweet_ids": data["edit_history_tweet_ids"]}},
                                       status=201))


@require_http_methods(["GET"])
def user_tweets(request: HttpRequest, user_id: str) -> HttpResponse:
    account = _authenticate(request)
    if account is None:
        return _problem(401, "Unauthorized", "Unauthorized")
    try:
        limit = max(5, min(100, int(request.GET.get("max_results", "10"))))
    except ValueError:
        return _problem(400, "Invalid Request", "max_results must be an integer between 5 and 100.")
    posts = SandboxPost.objects.filter(account_id=user_id, deleted_at__isnull=True)[:limit]
    data = [_tweet(p) for p in posts]
    return _rate_headers(JsonResponse({"data": data, "meta": {"result_count": len(data)}} if data else
                                      {"meta": {"result_count": 0}}))


@require_http_methods(["GET"])
def users_me(request: HttpRequest) -> HttpResponse:
    account = _authenticate(request)
    if account is None:
        return _problem(401, "Unauthorized", "Unauthorized")
    return JsonResponse({"data": {"id": str(account.pk), "name": account.display_name, "username": account.handle}})
