from django.urls import path

from upstream.community.views import common, recognition, resources

app_name = "community"
urlpatterns = [
    path("", common.hub, name="hub"),
    path("resources/", resources.directory, name="resources"),
    path("resources/new", resources.edit, name="resource_new"),
    path("resources/<int:resource_id>/edit", resources.edit, name="resource_edit"),
    path("resources/<int:resource_id>/used/<str:kind>", resources.count_use, name="resource_use"),
    path("thanks/", recognition.feed, name="thanks"),
]
