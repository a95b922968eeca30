from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from clearpost.api.api import api
from clearpost.core.errors import NotPermitted
from clearpost.posts import services as post_services
from clearpost.posts.selectors import post_get_for_viewer, post_list_for_author
from clearpost.review import services as review_services
from clearpost.review.selectors import review_queue, review_task_get

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


class DecisionIn(Schema):
    action: str = Field(..., pattern="^(approve|reject|request_changes)$")
    reason: str = Field("", max_length=2000)


class ReviewTaskOut(Schema):
    id: int
    post_id: int
    status: str
    advisor: str
    network: str
    text: str
    version_hash: str
    verdict: str


def _post_out(post: Any) -> PostOut:
    v = post.current_version
    url = next((d.external_url for d in post.deliveries.all() if d.external_url), None)
    return PostOut(id=post.pk, network=post.network, status=post.status, text=v.text, version=v.number,
                   version_hash=v.content_hash, verdict=v.screening.get("verdict", ""), external_url=url,
                   created_at=post.created_at)


posts_router = Router(tags=["posts"])
review_router = Router(tags=["review"])


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


def _task_out(t: Any) -> ReviewTaskOut:
    return ReviewTaskOut(id=t.pk, post_id=t.post_id, status=t.status, advisor=str(t.post.author),
                         network=t.post.network, text=t.version.text, version_hash=t.version_hash,
                         verdict=t.version.screening.get("verdict", ""))


@review_router.get("/tasks", response=list[ReviewTaskOut], summary="Open reviews the caller may decide")
def list_tasks(request: HttpRequest) -> list[ReviewTaskOut]:
    if not request.user.has_perm("review.review_post"):
        raise NotPermitted("only registered principals may review posts")
    return [_task_out(t) for t in review_queue(reviewer=request.user)[:200]]


@review_router.post("/tasks/{task_id}/decision", response=ReviewTaskOut, summary="Approve, reject or request changes")
def decide(request: HttpRequest, task_id: int, payload: DecisionIn) -> ReviewTaskOut:
    if review_task_get(task_id=task_id, reviewer=request.user) is None:
        if not request.user.has_perm("review.review_post"):
            raise NotPermitted("only registered principals may review posts")
        raise Http404("no such review")
    actions = {
        "approve": lambda: review_services.review_task_approve(task_id=task_id, reviewer=request.user,
                                                               note=payload.reason),
        "reject": lambda: review_services.review_task_reject(task_id=task_id, reviewer=request.user,
                                                             reason=payload.reason),
        "request_changes": lambda: review_services.review_task_request_changes(
            task_id=task_id, reviewer=request.user, reason=payload.reason),
    }
    task = actions[payload.action]()
    return _task_out(review_task_get(task_id=task.pk, reviewer=request.user))


api.add_router("/policy", "clearpost.policy.api.router")
api.add_router("/access", "clearpost.entitlements.api.router")
api.add_router("/training", "clearpost.training.api.router")
api.add_router("/supervision", "clearpost.supervision.api.router")
api.add_router("/library", "clearpost.library.api.router")
api.add_router("/market", "clearpost.markets.api.router")
api.add_router("/posts", posts_router)
api.add_router("/review", review_router)
