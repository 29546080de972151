from django.urls import path

from upstream.listening import views

app_name = "listening"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("guide/", views.guide, name="guide"),
    path("new/", views.upload, name="upload"),
    path("new/confirm", views.confirm, name="confirm"),
    path("<int:session_id>/", views.detail, name="detail"),
]
