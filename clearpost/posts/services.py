"""Post use cases: compose, edit, submit, withdraw. Each checks permission, changes rows and archives in one
transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.archive.hashing import content_hash
from clearpost.archive.services import Entry, archive_head_lock, archive_records_append_many
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.policy.services import policy_screen
from clearpost.posts.choices import ContentKind
from clearpost.posts.choices import PostStatus as S
from clearpost.posts.lifecycle import EDITABLE, Move, post_transition, post_transition_many
from clearpost.posts.models import Post, PostVersion

MAX_TEXT = 10_000


def _require_composer(user: User) -> None:
    if not user.has_perm("posts.compose_post"):
        raise NotPermitted("only advisors may compose posts", permission="posts.compose_post")


def _level_and_feature(kind: str) -> tuple[str, str]:
    from clearpost.entitlements.choices import Feature, Level

    level = Level.LIBRARY if kind in {ContentKind.LIBRARY, ContentKind.LIBRARY_WITH_NOTE} else Level.COMPOSE
    return level, Feature.REPLY if kind == ContentKind.REPLY else Feature.POST


def require_entitled_for(*, advisor: User, network: str, kind: str) -> None:
    """The one gate for posting (training before access; entitlement per network and level). Composing needs
    `compose`; sharing library content needs `library`; a reply needs the `reply` feature."""
    from clearpost.entitlements.choices import Level
    from clearpost.entitlements.services import entitlement_require

    level, feature = _level_and_feature(kind)
    entitlement_require(advisor=advisor, network=network, level=Level(level), feature=feature)


def entitlement_refusals(pairs: Sequence[tuple[User, str, str]]) -> dict[int, NotPermitted]:
    """`require_entitled_for` for a batch of (advisor, network, kind): the refusal of each position refused, with
    the same message (read again for the few refused). One bulk check per network, level and feature."""
    from clearpost.entitlements.choices import Level
    from clearpost.entitlements.selectors import entitled_advisor_ids

    groups: dict[tuple[str, str, str], set[int]] = {}
    for advisor, network, kind in pairs:
        groups.setdefault((network, *_level_and_feature(kind)), set()).add(advisor.pk)
    allowed = {key: entitled_advisor_ids(advisor_ids=sorted(ids), network=key[0], level=Level(key[1]),
                                         feature=key[2]) for key, ids in groups.items()}
    refused: dict[int, NotPermitted] = {}
    for position, (advisor, network, kind) in enumerate(pairs):
        if advisor.pk not in allowed[(network, *_level_and_feature(kind))]:
            try:
                require_entitled_for(advisor=advisor, network=network, kind=kind)
                # The two reads disagree only if access changed between them: refuse, the safe side.
                refused[position] = NotPermitted(f"not allowed: access on {network} changed; try again",
                                                 permission=network)
            except NotPermitted as exc:
                refused[position] = exc
    return refused


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise DomainError("the post is empty", code="empty_text")
    if len(text) > MAX_TEXT:
        raise DomainError(f"the post is longer than {MAX_TEXT} characters", code="text_too_long")
    return text


def _version_entry(post: Post, version: PostVersion, branch_id: int | None, actor_id: int) -> Entry:
    screening = version.screening
    return Entry(
        event_type=EventType.POST_VERSION_CREATED, actor_id=actor_id, advisor_id=post.author_id, branch_id=branch_id,
        network=post.network, account_id=post.account_id, post_id=post.pk,
        payload={"version": version.number, "text": version.text, "content_hash": version.content_hash,
                 "verdict": screening["verdict"], "categories": screening["categories"],
                 "policy_version": screening["policy_version"]})


def _submitted_entry(post: Post, version: PostVersion, actor_id: int, branch_id: int | None) -> Entry:
    return Entry(event_type=EventType.POST_SUBMITTED, actor_id=actor_id, advisor_id=post.author_id,
                 branch_id=branch_id, network=post.network, account_id=post.account_id, post_id=post.pk,
                 payload={"version": version.number, "content_hash": version.content_hash})


def _add_version(post: Post, *, text: str, actor: User) -> PostVersion:
    number = (post.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    screening = policy_screen(text=text, network=post.network)
    version = PostVersion.objects.create(
        post=post, number=number, text=text, content_hash=content_hash(text), screening=screening,
        created_by=actor,
    )
    post.current_version = version
    post.save(update_fields=["current_version", "updated_at"])
    archive_records_append_many([_version_entry(post, version, post.author.branch_id, actor.pk)])
    return version


@transaction.atomic
def post_create(*, author: User, account_id: int, text: str, kind: ContentKind = ContentKind.COMPOSED) -> Post:
    """Create a draft post for one of the author's active accounts, with its first version."""
    _require_composer(author)
    text = _clean_text(text)
    account = NetworkAccount.objects.filter(pk=account_id, owner=author, status=AccountStatus.ACTIVE).first()
    if account is None:
        raise DomainError("choose one of your linked, approved accounts", code="unknown_account")
    require_entitled_for(advisor=author, network=account.network, kind=kind)
    post = Post.objects.create(author=author, network=account.network, account=account, kind=kind)
    _add_version(post, text=text, actor=author)
    return post


@dataclass(frozen=True)
class Draft:
    """One post of a batch: its author, the account, the text and its kind; `screening` when the caller already
    screened exactly this text on this network with the active rule set (outside its write transaction)."""

    author: User
    account_id: int
    text: str
    kind: ContentKind = ContentKind.COMPOSED
    screening: Mapping[str, Any] | None = None


@transaction.atomic
def post_create_many(*, drafts: Sequence[Draft], archive: list[Entry] | None = None) -> list[Post | DomainError]:
    """`post_create` for a batch: each draft passes the same checks in the same order (composer, text, one of the
    author's active accounts, entitlement) and gets its post and first version, or the error that refused it —
    alone: the others go ahead. Rows are written with one insert each; the version records go to `archive`
    when the caller appends its batch itself, else they are appended here."""
    from clearpost.posts.selectors import composer_ids

    if not drafts:
        return []
    results: list[Post | DomainError | None] = [None] * len(drafts)
    composers = composer_ids(user_ids=sorted({d.author.pk for d in drafts}))
    accounts = {a.pk: a for a in NetworkAccount.objects.filter(pk__in={d.account_id for d in drafts},
                                                               status=AccountStatus.ACTIVE)}
    texts: dict[int, str] = {}
    for i, draft in enumerate(drafts):
        try:
            if draft.author.pk not in composers:
                raise NotPermitted("only advisors may compose posts", permission="posts.compose_post")
            texts[i] = _clean_text(draft.text)
            account = accounts.get(draft.account_id)
            if account is None or account.owner_id != draft.author.pk:
                raise DomainError("choose one of your linked, approved accounts", code="unknown_account")
        except DomainError as exc:
            results[i] = exc
    checked = [i for i, r in enumerate(results) if r is None]
    refused = entitlement_refusals([(drafts[i].author, accounts[drafts[i].account_id].network, drafts[i].kind)
                                  for i in checked])
    for position, exc in refused.items():
        results[checked[position]] = exc
    passing = [i for i in checked if results[i] is None]
    posts = Post.objects.bulk_create([Post(author=drafts[i].author, network=accounts[drafts[i].account_id].network,
                                           account=accounts[drafts[i].account_id], kind=drafts[i].kind)
                                      for i in passing])
    screened: dict[tuple[str, str], dict[str, Any]] = {}  # the same text on the same network screens the same
    versions = []
    for i, post in zip(passing, posts, strict=True):
        screening = drafts[i].screening
        if screening is None:
            key = (texts[i], post.network)
            if key not in screened:
                screened[key] = policy_screen(text=texts[i], network=post.network)
            screening = screened[key]
        versions.append(PostVersion(post=post, number=1, text=texts[i], content_hash=content_hash(texts[i]),
                                    screening=dict(screening), created_by=drafts[i].author))
    PostVersion.objects.bulk_create(versions)
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(
        current_version=Subquery(PostVersion.objects.filter(post=OuterRef("pk"), number=1).values("pk")[:1]),
        updated_at=timezone.now())
    entries = archive if archive is not None else []
    for i, post, version in zip(passing, posts, versions, strict=True):
        post.current_version = version
        results[i] = post
        entries.append(_version_entry(post, version, drafts[i].author.branch_id, drafts[i].author.pk))
    if archive is None:
        archive_records_append_many(entries)
    return [r for r in results if r is not None]


@transaction.atomic
def post_submit_many(*, post_ids: Sequence[int], archive: list[Entry] | None = None) -> list[Post]:
    """`post_submit` for a batch, each post by its author (the only one who may): the same checks, transition,
    record and routing, a statement or two per step. All or nothing: a post that fails a check raises, so a
    caller that must isolate failures checks first (`post_create_many` did, in the same transaction)."""
    from clearpost.posts.selectors import composer_ids
    from clearpost.review.services import review_route_submissions

    if not post_ids:
        return []
    if archive is None:
        archive_head_lock()  # appending here: the head before any post, as `post_transition_many` explains
    posts = {p.pk: p for p in Post.objects.select_related("current_version", "author").filter(pk__in=list(post_ids))}
    composers = composer_ids(user_ids=sorted({p.author_id for p in posts.values()}))
    ordered = [posts[pk] for pk in post_ids]
    for post in ordered:
        if post.author_id not in composers:
            raise NotPermitted("only advisors may compose posts", permission="posts.compose_post")
    # Checked again at submission: training may have lapsed or access been suspended since the draft.
    refused = entitlement_refusals([(p.author, p.network, p.kind) for p in ordered])
    if refused:
        raise next(iter(refused.values()))
    for post in ordered:
        if post.current_version is None:
            raise DomainError("the post has no text to submit", code="empty_text")
    entries = archive if archive is not None else []
    post_transition_many(to=S.SUBMITTED, moves=[Move(p.pk, p.author_id, details={"version": p.current_version.number})
                                                for p in ordered if p.current_version], archive=entries)
    for post in ordered:
        version = post.current_version
        assert version is not None
        entries.append(_submitted_entry(post, version, post.author_id, post.author.branch_id))
    review_route_submissions(post_ids=[p.pk for p in ordered], actor_ids={p.pk: p.author_id for p in ordered},
                             archive=entries)
    if archive is None:
        archive_records_append_many(entries)
    return list(Post.objects.filter(pk__in=list(post_ids)))


@transaction.atomic
def post_edit(*, post_id: int, actor: User, text: str) -> Post:
    """A new immutable version; any pending or given approval of the old version is voided (FINRA 2210(b):
    approval covers the exact content approved)."""
    from clearpost.review.services import review_tasks_void_for_post

    post = Post.objects.select_for_update().get(pk=post_id)
    if post.author_id != actor.pk:
        raise NotPermitted("only the author may edit a post")
    if post.status not in EDITABLE:
        raise DomainError(f"a {post.get_status_display().lower()} post cannot be edited", code="not_editable")
    text = _clean_text(text)
    if post.current_version and post.current_version.text == text:
        return post
    review_tasks_void_for_post(post_id=post.pk, reason="edited by the author")
    if post.status != S.DRAFT:
        post = post_transition(post_id=post.pk, to=S.DRAFT, actor_id=actor.pk, reason="edited; approval voided")
    _add_version(post, text=text, actor=actor)
    return post


@transaction.atomic
def post_submit(*, post_id: int, actor: User) -> Post:
    """Submit the current version. The engine's verdict and the firm's routing policy route it: `reject` goes
    back to the advisor with the findings, `review` to a registered principal (FINRA 2210(b)(1)), and `approve`
    may be approved automatically only where the firm's policy says so."""
    from clearpost.review.services import review_route_submission

    post = Post.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=post_id)
    if post.author_id != actor.pk:
        raise NotPermitted("only the author may submit a post")
    _require_composer(actor)
    # Checked again at submission: training may have lapsed or access been suspended since the draft.
    require_entitled_for(advisor=actor, network=post.network, kind=post.kind)
    version = post.current_version
    if version is None:
        raise DomainError("the post has no text to submit", code="empty_text")
    post_transition(post_id=post.pk, to=S.SUBMITTED, actor_id=actor.pk, details={"version": version.number})
    archive_records_append_many([_submitted_entry(post, version, actor.pk, actor.branch_id)])
    # The firm's routing policy and the engine's verdict decide what happens next (review/services.py).
    return review_route_submission(post_id=post.pk, actor_id=actor.pk)


@transaction.atomic
def post_withdraw(*, post_id: int, actor: User, reason: str = "") -> Post:
    from clearpost.review.services import review_tasks_void_for_post

    post = Post.objects.select_for_update().get(pk=post_id)
    if post.author_id != actor.pk:
        raise NotPermitted("only the author may withdraw a post")
    if post.status in {S.PUBLISHING, S.PUBLISHED}:
        raise DomainError("a post being published or already published cannot be withdrawn here", code="too_late")
    review_tasks_void_for_post(post_id=post.pk, reason="withdrawn by the author")
    return post_transition(post_id=post.pk, to=S.WITHDRAWN, actor_id=actor.pk, reason=reason or "withdrawn")
