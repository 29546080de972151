from django.urls import path

from upstream.concerns.views import leader

app_name = "concerns"
urlpatterns = [
    path("", leader.inbox, name="inbox"),
    path("<uuid:concern_id>/", leader.detail, name="detail"),
    path("<uuid:concern_id>/acknowledge", leader.acknowledge, name="acknowledge"),
    path("<uuid:concern_id>/messages", leader.write, name="write"),
    path("<uuid:concern_id>/status", leader.change_status, name="status"),
    path("<uuid:concern_id>/themes", leader.correct_themes, name="themes"),
    path("<uuid:concern_id>/merge", leader.merge, name="merge"),
    path("<uuid:concern_id>/move", leader.move, name="move"),
    path("signals/<int:signal_id>/note", leader.note_signal, name="note_signal"),
]
