"""URLs of the sandbox networks process (ROOT_URLCONF under config.settings_sandbox)."""

from django.urls import path

from clearpost.sandbox import admin_api, linkedin_api, mastodon_api, oauth, views, x_api

urlpatterns = [
    # X API v2 subset
    path("x/2/tweets", x_api.create_tweet),
    path("x/2/tweets/search/recent", x_api.search_recent),
    path("x/2/tweets/<str:tweet_id>", x_api.tweet),
    path("x/2/users/me", x_api.users_me),
    path("x/2/users/<str:user_id>/tweets", x_api.user_tweets),
    path("x/2/users/<str:user_id>/mentions", x_api.user_mentions),
    path("x/2/oauth2/token", oauth.token_view("x")),
    path("x/i/oauth2/authorize", oauth.authorize_view("x")),
    # Mastodon subset
    path("mastodon/api/v1/statuses", mastodon_api.create_status),
    path("mastodon/api/v1/statuses/<str:status_id>", mastodon_api.status),
    path("mastodon/api/v1/accounts/verify_credentials", mastodon_api.verify_credentials),
    path("mastodon/api/v1/accounts/<str:account_id>/statuses", mastodon_api.account_statuses),
    path("mastodon/api/v1/notifications", mastodon_api.notifications),
    path("mastodon/api/v1/instance", mastodon_api.instance),
    path("mastodon/oauth/authorize", oauth.authorize_view("mastodon")),
    path("mastodon/oauth/token", oauth.token_view("mastodon")),
    # LinkedIn REST subset
    path("linkedin/rest/posts", linkedin_api.posts),
    path("linkedin/rest/posts/<str:urn>", linkedin_api.post_delete),
    path("linkedin/rest/socialActions/<str:urn>/comments", linkedin_api.comments),
    path("linkedin/v2/userinfo", linkedin_api.userinfo),
    path("linkedin/oauth/v2/authorization", oauth.authorize_view("linkedin")),
    path("linkedin/oauth/v2/accessToken", oauth.token_view("linkedin")),
    # The sandbox's own admin surface
    path("_sandbox/faults/<str:network>", admin_api.faults),
    path("_sandbox/calls", admin_api.calls),
    path("_sandbox/posts", admin_api.posts),
    # Web pages
    path("x/", views.timeline, name="sandbox-timeline"),
    path("x/<str:handle>", views.timeline, name="sandbox-account"),
    path("x/<str:handle>/status/<int:post_id>", views.status, name="sandbox-status"),
    path("mastodon/", views.timeline, {"network": "mastodon"}),
    path("mastodon/@<str:handle>", views.timeline, {"network": "mastodon"}),
    path("mastodon/@<str:handle>/<int:post_id>", views.status, {"network": "mastodon"}),
    path("linkedin/", views.timeline, {"network": "linkedin"}),
    path("linkedin/in/<str:handle>", views.timeline, {"network": "linkedin"}),
    path("linkedin/feed/update/urn:li:share:<int:post_id>", views.status, {"network": "linkedin"}),
    path("", views.timeline),
]
