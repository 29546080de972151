import pytest

from conftest import Org
from upstream.community.models import PeerSupporter
from upstream.org.models import Membership, User


@pytest.fixture(autouse=True)
def _co_signs_counted_from_one_holder(settings):
    """The co-sign tests use one to three colleagues; a concern's co-signs otherwise wait until five
    people hold its token (test_cosign_holders.py tests that rule at its default)."""
    settings.UPSTREAM_COSIGN_MIN_HOLDERS = 1


@pytest.fixture
def org_tx(transactional_db):
    return Org()


@pytest.fixture
def supporter(org) -> PeerSupporter:
    """A trained peer supporter at the other hospital, so requests from the org's staff reach them."""
    far = User.objects.create_user(username="far", email="far@example.org", password="x")
    Membership.objects.create(user=far, unit=org.other_hospital, role_group="attending")
    return PeerSupporter.objects.create(user=far)
