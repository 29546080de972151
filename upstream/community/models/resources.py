"""The resources directory the well-being office curates, and its anonymous use counter."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    CRISIS = "crisis", _("Crisis line")
    PEER_SUPPORT = "peer_support", _("Peer support")
    EMPLOYEE_ASSISTANCE = "employee_assistance", _("Employee assistance")
    COUNSELLING = "counselling", _("Confidential counselling")
    DEPENDENT_CARE = "dependent_care", _("Dependent and elder care")
    FINANCIAL = "financial", _("Financial help")
    OTHER = "other", _("Other")


# What a tap link keeps of a number as written: digits, "+", the keypad's "*" and "#", and the pause
# "," that dials what follows after a moment (a menu choice: "800 555 0100,,2"). Deleting the pause
# ran those digits into the number: "988, 1" dialled 9881 (API fuzzing). ";" (a wait) becomes a
# pause too: in a tel: URI it would start a parameter (RFC 3966), as "#" must be written %23 there,
# or the browser takes it for a fragment and drops the extension.
_NOT_DIALLED = re.compile(r"[^0-9+*#,;]")
# A text message goes to the number alone: what follows a pause or a keypad mark (an extension, a
# menu choice) cannot be texted, and kept it would run into the number.
_NOT_TEXTED = re.compile(r"[^0-9+]")
_AFTER_NUMBER = re.compile(r"[,;*#].*")


class Resource(models.Model):
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    description = models.TextField(_("description"), max_length=2000)
    # Two-letter ISO country code: shown only to readers in that country; blank: shown in every
    # country (the hospital's own services are blank, and so are lines open to all).
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("Two-letter country code, e.g. ES; leave empty for services open everywhere."),
    )
    # A language code of settings.LANGUAGES: the text is shown only to readers of that language
    # (the office pairs "988 Lifeline" with "988 Lifeline en español"); blank: to every reader.
    language = models.CharField(
        _("language of the text"),
        max_length=8,
        blank=True,
        help_text=_(
            "Leave empty when every reader should see it; choose a language to show it only in that one."
        ),
    )
    phone = models.CharField(_("phone to call"), max_length=40, blank=True)
    sms_number = models.CharField(_("number to text"), max_length=40, blank=True)
    sms_body = models.CharField(_("word to text"), max_length=40, blank=True)
    url = models.URLField(_("web address"), blank=True)
    hours = models.CharField(_("hours"), max_length=120, blank=True)
    # Shown wherever distress is expressed (the crisis box on the speak-up receipt).
    show_in_distress = models.BooleanField(
        _("show wherever distress is expressed"),
        default=False,
        help_text=_("Shown in the crisis box on the speak-up receipt."),
    )
    keywords = models.CharField(_("search words"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        permissions = [
            (
                "wellbeing_office",
                "Works in the well-being office: curates resources, gatherings and peer supporters, "
                "moderates stories, sees peer-support timings",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tel_href(self) -> str:
        if not self.phone:
            return ""
        number = _NOT_DIALLED.sub("", self.phone).replace(";", ",").replace("#", "%23")
        return f"tel:{number.strip(',')}"

    @property
    def sms_href(self) -> str:
        if not self.sms_number:
            return ""
        number = _NOT_TEXTED.sub("", _AFTER_NUMBER.sub("", self.sms_number))
        # RFC 5724: sms:NUMBER?body=TEXT; iOS and Android both prefill the body.
        return f"sms:{number}?body={quote(self.sms_body)}" if self.sms_body else f"sms:{number}"


class ResourceUse(models.Model):
    """How often a resource was opened, called or texted on a day. Never linked to a person."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        TEXT = "text", _("Text")
        OPEN = "open", _("Web page")

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="uses", verbose_name=_("resource")
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "day", "kind"], name="one_counter_per_resource_day")
        ]
        verbose_name = _("resource use count")
        verbose_name_plural = _("resource use counts")

    def __str__(self) -> str:
        return f"{self.resource_id} {self.kind} {self.day}: {self.count}"
