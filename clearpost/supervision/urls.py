from django.urls import path

from clearpost.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("items/<int:item_id>/act/", views.item_act, name="act"),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/export/", views.complaints_export, name="complaints_export"),
    path("complaints/<int:case_id>/", views.complaint_detail, name="complaint"),
]
