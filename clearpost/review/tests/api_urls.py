"""The site's URLs plus a test API with the review router mounted, until the lead mounts it in
clearpost/api/routes.py (then the tests can use /api/review/... directly)."""

from __future__ import annotations

from django.urls import path
from ninja import NinjaAPI
from ninja.security import SessionAuth

from clearpost.api.api import TokenAuth, api
from clearpost.review.api import build_router
from config.urls import urlpatterns as site

test_api = NinjaAPI(title="review test", urls_namespace="review_test_api", auth=[SessionAuth(csrf=True), TokenAuth()])
test_api._exception_handlers = dict(api._exception_handlers)
test_api.add_router("/review", build_router())

urlpatterns = [*site, path("review-api-test/", test_api.urls)]
