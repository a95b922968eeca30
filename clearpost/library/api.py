"""The library API for advisors (mounted by the API app under /api/library): browse, preview, share, suggestions.
Every call goes through the same selectors and services as the screens."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from clearpost.core.errors import NotPermitted
from clearpost.library.selectors import (
    library_entry_for_advisor,
    library_items_for_manager,
    library_list_for_advisor,
    may_approve_library,
    may_manage_library,
    share_preview,
    suggestion_list_for_advisor,
)
from clearpost.library.services import (
    campaign_create,
    item_content,
    library_item_approve,
    library_item_create,
    library_item_retire,
    library_item_return,
    library_item_submit,
    share_create,
)


class ItemOut(Schema):
    id: int
    title: str
    version: int
    version_hash: str
    tags: list[str]
    valid_until: datetime | None
    note_allowed: bool
    note_max_length: int
    account_ids: list[int]
    unlocked_until: datetime | None


class PreviewIn(Schema):
    note: str = Field("", max_length=500)
    note_position: str = Field("after", pattern="^(before|after)$")


class PreviewOut(Schema):
    network: str
    text: str
    counted: int
    limit: int
    fits: bool


class ShareIn(PreviewIn):
    account_ids: list[int] = Field(..., min_length=1, max_length=10)
    scheduled_for: datetime | None = None
    suggestion_id: int | None = None


class ShareOut(Schema):
    share_id: int
    post_id: int | None
    network: str
    status: str
    text: str


class SuggestionOut(Schema):
    id: int
    item_id: int
    title: str
    created_at: datetime
    shared_at: datetime | None


class ItemIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=5000)
    variants: dict[str, str] = {}
    disclosure_ids: list[str] = []
    tags: list[str] = []
    audience: dict[str, list[str]] = {}
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    note_allowed: bool = False
    note_max_length: int = 0
    note_positions: list[str] = []
    trigger_rule_id: int | None = None


class ManagedItemOut(Schema):
    id: int
    status: str
    title: str
    version: int
    version_hash: str
    approved_by: str | None


class ActionIn(Schema):
    reason: str = Field("", max_length=1000)
    version_hash: str = ""


class CampaignIn(Schema):
    item_id: int
    cohort_id: int
    mode: str = Field("suggest", pattern="^(suggest|auto)$")
    starts_at: datetime | None = None


class CampaignOut(Schema):
    id: int
    status: str
    starts_at: datetime


def _managed(item_id: int) -> ManagedItemOut:
    from clearpost.library.models import LibraryItem

    item = LibraryItem.objects.select_related("current_version__approved_by").get(pk=item_id)
    v = item.current_version
    assert v is not None
    return ManagedItemOut(id=item.pk, status=item.status, title=v.title, version=v.number,
                          version_hash=v.content_hash, approved_by=v.approved_by.username if v.approved_by else None)


def _advisor(request: HttpRequest) -> None:
    if not request.user.has_perm("posts.compose_post"):
        raise NotPermitted("only advisors use the library", permission="posts.compose_post")


def build_router() -> Router:
    router = Router(tags=["library"])

    @router.get("/items", response=list[ItemOut], summary="Items I may share now")
    def items(request: HttpRequest, q: str = "", tag: str = "") -> list[ItemOut]:
        _advisor(request)
        return [ItemOut(id=e.item.pk, title=e.version.title, version=e.version.number,
                        version_hash=e.version.content_hash, tags=e.version.tags, valid_until=e.version.valid_until,
                        note_allowed=e.version.note_allowed, note_max_length=e.version.note_max_length,
                        account_ids=[a.pk for a in e.accounts],
                        unlocked_until=e.unlock.closes_at if e.unlock else None)
                for e in library_list_for_advisor(advisor=request.user, q=q[:100], tag=tag[:40])]  # type: ignore[arg-type]

    @router.post("/items/{item_id}/preview", response=list[PreviewOut], summary="Exactly what would be published")
    def preview(request: HttpRequest, item_id: int, payload: PreviewIn) -> list[PreviewOut]:
        _advisor(request)
        entry = library_entry_for_advisor(advisor=request.user, item_id=item_id)  # type: ignore[arg-type]
        if entry is None:
            raise Http404("this item is not in your library")
        out = []
        for network in sorted({a.network for a in entry.accounts}):
            r = share_preview(advisor=request.user, version=entry.version, network=network,  # type: ignore[arg-type]
                              figures=entry.figures, note=payload.note, note_position=payload.note_position)
            out.append(PreviewOut(network=network, text=r.text, counted=r.length["counted"],
                                  limit=r.length["limit"], fits=r.fits))
        return out

    @router.post("/items/{item_id}/share", response={201: list[ShareOut]}, summary="Share now or schedule")
    def share(request: HttpRequest, item_id: int, payload: ShareIn) -> Status[list[ShareOut]]:
        shares = share_create(advisor=request.user, item_id=item_id, account_ids=payload.account_ids,  # type: ignore[arg-type]
                              note=payload.note, note_position=payload.note_position,
                              scheduled_for=payload.scheduled_for, suggestion_id=payload.suggestion_id)
        return Status(201, [ShareOut(share_id=s.pk, post_id=s.post_id, network=s.account.network,
                              status=s.post.status if s.post else s.status, text=s.rendered_text) for s in shares])

    @router.get("/suggestions", response=list[SuggestionOut])
    def suggestions(request: HttpRequest) -> list[SuggestionOut]:
        _advisor(request)
        return [SuggestionOut(id=s.pk, item_id=s.item_id, title=s.title, created_at=s.created_at,
                              shared_at=s.shared_at)
                for s in suggestion_list_for_advisor(advisor=request.user)]  # type: ignore[arg-type]

    @router.get("/manage/items", response=list[ManagedItemOut], summary="Items, for compliance and principals")
    def managed_items(request: HttpRequest, status: str = "") -> list[ManagedItemOut]:
        if not (may_manage_library(request.user) or may_approve_library(request.user)):  # type: ignore[arg-type]
            raise NotPermitted("library management needs compliance or principal rights")
        return [_managed(i.pk) for i in library_items_for_manager(status=status)[:500]]

    @router.post("/manage/items", response={201: ManagedItemOut}, summary="Write a new item (draft)")
    def create_item(request: HttpRequest, payload: ItemIn) -> Status[ManagedItemOut]:
        data = payload.dict()
        trigger = data.pop("trigger_rule_id")
        item = library_item_create(actor=request.user, content=item_content(**data),  # type: ignore[arg-type]
                                   trigger_rule_id=trigger)
        return Status(201, _managed(item.pk))

    @router.post("/manage/items/{item_id}/{action}", response=ManagedItemOut,
                 summary="submit | approve | return | retire")
    def item_action(request: HttpRequest, item_id: int, action: str, payload: ActionIn) -> ManagedItemOut:
        actor = request.user
        if action == "submit":
            library_item_submit(actor=actor, item_id=item_id)  # type: ignore[arg-type]
        elif action == "approve":
            library_item_approve(actor=actor, item_id=item_id, version_hash=payload.version_hash,  # type: ignore[arg-type]
                                 note=payload.reason)
        elif action == "return":
            library_item_return(actor=actor, item_id=item_id, reason=payload.reason)  # type: ignore[arg-type]
        elif action == "retire":
            library_item_retire(actor=actor, item_id=item_id, reason=payload.reason)  # type: ignore[arg-type]
        else:
            raise Http404("unknown action")
        return _managed(item_id)

    @router.post("/manage/campaigns", response={201: CampaignOut}, summary="Schedule an item for a cohort")
    def create_campaign(request: HttpRequest, payload: CampaignIn) -> Status[CampaignOut]:
        campaign = campaign_create(actor=request.user, item_id=payload.item_id,  # type: ignore[arg-type]
                                   cohort_id=payload.cohort_id, mode=payload.mode, starts_at=payload.starts_at)
        return Status(201, CampaignOut(id=campaign.pk, status=campaign.status, starts_at=campaign.starts_at))

    return router


router = build_router()
