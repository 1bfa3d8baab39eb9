from django.db import migrations, models

# The reasons the old hand-kept list did not count; every other refusal counted.
NOT_COUNTED = (
    "rate_limited", "credential_used", "outside_window", "reservation_not_confirmed", "session_already_open",
    "bay_in_use", "invalid_transition", "pairing_used", "pairing_not_authorized", "pairing_expired",
    "device_unavailable",
)


def mark_counted(apps, schema_editor):
    AccessAttempt = apps.get_model("api", "AccessAttempt")
    AccessAttempt.objects.filter(result="refused").exclude(reason__in=NOT_COUNTED).update(counted=True)


class Migration(migrations.Migration):
    dependencies = [("api", "0007_phone_verification")]

    operations = [
        migrations.AddField(
            model_name="accessattempt", name="counted", field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_counted, migrations.RunPython.noop),
    ]
