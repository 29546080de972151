"""Forms for the community pages (validation of shape only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from upstream.community.models import Category, Resource


class ResourceSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(
        label=_("Kind of help"), required=False, choices=[("", _("Any kind"))] + list(Category.choices)
    )


class ResourceForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = [
            "name",
            "category",
            "description",
            "country",
            "phone",
            "sms_number",
            "sms_body",
            "url",
            "hours",
            "keywords",
            "show_in_distress",
            "active",
            "order",
        ]
