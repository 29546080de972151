from django.urls import path

from upstream.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:token_id>/revoke", views.revoke, name="revoke"),
]
