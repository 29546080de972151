from django.urls import path

from upstream.concerns.views import speak

app_name = "speak"
urlpatterns = [
    path("", speak.new_concern, name="new"),
    path("coverage", speak.coverage, name="coverage"),
]
