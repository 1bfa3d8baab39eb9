"""(ext) The console's read of one charging session: its summary and its telemetry as chart points."""

from __future__ import annotations

from rest_framework import serializers

from api.models import Session
from api.selectors.telemetry import DEFAULT_POINTS, MAX_POINTS, MIN_POINTS
from api.serializers.fields import ApiDateTimeField


class TelemetryQuerySerializer(serializers.Serializer):
    points = serializers.IntegerField(required=False, default=DEFAULT_POINTS, min_value=MIN_POINTS,
                                      max_value=MAX_POINTS, help_text="Most points answered (default 300).")


class ConsoleSessionSerializer(serializers.ModelSerializer):
    """A session as the console's detail shows it (the admin list's fields and the telemetry summary)."""

    reference_code = serializers.CharField(source="reservation.reference_code", read_only=True)
    date_debut = ApiDateTimeField(source="reservation.date_debut", read_only=True)
    date_fin = ApiDateTimeField(source="reservation.date_fin", read_only=True)
    emplacement_numero = serializers.IntegerField(source="emplacement.numero", read_only=True)
    borne_numero = serializers.IntegerField(source="emplacement.borne.numero", read_only=True)
    station = serializers.IntegerField(source="emplacement.station_id", read_only=True)
    station_nom = serializers.CharField(source="emplacement.station.nom", read_only=True)

    class Meta:
        model = Session
        fields = ("id_session", "reference_code", "date_debut", "date_fin", "emplacement", "emplacement_numero",
                  "borne_numero", "station", "station_nom", "charge_state", "charge_state_updated_at", "start_time",
                  "end_time", "energie_kwh", "max_courant", "telemetry_count", "error_reason")
        read_only_fields = fields


class TelemetryPointSerializer(serializers.Serializer):
    """One sample, or one bucket's averages (`samples` > 1 or downsampled) and its last energy reading."""

    timestamp = ApiDateTimeField(help_text="The sample's time, or the bucket's start.")
    courant = serializers.FloatField(help_text="A (average over the bucket).")
    tension = serializers.FloatField(help_text="V (average over the bucket).")
    puissance_w = serializers.FloatField(help_text="W: current x voltage (average over the bucket).")
    energie_kwh = serializers.FloatField(help_text="Cumulative energy (the bucket's last reading).")
    samples = serializers.IntegerField(min_value=1, help_text="Samples in this point.")


class SessionTelemetrySerializer(serializers.Serializer):
    """`{"session", "points", "sample_count", "downsampled", "bucket_seconds"}`."""

    session = ConsoleSessionSerializer()
    points = TelemetryPointSerializer(many=True)
    sample_count = serializers.IntegerField(min_value=0, help_text="Samples stored for the session.")
    downsampled = serializers.BooleanField(help_text="True when the points are buckets of several samples.")
    bucket_seconds = serializers.FloatField(allow_null=True, help_text="Width of a bucket; null when not downsampled.")
