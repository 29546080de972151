from django.urls import include, path

from upstream.surveys import views

# Answering is an anonymous write: its own namespace, which the request log never records
# (upstream/lib/request_log.py, ANONYMOUS_NAMESPACES).
answering = (
    [
        path("", views.answer, name="answer"),
        path("code/", views.take_code, name="code"),
        path("code/issue", views.issue_code, name="issue_code"),
        path("with-code/", views.answer_with_code, name="with_code"),
        path("with-code/coverage", views.code_coverage, name="code_coverage"),
    ],
    "surveys_answer",
)

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:wave_id>/", include(answering)),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:wave_id>/decide", views.decide, name="decide"),
    path("manage/<int:wave_id>/cancel", views.confirm_end, {"action": "cancel"}, name="confirm_cancel"),
    path("manage/<int:wave_id>/close", views.confirm_end, {"action": "close"}, name="confirm_close"),
    path("results/", views.results_list, name="results_list"),
    path("results/<int:wave_id>/", views.results, name="results"),
    path("results/<int:wave_id>.csv", views.results_csv, name="results_csv"),
    path("trends/", views.trends, name="trends"),
]
