from django.urls import path

from clearpost.markets import views

app_name = "markets"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("upload/", views.upload, name="upload"),
    path("rules/<int:rule_id>/active/", views.rule_toggle, name="rule_toggle"),
]
