from django.urls import path

from clearpost.review import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:task_id>/", views.task_detail, name="detail"),
    path("<int:task_id>/decide/", views.decide, name="decide"),
]
