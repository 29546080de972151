import pytest

from conftest import Org


@pytest.fixture
def org_tx(transactional_db):
    return Org()
