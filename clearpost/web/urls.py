from django.urls import path

from clearpost.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("branch/", views.branch_activity, name="branch_activity"),
]
