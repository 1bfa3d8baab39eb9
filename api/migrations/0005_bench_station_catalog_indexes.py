"""PostgreSQL: indexes for the station catalog at scale (docs/benchmarks.md, benchmark 4).

- `station_catalog_order` (statut, nom, id_station): a catalog page (active stations ordered by name)
  reads the first index entries instead of sorting every active station for the LIMIT/OFFSET.
- `station_nom_trgm` / `station_adresse_trgm`: pg_trgm GIN indexes on the expressions Django's
  `icontains` compares (`UPPER(col::text) LIKE UPPER('%q%')`), so `?q=` is a bitmap index scan, not a
  sequential scan.

No-op on other databases (SQLite: the extension operation and the RunPython both check the vendor).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS station_catalog_order ON api_station (statut, nom, id_station)",
    "CREATE INDEX IF NOT EXISTS station_nom_trgm ON api_station USING gin (UPPER(nom::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS station_adresse_trgm ON api_station "
    "USING gin (UPPER(localisation_text::text) gin_trgm_ops)",
]
NAMES = ("station_catalog_order", "station_nom_trgm", "station_adresse_trgm")
DROP = [f"DROP INDEX IF EXISTS {name}" for name in NAMES]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("api", "0004_bench_reservation_recent")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
