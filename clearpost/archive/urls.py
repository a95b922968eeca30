from django.urls import path

from clearpost.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.records, name="records"),
    path("records/<int:seq>/", views.record, name="record"),
    path("export.jsonl", views.export_jsonl, name="export_jsonl"),
    path("access-log/", views.access_log, name="access_log"),
    path("holds/", views.holds, name="holds"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold_release"),
    path("retention/", views.retention, name="retention"),
]
