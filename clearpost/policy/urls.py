from django.urls import path

from clearpost.policy import views

app_name = "policy"
urlpatterns = [
    path("rules/", views.rules, name="rules"),
    path("rules/export/", views.export, name="export"),
    path("rules/activate/", views.activate, name="activate"),
    path("rules/try/", views.try_text, name="try"),
]
