"""`upstream rotate-speakup-key`: a new signing key now; the old one's tokens work for a grace period."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from upstream.lib.commands import TranslatedHelp
from upstream.speakup import config, keys
from upstream.speakup.purposes import UnknownPurpose, rule_for


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Retire the signing key of a purpose (default: concern) and start a new one. Tokens signed by the "
        "old key are accepted for the grace period (UPSTREAM_SPEAKUP_GRACE_DAYS unless --grace-days)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--purpose", default="concern", help=gettext_lazy('"concern", "wave:<id>" or "cosign:<id>"')
        )
        parser.add_argument(
            "--grace-days", type=int, default=None, help=gettext_lazy("Days old tokens stay valid (0: none).")
        )

    def handle(self, *args, **options):
        purpose, grace = options["purpose"], options["grace_days"]
        try:
            rule_for(purpose)
        except UnknownPurpose:
            raise CommandError(gettext("Unknown purpose %(purpose)r.") % {"purpose": purpose}) from None
        if grace is not None and grace < 0:
            raise CommandError(gettext("--grace-days cannot be negative."))
        today = timezone.localdate()
        new = keys.rotate_key(purpose, today, grace)
        days = config.grace_days() if grace is None else grace
        message = ngettext(
            "New %(purpose)s signing key %(key)s. "
            "Tokens from the previous key are accepted for %(days)s more day.",
            "New %(purpose)s signing key %(key)s. "
            "Tokens from the previous key are accepted for %(days)s more days.",
            days,
        )
        self.stdout.write(message % {"purpose": purpose, "key": new.key_id, "days": days})
