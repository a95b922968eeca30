from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from clearpost.api.api import api
from clearpost.posts import services as post_services
from clearpost.posts.selectors import post_get_for_viewer, post_list_for_author

Network = str


class PostIn(Schema):
    account_id: int
    text: str = Field(..., min_length=1, max_length=10_000)
    submit: bool = True


class PostOut(Schema):
    id: int
    network: str
    status: str
    text: str
    version: int
    version_hash: str
    verdict: str
    external_url: str | None
    created_at: datetime


def _post_out(post: Any) -> PostOut:
    v = post.current_version
    url = next((d.external_url for d in post.deliveries.all() if d.external_url), None)
    return PostOut(id=post.pk, network=post.network, status=post.status, text=v.text, version=v.number,
                   version_hash=v.content_hash, verdict=v.screening.get("verdict", ""), external_url=url,
                   created_at=post.created_at)


posts_router = Router(tags=["posts"])


@posts_router.get("", response=list[PostOut], summary="The caller's posts, newest first")
def list_posts(request: HttpRequest) -> list[PostOut]:
    return [_post_out(p) for p in post_list_for_author(author=request.user)[:200]]


@posts_router.post("", response={201: PostOut}, summary="Compose a post (and submit it for approval)")
def create_post(request: HttpRequest, payload: PostIn) -> Status[PostOut]:
    post = post_services.post_create(author=request.user, account_id=payload.account_id, text=payload.text)
    if payload.submit:
        post_services.post_submit(post_id=post.pk, actor=request.user)
    post.refresh_from_db()
    return Status(201, _post_out(post_get_for_viewer(post_id=post.pk, viewer=request.user)))


@posts_router.get("/{post_id}", response=PostOut)
def get_post(request: HttpRequest, post_id: int) -> PostOut:
    post = post_get_for_viewer(post_id=post_id, viewer=request.user)
    if post is None:
        raise Http404("no such post")
    return _post_out(post)


api.add_router("/posts", posts_router)
api.add_router("/review", "clearpost.review.api.router")
api.add_router("/policy", "clearpost.policy.api.router")
api.add_router("/access", "clearpost.entitlements.api.router")
api.add_router("/training", "clearpost.training.api.router")
api.add_router("/supervision", "clearpost.supervision.api.router")
api.add_router("/library", "clearpost.library.api.router")
api.add_router("/market", "clearpost.markets.api.router")
