from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from django.views.i18n import set_language

from upstream.api.urls import api
from upstream.ops.views import healthz
from upstream.org.import_views import import_organisation
from upstream.org.views import deputies, end_deputy, home

# The admin signs in through allauth's page, with its rate limits (and multi-factor when enabled).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Upstream administration")
admin.site.site_title = _("Upstream administration")
admin.site.index_title = _("Operators' tables")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    # Without the CSRF check: the signed-out writing page (/speak/write/) sets no cookie, by design,
    # so the footer's language form had no CSRF cookie to match and answered 403. A forged request
    # can only change the visitor's language; it reads and writes nothing else.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("privacy/", TemplateView.as_view(template_name="privacy.html"), name="privacy"),
    path("speak/", include("upstream.concerns.urls_speak")),
    path("speak/", include("upstream.speakup.urls")),
    path("receipt/", include("upstream.concerns.urls_receipt")),
    path("inbox/", include("upstream.concerns.urls")),
    path("deputies/", deputies, name="deputies"),
    path("deputies/<int:deputy_id>/end", end_deputy, name="deputy_end"),
    path("organisation/import/", import_organisation, name="org_import"),
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
