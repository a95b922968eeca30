"""URLs of the sandbox networks process (ROOT_URLCONF under config.settings_sandbox)."""

from django.urls import path

from clearpost.sandbox import views, x_api

urlpatterns = [
    path("x/2/tweets", x_api.create_tweet),
    path("x/2/users/me", x_api.users_me),
    path("x/2/users/<str:user_id>/tweets", x_api.user_tweets),
    path("x/", views.timeline, name="sandbox-timeline"),
    path("x/<str:handle>", views.timeline, name="sandbox-account"),
    path("x/<str:handle>/status/<int:post_id>", views.status, name="sandbox-status"),
    path("", views.timeline),
]
