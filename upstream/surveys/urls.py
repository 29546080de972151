from django.urls import path

from upstream.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:wave_id>/", views.answer, name="answer"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:wave_id>/decide", views.decide, name="decide"),
    path("results/", views.results_list, name="results_list"),
    path("results/<int:wave_id>/", views.results, name="results"),
    path("results/<int:wave_id>.csv", views.results_csv, name="results_csv"),
    path("trends/", views.trends, name="trends"),
]
