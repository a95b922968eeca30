from django.urls import path

from clearpost.library import views

app_name = "library"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("<int:item_id>/", views.item_detail, name="item"),
    path("<int:item_id>/preview/", views.preview, name="preview"),
    path("<int:item_id>/share/", views.share, name="share"),
    path("shares/", views.shares, name="shares"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("s/<int:suggestion_id>/", views.suggestion, name="suggestion"),
    path("preferences/", views.preferences, name="preferences"),
    path("disclosures/", views.disclosures, name="disclosures"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.manage_edit, name="manage_new"),
    path("manage/<int:item_id>/", views.manage_item, name="manage_item"),
    path("manage/<int:item_id>/edit/", views.manage_edit, name="manage_edit"),
    path("manage/<int:item_id>/<str:action>/", views.manage_action, name="manage_action"),
    path("campaigns/", views.campaigns, name="campaigns"),
]
