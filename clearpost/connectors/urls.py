from django.urls import path  # noqa: F401 - OAuth start/callback views are added with the connectors issue

app_name = "connectors"
urlpatterns: list = []
