from django.urls import path

from clearpost.review import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("next/", views.next_item, name="next"),
    path("breaching/", views.breaching, name="breaching"),
    path("routing/", views.routing, name="routing"),
    path("notifications/", views.notifications, name="notifications"),
    path("<int:task_id>/", views.task_detail, name="detail"),
    path("<int:task_id>/decide/", views.decide, name="decide"),
    path("<int:task_id>/claim/", views.claim, name="claim"),
    path("<int:task_id>/bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("<int:task_id>/comment/", views.comment, name="comment"),
]
