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
