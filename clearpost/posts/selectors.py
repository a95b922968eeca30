from __future__ import annotations

from django.db.models import QuerySet

from clearpost.accounts.models import User
from clearpost.posts.models import Post


def post_list_for_author(*, author: User) -> QuerySet[Post]:
    return (
        Post.objects.filter(author=author)
        .select_related("current_version", "account")
        .prefetch_related("deliveries")
        .order_by("-created_at")
    )


def post_get_for_viewer(*, post_id: int, viewer: User) -> Post | None:
    """The author, principals and compliance may see a post; anyone else gets nothing."""
    post = Post.objects.select_related("current_version", "account", "author").filter(pk=post_id).first()
    if post is None:
        return None
    if post.author_id == viewer.pk or viewer.has_perm("review.review_post") or viewer.has_perm(
        "archive.search_archive"
    ):
        return post
    return None


def post_list_for_branches(*, supervisor: User) -> QuerySet[Post]:
    """Posts by advisors of the branches this person supervises; compliance sees every branch."""
    posts = Post.objects.select_related("current_version", "account", "author", "author__branch")
    if not supervisor.has_perm("archive.search_archive"):
        posts = posts.filter(author__branch__in=supervisor.supervised_units.all())
    return posts.order_by("-created_at")


def composer_ids(*, user_ids: list[int]) -> set[int]:
    """Who among these users holds `posts.compose_post` (`user.has_perm` for a batch, in one query): active, and
    a superuser or granted it directly or through a group."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    perm = Permission.objects.filter(content_type__app_label="posts", codename="compose_post").first()
    users = User.objects.filter(pk__in=user_ids, is_active=True)
    if perm is None:
        return set(users.filter(is_superuser=True).values_list("pk", flat=True))
    return set(users.filter(Q(is_superuser=True) | Q(user_permissions=perm) | Q(groups__permissions=perm))
               .values_list("pk", flat=True).distinct())
