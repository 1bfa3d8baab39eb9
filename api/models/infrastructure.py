"""The physical network: stations, their cabinets (bornes) and numbered bays (emplacements)."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import BorneLink, BorneStatus, EmplacementStatus, LockState, StationStatus


class Station(models.Model):
    """Represent a physical charging station and its public location data."""

    id_station = models.BigAutoField(primary_key=True)
    nom = models.CharField(max_length=120)
    localisation_text = models.CharField(max_length=255, blank=True, default="")
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    statut = models.CharField(max_length=16, choices=StationStatus.choices, default=StationStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ("nom", "id_station")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="station_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="station_longitude_range",
            ),
        ]
        indexes = [models.Index(fields=("statut",), name="station_statut")]

    def __str__(self) -> str:
        return self.nom


def default_mqtt_prefix(station_id: int, numero: int) -> str:
    """The topic prefix a cabinet gets when none is given (device-protocol.md)."""
    return f"evc/{station_id}/{numero}"


class Borne(models.Model):
    """Represent one physical charging cabinet attached to a station."""

    id_borne = models.BigAutoField(primary_key=True)
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="bornes")
    numero = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    nom = models.CharField(max_length=120, blank=True, default="")
    mqtt_prefix = models.CharField(max_length=128, unique=True)
    statut = models.CharField(max_length=16, choices=BorneStatus.choices, default=BorneStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    link_kind = models.CharField(
        max_length=8, choices=BorneLink.choices, default=BorneLink.MQTT, db_default=BorneLink.MQTT,
        help_text="(ext) An ESP32 per bay over MQTT, or one OCPP charge point (a connector per bay).",
    )
    ocpp_identity = models.CharField(
        max_length=48, unique=True, null=True, blank=True,
        help_text="(ext) The charge point identity in its URL `/ocpp/<identity>` (OCPP cabinets only).",
    )
    ocpp_password_hash = models.CharField(max_length=64, blank=True, default="", db_default="",
                                          help_text="(ext) Keyed hash of the HTTP Basic password (shown once).")
    ocpp_password_set_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ("station_id", "numero")
        constraints = [
            models.UniqueConstraint(fields=("station", "numero"), name="borne_numero_unique_per_station"),
            models.CheckConstraint(condition=~Q(mqtt_prefix=""), name="borne_mqtt_prefix_not_blank"),
        ]

    def __str__(self) -> str:
        return self.nom or f"Borne {self.numero}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Default a blank `mqtt_prefix` to `evc/<id_station>/<numero>`."""
        self.mqtt_prefix = (self.mqtt_prefix or "").strip().strip("/")
        if not self.mqtt_prefix:
            self.mqtt_prefix = default_mqtt_prefix(self.station_id, self.numero)
        super().save(*args, **kwargs)

    @classmethod
    def default_for_station(cls, station: Station) -> Borne:
        """Return the default cabinet used by compatibility flows.

        That is the station's lowest-numbered cabinet; a station without any gets cabinet 1.
        """
        borne = cls.objects.filter(station=station).order_by("numero").first()
        if borne is not None:
            return borne
        borne, _ = cls.objects.get_or_create(station=station, numero=1, defaults={"nom": f"{station.nom} - borne 1"})
        return borne


class Emplacement(models.Model):
    """Represent a numbered charging bay within a physical cabinet."""

    id_emplacement = models.BigAutoField(primary_key=True)
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="emplacements")
    borne = models.ForeignKey(Borne, on_delete=models.CASCADE, related_name="emplacements")
    numero = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    statut = models.CharField(max_length=16, choices=EmplacementStatus.choices, default=EmplacementStatus.AVAILABLE)
    lock_state = models.CharField(max_length=16, choices=LockState.choices, default=LockState.LOCKED)

    class Meta:
        verbose_name = _("bay")
        verbose_name_plural = _("bays")
        ordering = ("borne_id", "numero")
        constraints = [
            models.UniqueConstraint(fields=("borne", "numero"), name="emplacement_numero_unique_per_borne"),
        ]
        indexes = [models.Index(fields=("station", "statut"), name="emplacement_station_statut")]

    def __str__(self) -> str:
        return f"Emplacement {self.numero}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep the denormalized station field aligned with the parent cabinet."""
        if self.borne_id is None and self.station_id is not None:
            self.borne = Borne.default_for_station(self.station)
        if self.borne_id is not None:
            station_id = Borne.objects.filter(pk=self.borne_id).values_list("station_id", flat=True).first()
            if station_id is not None:
                self.station_id = station_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "borne" in update_fields:
            kwargs["update_fields"] = {*update_fields, "station"}
        super().save(*args, **kwargs)


class TerminalKey(models.Model):
    """(ext) The credential of one cabinet's kiosk: `Authorization: Terminal <key>`.

    Only a SHA-256 digest of the 256-bit key is stored; the key is shown once when issued or rotated.
    """

    borne = models.OneToOneField(Borne, on_delete=models.CASCADE, related_name="terminal_key")
    key_prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kiosk key")
        verbose_name_plural = _("kiosk keys")

    def __str__(self) -> str:
        return f"{self.key_prefix}... ({self.borne_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
