"""Entries waiting at the upgrade move to per-entry lookups (intake/services.py, SLOTS), so the
receipt holder still finds them and no two share a lookup."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.db import migrations

SLOTS = 32  # as in upstream.intake.services at the time of writing


def per_entry(apps, schema_editor):
    entry = apps.get_model("intake", "IntakeEntry")
    by_lookup: dict[str, list] = defaultdict(list)
    for pk, lookup in entry.objects.exclude(lookup="").values_list("pk", "lookup"):
        by_lookup[lookup].append(pk)
    for lookup, pks in by_lookup.items():
        for slot, pk in enumerate(pks):
            stored = hashlib.sha256(f"{lookup}:{min(slot, SLOTS - 1)}".encode()).hexdigest()
            entry.objects.filter(pk=pk).update(lookup=stored)


class Migration(migrations.Migration):
    dependencies = [("intake", "0005_kept_answer")]

    operations = [migrations.RunPython(per_entry, migrations.RunPython.noop)]
