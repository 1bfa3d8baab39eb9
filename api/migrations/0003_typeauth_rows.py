"""The three credential types of the reference: `rfid`, `qr`, `code`."""

from django.db import migrations

TYPES = (("rfid", 1), ("qr", 1), ("code", 1))


def create(apps, schema_editor):
    TypeAuth = apps.get_model("api", "TypeAuth")
    for libelle, level in TYPES:
        TypeAuth.objects.get_or_create(libelle=libelle, defaults={"factor_level": level})


def remove(apps, schema_editor):
    apps.get_model("api", "TypeAuth").objects.filter(libelle__in=[t for t, _ in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("api", "0002_reservation_no_overlap")]

    operations = [migrations.RunPython(create, remove)]
