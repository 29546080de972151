from django.urls import path

from upstream.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("nam/", views.nam, name="nam"),
    path("nam/<slug:key>/", views.factor, name="factor"),
    path("report.pdf", views.report, name="report"),
    path("report.zip", views.report_csv, name="report_csv"),
]
