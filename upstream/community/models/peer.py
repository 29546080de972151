"""Peer support: trained supporters the office lists, and confidential requests for a conversation.

A request is confidential, not anonymous: it holds the way to reach the person, which only the
assigned supporter sees. It holds no account: nothing joins it to a user row, and the contact is
erased when the conversation is closed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerSupporter(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="peer_supporter",
        verbose_name=_("person"),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Listed by the office."))
    available = models.BooleanField(
        _("available"), default=True, help_text=_("Taking new requests now (the supporter says).")
    )
    about = models.CharField(_("about me"), max_length=300, blank=True)
    trained_on = models.DateField(_("trained on"), null=True, blank=True)

    class Meta:
        verbose_name = _("peer supporter")
        verbose_name_plural = _("peer supporters")

    def __str__(self) -> str:
        return str(self.user)


class PeerRequest(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a supporter")
        CONTACTED = "contacted", _("Supporter made contact")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.CharField(_("how to reach you"), max_length=200)
    when = models.CharField(_("good times"), max_length=200, blank=True)
    note = models.CharField(_("anything the supporter should know"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    supporter = models.ForeignKey(
        PeerSupporter,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name=_("supporter"),
    )
    # Supporters outside the requester's unit and role hierarchy, in routing order (ids only).
    candidates = models.JSONField(
        _("candidate supporters"),
        default=list,
        help_text=_("Supporters outside the person's unit and line, in the order they are offered it."),
    )
    tried = models.PositiveSmallIntegerField(
        _("offered to"), default=0, help_text=_("How many candidates were offered it.")
    )
    # The candidates offered it so far (ids), so that none is offered it twice in a row: the hourly
    # job offered a request every candidate had passed on to the first of them again, every hour.
    # Erased with the candidates when the request is closed.
    offered = models.JSONField(
        _("offered"), default=list, blank=True, help_text=_("Candidates already offered it, in order.")
    )
    # Set when the crisis screen flagged the note or the good times: every notice about the request
    # (first offer, re-route, hand-back, the office) is urgent, and the pickup window is shorter.
    # A yes/no only: no time, no words. Cleared when the request is closed.
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Its words suggested crisis; every notice about it is urgent."),
    )
    created_at = models.DateTimeField(_("created at"))
    routed_at = models.DateTimeField(
        _("offered at"), null=True, blank=True, help_text=_("When the current supporter was offered it.")
    )
    first_contact_at = models.DateTimeField(_("first contact at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("peer support request")
        verbose_name_plural = _("peer support requests")

    def __str__(self) -> str:
        return f"Peer request {str(self.id)[:8]} ({self.status})"
