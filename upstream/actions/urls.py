from django.urls import path

from upstream.actions import views

app_name = "actions"
urlpatterns = [
    path("", views.board, name="board"),
    path("new", views.new, name="new"),
    path("link", views.link, name="link"),
    path("<int:action_id>/", views.detail, name="detail"),
    path("<int:action_id>/edit", views.edit, name="edit"),
    path("<int:action_id>/publish", views.publish, name="publish"),
    path("<int:action_id>/updates", views.update, name="update"),
    path("<int:action_id>/unlink", views.unlink, name="unlink"),
]
