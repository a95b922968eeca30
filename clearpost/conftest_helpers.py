"""Small builders shared by tests (the cast itself lives in the root conftest.py)."""

from __future__ import annotations

from clearpost.accounts.models import User
from clearpost.connectors.models import NetworkAccount
from clearpost.posts.models import Post
from clearpost.posts.services import post_create, post_submit
from clearpost.review.models import ReviewTask

CLEAN_TEXT = "Our office is closed on Monday for the holiday. Enjoy the long weekend!"


def submitted_post(author: User, account: NetworkAccount, text: str = CLEAN_TEXT) -> tuple[Post, ReviewTask]:
    post = post_create(author=author, account_id=account.pk, text=text)
    post = post_submit(post_id=post.pk, actor=author)
    return post, ReviewTask.objects.get(post=post, status="open")
