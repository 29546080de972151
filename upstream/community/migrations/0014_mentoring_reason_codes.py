"""Mentoring reasons become codes: stored sentences were in one language and from the mentee's side.

Old rows are given their codes again from what they were made of, as it stands now: the two profiles'
interests and career stages, and the two people's memberships (profession, unit). A row whose pair
has no profile left keeps no reason rather than a sentence in one language. Back: the codes are
kept (a sentence cannot be chosen for both sides).
"""

from django.db import migrations, models


def _codes(match, profiles, memberships):
    mentor, mentee = profiles.get(match.mentor_id), profiles.get(match.mentee_id)
    if mentor is None or mentee is None:
        return []
    found = []
    shared = sorted(set(mentee.interests) & set(mentor.interests))
    if shared:
        found.append({"code": "shared_interests", "interests": shared})
    found.append(
        {"code": "career_gap", "mentor_stage": mentor.career_stage, "mentee_stage": mentee.career_stage}
    )
    mentor_rows, mentee_rows = memberships.get(match.mentor_id, []), memberships.get(match.mentee_id, [])
    roles = {role for _unit, role in mentor_rows} & {role for _unit, role in mentee_rows}
    if roles:
        found.append({"code": "same_profession", "role_groups": sorted(roles)})
    if not {unit for unit, _role in mentor_rows} & {unit for unit, _role in mentee_rows}:
        found.append({"code": "outside_unit"})
    return found


def to_codes(apps, schema_editor):
    MentorMatch = apps.get_model("community", "MentorMatch")
    MentorProfile = apps.get_model("community", "MentorProfile")
    Membership = apps.get_model("org", "Membership")
    stale = [m for m in MentorMatch.objects.all() if any(not isinstance(r, dict) for r in m.reasons)]
    if not stale:
        return
    people = {m.mentor_id for m in stale} | {m.mentee_id for m in stale}
    profiles = {p.user_id: p for p in MentorProfile.objects.filter(user_id__in=people)}
    memberships = {}
    for user_id, unit_id, role in Membership.objects.filter(user_id__in=people).values_list(
        "user_id", "unit_id", "role_group"
    ):
        memberships.setdefault(user_id, []).append((unit_id, role))
    for match in stale:
        match.reasons = _codes(match, profiles, memberships)
    MentorMatch.objects.bulk_update(stale, ["reasons"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("community", "0013_no_autovacuum"), ("org", "0003_translated_names")]
    operations = [
        migrations.AlterField(
            model_name="mentormatch",
            name="reasons",
            field=models.JSONField(
                default=list,
                help_text="Why the pair was proposed, as codes; each side reads them in its own words.",
                verbose_name="reasons",
            ),
        ),
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
