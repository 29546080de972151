"""The password reset page says an over-long address in the product's words, not Django's."""

from __future__ import annotations

from django.urls import reverse


def test_an_over_long_address_is_refused_in_plain_words(client, db):
    page = client.post(reverse("account_reset_password"), {"email": "a" * 10000 + "@example.org"})
    html = page.content.decode()
    assert page.status_code == 200  # allauth answers a refused form with the form again
    assert "Please shorten this to 320 characters or fewer." in html
    assert "Ensure this value" not in html
