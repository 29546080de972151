from django.urls import path

from upstream.speakup import views

app_name = "speakup"
urlpatterns = [
    path("later/", views.explainer, name="explainer"),
    path("tokens/", views.tokens, name="tokens"),
    path("write/", views.write, name="write"),
    path("write/coverage", views.coverage, name="coverage"),
]
