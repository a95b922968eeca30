from django.urls import path

from clearpost.connectors import views

app_name = "connectors"
urlpatterns = [
    path("<str:network>/start", views.oauth_start, name="start"),
    path("<str:network>/callback", views.oauth_callback, name="callback"),
]
