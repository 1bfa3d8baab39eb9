"""PostgreSQL: forbid two overlapping open reservations of one bay (btree_gist exclusion constraint).

SQLite has no exclusion constraints; there, serialized write transactions and the service's overlap
check give the same guarantee. The operation is a no-op on other databases so migrations run anywhere.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT = "reservation_no_overlap"

CREATE = f"""
ALTER TABLE api_reservation ADD CONSTRAINT {CONSTRAINT}
EXCLUDE USING gist (
    emplacement_id WITH =,
    tstzrange(date_debut, date_fin, '[)') WITH &&
) WHERE (statut IN ('en_attente', 'confirmee', 'active'))
"""
DROP = f"ALTER TABLE api_reservation DROP CONSTRAINT IF EXISTS {CONSTRAINT}"


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
