from django.urls import path

from clearpost.entitlements import views

app_name = "entitlements"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:request_id>/", views.decide, name="decide"),
]
