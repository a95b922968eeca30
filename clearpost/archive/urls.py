from django.urls import path

from clearpost.archive import views

app_name = "archive"
urlpatterns = [path("", views.records, name="records")]
