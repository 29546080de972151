"""Theme names in the reader's language: the shipped names are translated, an operator's own are not."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import many
from upstream.themes.models import Theme
from upstream.themes.names import SHIPPED_NAMES
from upstream.themes.textmodel.taxonomy import TAXONOMY_PATH

Q3 = dt.date(2026, 8, 3)
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture
def concerns(org):
    found = many(org.ward_a, Q3, 6, "workload_staffing")
    many(org.ward_a, Q3, 5, "admin_burden_ehr")
    refresh_summaries()
    return found


def test_the_list_of_shipped_names_is_the_taxonomy():
    shipped = {row["key"]: row["name"] for row in json.loads(TAXONOMY_PATH.read_text())}
    assert SHIPPED_NAMES == shipped


@pytest.mark.django_db
def test_a_shipped_name_is_translated_and_an_operators_name_is_not(settings):
    from django.utils import translation

    theme = Theme.objects.get(key="workload_staffing")
    with translation.override("es"):
        assert theme.label == "Carga de trabajo y personal"
        theme.name = "Staffing on our floors"
        assert theme.label == "Staffing on our floors"
    with translation.override("en"):
        assert Theme.objects.get(key="workload_staffing").label == "Workload and staffing"


def test_the_inbox_and_the_concern_page_show_themes_in_spanish(client, org, concerns):
    client.login(username="leader_a", password=PASSWORD)
    inbox = client.get(reverse("concerns:inbox"), **SPANISH).content.decode()
    assert '<option value="workload_staffing" >Carga de trabajo y personal</option>' in inbox
    assert '<span class="tag primary">Carga de trabajo y personal</span>' in inbox
    assert "Workload and staffing" not in inbox
    page = client.get(reverse("concerns:detail", args=[concerns[0].pk]), **SPANISH).content.decode()
    assert "Workload and staffing" not in page and "Documentation and EHR burden" not in page
    assert '<span class="tag primary">Carga de trabajo y personal' in page
    # The correction form's choices too.
    assert "Carga de documentación y del expediente electrónico</label>" in page
    assert 'value="admin_burden_ehr">Carga de documentación' in page


def test_dashboards_charts_and_the_nam_view_show_themes_in_spanish(client, org, concerns):
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q3"}, **SPANISH).content.decode()
    assert "Workload and staffing" not in page and "Documentation and EHR burden" not in page
    assert '<th scope="row">Carga de trabajo y personal</th>' in page  # volume table
    assert '<th scope="col" class="num">Carga de trabajo y personal</th>' in page  # heatmap table
    assert '"theme": "Carga de trabajo y personal"' in page  # the charts' data
    factor = client.get(reverse("insights:factor", args=["team"]), **SPANISH).content.decode()
    assert '<th scope="row">Carga de trabajo y personal</th>' in factor
    assert "Workload and staffing" not in factor


def test_a_renamed_theme_is_shown_as_the_operator_wrote_it(client, org, concerns):
    Theme.objects.filter(key="workload_staffing").update(name="Staffing on our floors")
    client.login(username="leader_a", password=PASSWORD)
    inbox = client.get(reverse("concerns:inbox"), **SPANISH).content.decode()
    assert ">Staffing on our floors</option>" in inbox
    assert "Carga de trabajo y personal" not in inbox


def test_the_api_keeps_the_stored_names(client, org, concerns):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.chair)}", **SPANISH}
    body = client.get("/api/v1/insights/dashboard", {"period": "2026-Q3"}, **headers).json()
    names = {row["theme"]: row["name"] for row in body["volume"]}
    assert names["workload_staffing"] == "Workload and staffing"


def test_the_board_report_names_themes_in_spanish(client, org, concerns):
    import io

    from pypdf import PdfReader

    client.login(username="chair", password=PASSWORD)
    response = client.get(reverse("insights:report"), {"period": "2026-Q3"}, **SPANISH)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Carga de documentación y del expediente electrónico" in text  # the top-themes table
    assert "Carga de documentación y…" in text  # the chart's legend, cut visibly
    assert "Workload and staffing" not in text
