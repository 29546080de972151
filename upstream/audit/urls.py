from django.urls import path

from upstream.audit import views

app_name = "audit"
urlpatterns = [
    path("reads/", views.reads, name="reads"),
]
