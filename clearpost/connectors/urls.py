from django.urls import path

from clearpost.connectors import views

app_name = "connectors"
urlpatterns = [
    path("", views.my_accounts, name="mine"),
    path("<int:account_id>/unlink/", views.unlink, name="unlink"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:account_id>/", views.decide, name="decide"),
    path("<str:network>/start", views.oauth_start, name="start"),
    path("<str:network>/callback", views.oauth_callback, name="callback"),
]
