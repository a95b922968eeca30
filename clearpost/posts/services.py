"""Post use cases: compose, edit, submit, withdraw. Each checks permission, changes rows and archives in one
transaction."""

from __future__ import annotations

from django.db import transaction

from clearpost.accounts.models import User
from clearpost.archive.hashing import content_hash
from clearpost.archive.services import archive_record_append
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.policy.services import policy_screen
from clearpost.posts.choices import ContentKind
from clearpost.posts.choices import PostStatus as S
from clearpost.posts.lifecycle import EDITABLE, post_transition
from clearpost.posts.models import Post, PostVersion

MAX_TEXT = 10_000


def _require_composer(user: User) -> None:
    if not user.has_perm("posts.compose_post"):
        raise NotPermitted("only advisors may compose posts", permission="posts.compose_post")


def require_entitled_for(*, advisor: User, network: str, kind: str) -> None:
    """The one gate for posting (training before access; entitlement per network and level). Composing needs
    `compose`; sharing library content needs `library`; a reply needs the `reply` feature."""
    from clearpost.entitlements.choices import Feature, Level
    from clearpost.entitlements.services import entitlement_require

    level = Level.LIBRARY if kind in {ContentKind.LIBRARY, ContentKind.LIBRARY_WITH_NOTE} else Level.COMPOSE
    feature = Feature.REPLY if kind == ContentKind.REPLY else Feature.POST
    entitlement_require(advisor=advisor, network=network, level=level, feature=feature)


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise DomainError("the post is empty", code="empty_text")
    if len(text) > MAX_TEXT:
        raise DomainError(f"the post is longer than {MAX_TEXT} characters", code="text_too_long")
    return text


def _add_version(post: Post, *, text: str, actor: User) -> PostVersion:
    number = (post.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    screening = policy_screen(text=text, network=post.network)
    version = PostVersion.objects.create(
        post=post, number=number, text=text, content_hash=content_hash(text), screening=screening,
        created_by=actor,
    )
    post.current_version = version
    post.save(update_fields=["current_version", "updated_at"])
    archive_record_append(
        event_type=EventType.POST_VERSION_CREATED,
        actor_id=actor.pk,
        advisor_id=post.author_id,
        branch_id=post.author.branch_id,
        network=post.network,
        account_id=post.account_id,
        post_id=post.pk,
        payload={
            "version": number,
            "text": text,
            "content_hash": version.content_hash,
            "verdict": screening["verdict"],
            "categories": screening["categories"],
            "policy_version": screening["policy_version"],
        },
    )
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
    archive_record_append(
        event_type=EventType.POST_SUBMITTED, actor_id=actor.pk, advisor_id=post.author_id,
        branch_id=actor.branch_id, network=post.network, account_id=post.account_id, post_id=post.pk,
        payload={"version": version.number, "content_hash": version.content_hash},
    )
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
