from django.urls import path

from clearpost.posts import views

app_name = "posts"
urlpatterns = [
    path("", views.post_list, name="list"),
    path("compose/", views.compose, name="compose"),
    path("check/", views.live_check, name="check"),
    path("<int:post_id>/", views.post_detail, name="detail"),
    path("<int:post_id>/<str:action>/", views.post_action, name="action"),
]
