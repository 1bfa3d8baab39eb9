"""Embedded devices (one ESP32 per bay), their commands and sensors."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .charging import Session
from .choices import CommandStatus, DeviceStatus, DeviceType, FirmwareUpdateStatus
from .infrastructure import Emplacement


class Device(models.Model):
    """Describe the embedded device installed on a charging bay."""

    id_device = models.BigAutoField(primary_key=True)
    emplacement = models.OneToOneField(Emplacement, on_delete=models.CASCADE, related_name="device")
    type_device = models.CharField(max_length=16, choices=DeviceType.choices, default=DeviceType.ESP32)
    firmware_version = models.CharField(max_length=32, blank=True, default="")
    expected_firmware_version = models.CharField(max_length=32, blank=True, default="")
    firmware_update_status = models.CharField(
        max_length=20, choices=FirmwareUpdateStatus.choices, default=FirmwareUpdateStatus.UNKNOWN
    )
    ota_update_url = models.URLField(max_length=500, blank=True, default="")
    ota_target_version = models.CharField(max_length=32, blank=True, default="")
    ota_requested_at = models.DateTimeField(null=True, blank=True)
    ota_completed_at = models.DateTimeField(null=True, blank=True)
    ota_last_error = models.TextField(blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    slot_id = models.CharField(max_length=32, blank=True, default="")
    hardware_mac = models.CharField(max_length=17, blank=True, default="")
    mac_address = models.CharField(max_length=17, blank=True, default="")
    last_seen = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=DeviceStatus.choices, default=DeviceStatus.PROVISIONED)
    last_command_id = models.CharField(max_length=36, blank=True, default="")
    last_command_action = models.CharField(max_length=32, blank=True, default="")
    last_command_status = models.CharField(max_length=16, blank=True, default="")
    last_command_message = models.TextField(blank=True, default="")
    last_command_at = models.DateTimeField(null=True, blank=True)
    boot_id = models.BigIntegerField(null=True, blank=True, help_text="(ext) Latest boot id from `status`.")
    last_state_seq = models.BigIntegerField(null=True, blank=True, help_text="(ext) Latest `state` seq applied.")
    ota_job_id = models.CharField(max_length=36, blank=True, default="", help_text="(ext) Current OTA job.")

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ("id_device",)
        constraints = [
            models.UniqueConstraint(fields=("mac_address",), condition=~Q(mac_address=""), name="device_mac_unique"),
            models.UniqueConstraint(
                fields=("hardware_mac",), condition=~Q(hardware_mac=""), name="device_hardware_mac_unique"
            ),
        ]
        indexes = [models.Index(fields=("status", "last_seen"), name="device_status_seen")]

    def __str__(self) -> str:
        return f"{self.type_device} #{self.id_device}"


class DeviceCommandLog(models.Model):
    """Store command acknowledgements received from embedded devices.

    One row per command, written before the command is published, then moved by its acks.
    """

    id_command = models.BigAutoField(primary_key=True)
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="command_logs")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="device_command_logs"
    )
    command_id = models.UUIDField(unique=True)
    action = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=CommandStatus.choices, default=CommandStatus.PENDING)
    message = models.TextField(blank=True, default="")
    source = models.CharField(max_length=32, blank=True, default="backend")
    payload = models.JSONField(default=dict, blank=True)
    timestamp = models.DateTimeField(default=timezone.now)
    ttl_s = models.PositiveIntegerField(default=30, help_text="(ext) Failed when not done after this many seconds.")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="(ext) Times published.")
    last_sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("command log entry")
        verbose_name_plural = _("command log")
        ordering = ("-timestamp", "-id_command")
        indexes = [
            models.Index(fields=("status", "last_sent_at"), name="command_status_sent"),
            models.Index(fields=("device", "-timestamp"), name="command_device_time"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.command_id} ({self.status})"


class Capteur(models.Model):
    """Represent a sensor attached to an embedded charging device."""

    id_capteur = models.BigAutoField(primary_key=True)
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="capteurs")
    type = models.CharField(max_length=32)
    unite = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("sensor")
        verbose_name_plural = _("sensors")
        ordering = ("device_id", "type")
        constraints = [models.UniqueConstraint(fields=("device", "type"), name="capteur_device_type_unique")]

    def __str__(self) -> str:
        return f"{self.type} ({self.unite})"


class CapteurData(models.Model):
    """Store one timestamped value produced by a sensor."""

    id_data = models.BigAutoField(primary_key=True)
    capteur = models.ForeignKey(Capteur, on_delete=models.CASCADE, related_name="donnees")
    valeur = models.FloatField()
    timestamp = models.DateTimeField()

    class Meta:
        verbose_name = _("sensor reading")
        verbose_name_plural = _("sensor readings")
        ordering = ("-timestamp", "-id_data")
        indexes = [models.Index(fields=("capteur", "-timestamp"), name="capteurdata_capteur_time")]

    def __str__(self) -> str:
        return f"{self.capteur_id}={self.valeur}"
