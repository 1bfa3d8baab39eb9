"""Serializers of technicians, their station assignments and maintenance work."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.models import Maintenance, Technicien, TechnicienStation

from .network import NoUniqueTogetherMixin


class TechnicianMaintenanceSerializer(serializers.ModelSerializer):
    """Serialize maintenance work visible to the assigned technician."""

    station_nom = serializers.CharField(source="station.nom", read_only=True)
    emplacement_count = serializers.SerializerMethodField()

    class Meta:
        model = Maintenance
        fields = (
            "id_maintenance", "station", "station_nom", "emplacement_count", "technicien", "type", "description",
            "status", "date_planifiee", "date_realisee",
        )
        extra_kwargs = {"station": {"read_only": True}, "technicien": {"read_only": True}}

    def get_emplacement_count(self, obj: Maintenance) -> int:
        """Return the number of charging bays at the maintenance station."""
        annotated = getattr(obj, "annotated_emplacement_count", None)
        return annotated if annotated is not None else obj.station.emplacements.count()


class TechnicianStationAssignmentSerializer(NoUniqueTogetherMixin, serializers.ModelSerializer):
    """Serialize station assignments used to scope technician access."""

    technicien_nom = serializers.CharField(source="technicien.nom", read_only=True)
    station_nom = serializers.CharField(source="station.nom", read_only=True)
    station_localisation = serializers.CharField(source="station.localisation_text", read_only=True)
    role_display = serializers.SerializerMethodField()

    class Meta:
        model = TechnicienStation
        fields = (
            "id_assignment", "technicien", "technicien_nom", "station", "station_nom", "station_localisation",
            "role", "role_display", "is_active", "assigned_at",
        )
        extra_kwargs = {
            "assigned_at": {"read_only": True}, "is_active": {"required": False}, "role": {"required": False},
        }

    def get_role_display(self, obj: TechnicienStation) -> str:
        """Return the localized role label."""
        return str(obj.get_role_display())

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Reject duplicate station assignments with a clear API error."""
        instance: TechnicienStation | None = self.instance
        technicien = attrs.get("technicien", instance.technicien if instance else None)
        station = attrs.get("station", instance.station if instance else None)
        others = TechnicienStation.objects.exclude(pk=instance.pk) if instance else TechnicienStation.objects.all()
        if technicien is not None and station is not None and others.filter(
            technicien=technicien, station=station
        ).exists():
            raise serializers.ValidationError(
                {"station": _("This technician is already assigned to this station; change the existing assignment.")}
            )
        return attrs


class _AssignedStationSerializer(serializers.Serializer):
    id_assignment = serializers.IntegerField()
    station = serializers.IntegerField(source="station_id")
    station_nom = serializers.CharField(source="station.nom")
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")


class TechnicianSerializer(serializers.ModelSerializer):
    """Serialize technician profiles for administrative management."""

    utilisateur_pseudo = serializers.CharField(source="utilisateur.pseudo", read_only=True, allow_null=True)
    assigned_stations = serializers.SerializerMethodField()

    class Meta:
        model = Technicien
        fields = (
            "id_technicien", "utilisateur", "utilisateur_pseudo", "nom", "email", "telephone", "assigned_stations",
        )
        extra_kwargs = {"utilisateur": {"allow_null": True, "required": False}}

    @extend_schema_field(_AssignedStationSerializer(many=True))
    def get_assigned_stations(self, obj: Technicien) -> list[dict[str, Any]]:
        """Return active station assignments without broadening technician scope."""
        assignments = getattr(obj, "active_assignments", None)
        if assignments is None:
            assignments = obj.station_assignments.filter(is_active=True).select_related("station")
        return list(_AssignedStationSerializer(assignments, many=True).data)

    def validate_utilisateur(self, value: Any) -> Any:
        others = Technicien.objects.exclude(pk=self.instance.pk) if self.instance else Technicien.objects.all()
        if value is not None and others.filter(utilisateur=value).exists():
            raise serializers.ValidationError(_("This account is already linked to another technician."))
        return value



class MaintenanceAdminSerializer(serializers.ModelSerializer):
    """Serialize maintenance records for administrative CRUD endpoints."""

    station_nom = serializers.CharField(source="station.nom", read_only=True)
    technicien_nom = serializers.CharField(source="technicien.nom", read_only=True, allow_null=True)

    class Meta:
        model = Maintenance
        fields = (
            "id_maintenance", "station", "station_nom", "technicien", "technicien_nom", "type", "description",
            "status", "date_planifiee", "date_realisee",
        )


class MaintenanceOptionsSerializer(serializers.Serializer):
    """(ext) Options of a maintenance write that are not fields of the record."""

    station_maintenance = serializers.BooleanField(
        required=False, default=False,
        help_text="With status `en_cours`, also put the station in `maintenance`.",
    )
