"""(ext) The shape of `dashboard`'s answer, so that the schema and the web app's types say it exactly."""

from __future__ import annotations

from rest_framework import serializers

from api.models.choices import ChargeSessionState, ReservationAuthChoice, ReservationStatus


class DashboardReservationSerializer(serializers.Serializer):
    id_reservation = serializers.IntegerField()
    reference_code = serializers.CharField()
    statut = serializers.ChoiceField(choices=ReservationStatus.choices)
    auth_choice = serializers.ChoiceField(choices=ReservationAuthChoice.choices)
    date_debut = serializers.DateTimeField()
    date_fin = serializers.DateTimeField()
    emplacement = serializers.IntegerField()
    emplacement_numero = serializers.IntegerField()
    station_nom = serializers.CharField()
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField(allow_blank=True, allow_null=True)


class DashboardSessionSerializer(serializers.Serializer):
    id_session = serializers.IntegerField()
    reference_code = serializers.CharField()
    emplacement = serializers.IntegerField()
    station_nom = serializers.CharField()
    charge_state = serializers.ChoiceField(choices=ChargeSessionState.choices)
    start_time = serializers.DateTimeField(allow_null=True)
    end_time = serializers.DateTimeField(allow_null=True)
    energie_kwh = serializers.FloatField(allow_null=True)


class DashboardActivitySerializer(serializers.Serializer):
    action = serializers.CharField()
    statut = serializers.CharField()
    date_action = serializers.DateTimeField()


class DashboardSerializer(serializers.Serializer):
    next_reservation = DashboardReservationSerializer(allow_null=True)
    upcoming_reservations = DashboardReservationSerializer(many=True)
    reservation_counts = serializers.DictField(child=serializers.IntegerField())
    total_reservations = serializers.IntegerField()
    total_sessions = serializers.IntegerField()
    total_energy_kwh = serializers.FloatField()
    recent_sessions = DashboardSessionSerializer(many=True)
    recent_activity = DashboardActivitySerializer(many=True)
