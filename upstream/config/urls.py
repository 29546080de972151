from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from upstream.api.urls import api
from upstream.ops.views import healthz
from upstream.org.views import deputies, end_deputy, home

# The admin signs in through allauth's page, with its rate limits (and multi-factor when enabled).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Upstream administration")
admin.site.site_title = _("Upstream administration")
admin.site.index_title = _("Operators' tables")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("privacy/", TemplateView.as_view(template_name="privacy.html"), name="privacy"),
    path("speak/", include("upstream.concerns.urls_speak")),
    path("speak/", include("upstream.speakup.urls")),
    path("receipt/", include("upstream.concerns.urls_receipt")),
    path("inbox/", include("upstream.concerns.urls")),
    path("deputies/", deputies, name="deputies"),
    path("deputies/<int:deputy_id>/end", end_deputy, name="deputy_end"),
    path("actions/", include("upstream.actions.urls")),
    path("insights/", include("upstream.insights.urls")),
    path("listening/", include("upstream.listening.urls")),
    path("surveys/", include("upstream.surveys.urls")),
    path("community/", include("upstream.community.urls")),
    path("audit/", include("upstream.audit.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api-tokens/", include("upstream.api.web_urls")),
    path("api/", api.urls),
]
