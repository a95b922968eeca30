from django.contrib import admin
from django.urls import include, path

from clearpost.api.api import api

handler403 = "clearpost.web.views.permission_denied"

urlpatterns = [
    path("", include("clearpost.web.urls")),
    path("accounts/", include("clearpost.accounts.urls")),
    path("posts/", include("clearpost.posts.urls")),
    path("review/", include("clearpost.review.urls")),
    path("archive/", include("clearpost.archive.urls")),
    path("connect/", include("clearpost.connectors.urls")),
    path("access/", include("clearpost.entitlements.urls")),
    path("training/", include("clearpost.training.urls")),
    path("policy/", include("clearpost.policy.urls")),
    path("supervision/", include("clearpost.supervision.urls")),
    path("library/", include("clearpost.library.urls")),
    path("markets/", include("clearpost.markets.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
