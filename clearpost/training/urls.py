from django.urls import path

from clearpost.training import views

app_name = "training"
urlpatterns = [
    path("roster/", views.roster, name="roster"),
    path("import/", views.import_completions, name="import"),
    path("courses/<slug:code>/", views.take_course, name="course"),
]
