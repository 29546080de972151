from django.urls import path

from upstream.community.views import campaigns, common, cosigns, gatherings, peer, recognition, resources

app_name = "community"
urlpatterns = [
    path("", common.hub, name="hub"),
    path("resources/", resources.directory, name="resources"),
    path("resources/new", resources.edit, name="resource_new"),
    path("resources/<int:resource_id>/edit", resources.edit, name="resource_edit"),
    path("resources/<int:resource_id>/used/<str:kind>", resources.count_use, name="resource_use"),
    path("thanks/", recognition.feed, name="thanks"),
    path("gatherings/", gatherings.listing, name="gatherings"),
    path("gatherings/new", gatherings.new, name="gathering_new"),
    path("gatherings/<int:gathering_id>/", gatherings.detail, name="gathering"),
    path("gatherings/<int:gathering_id>/signup", gatherings.sign_up, name="gathering_signup"),
    path("gatherings/<int:gathering_id>/cancel", gatherings.cancel, name="gathering_cancel"),
    path("gatherings/<int:gathering_id>.ics", gatherings.ics, name="gathering_ics"),
    path("shared/", cosigns.listing, name="shared"),
    path("shared/tokens", cosigns.tokens, name="cosign_tokens"),
    path("shared/cosign", cosigns.cosign, name="cosign"),
    path("shared/mine", cosigns.mine, name="shared_mine"),
    path("shared/review", cosigns.review, name="shared_review"),
    path("shared/review/<str:shared_id>", cosigns.decide, name="shared_decide"),
    path("shared/similar", cosigns.similar, name="shared_similar"),
    path("peer/", peer.home, name="peer"),
    path("peer/availability", peer.availability, name="peer_availability"),
    path("peer/office", peer.office, name="peer_office"),
    path("peer/<str:request_id>/<str:action>", peer.act, name="peer_act"),
    path("campaigns/", campaigns.listing, name="campaigns"),
    path("campaigns/new", campaigns.new, name="campaign_new"),
    path("campaigns/<int:campaign_id>/", campaigns.detail, name="campaign"),
    path("campaigns/<int:campaign_id>/<str:action>", campaigns.act, name="campaign_act"),
]
