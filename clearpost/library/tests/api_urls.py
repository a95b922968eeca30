"""A test API mounting fresh copies of the library and market routers (the real mount lives in the API app), with
the API app's authentication and error handlers, so these tests do not depend on the wiring."""

from __future__ import annotations

from django.urls import include, path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import SessionAuth

from clearpost.api import api as main
from clearpost.core.errors import DomainError
from clearpost.library.api import build_router as library_router
from clearpost.markets.api import build_router as market_router

test_api = NinjaAPI(urls_namespace="library-test-api", auth=[SessionAuth(csrf=True), main.TokenAuth()])
test_api.add_router("/library", library_router())
test_api.add_router("/market", market_router())
test_api.add_exception_handler(DomainError, main._domain)
test_api.add_exception_handler(ValidationError, main._validation)
test_api.add_exception_handler(AuthenticationError, main._unauthenticated)

urlpatterns = [
    path("api/", test_api.urls),
    path("", include("config.urls")),
]
