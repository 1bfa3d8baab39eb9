"""The Django admin at /admin/: list displays, filters and search for every model."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from api import models as m


class ProfilInline(admin.StackedInline):
    model = m.ProfilUtilisateur
    can_delete = False
    extra = 0


@admin.register(m.Utilisateur)
class UtilisateurAdmin(UserAdmin):
    list_display = ("pseudo", "email", "statut", "is_active", "is_staff", "failed_attempts", "date_joined")
    list_filter = ("statut", "is_active", "is_staff", "is_superuser")
    search_fields = ("pseudo", "email", "profil__nom", "profil__telephone")
    ordering = ("pseudo",)
    readonly_fields = ("created_at", "date_joined", "last_login", "failed_attempts")
    inlines = (ProfilInline,)
    fieldsets = (
        (None, {"fields": ("pseudo", "email", "password")}),
        (_("Status"), {"fields": ("statut", "is_active", "failed_attempts", "locked_until")}),
        (_("Rights"), {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined", "created_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("pseudo", "email", "password1", "password2")}),)


@admin.register(m.ProfilUtilisateur)
class ProfilUtilisateurAdmin(admin.ModelAdmin):
    list_display = ("utilisateur", "nom", "telephone", "telephone_verifie")
    list_filter = ("telephone_verifie",)
    search_fields = ("utilisateur__pseudo", "nom", "telephone")
    raw_id_fields = ("utilisateur",)


@admin.register(m.Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("nom", "description")
    search_fields = ("nom",)


@admin.register(m.UtilisateurRole)
class UtilisateurRoleAdmin(admin.ModelAdmin):
    list_display = ("utilisateur", "role", "assigned_at")
    list_filter = ("role",)
    search_fields = ("utilisateur__pseudo",)
    raw_id_fields = ("utilisateur",)


@admin.register(m.Consentement)
class ConsentementAdmin(admin.ModelAdmin):
    list_display = ("utilisateur", "type", "statut", "date_consentement")
    list_filter = ("type", "statut")
    search_fields = ("utilisateur__pseudo",)
    date_hierarchy = "date_consentement"
    raw_id_fields = ("utilisateur",)


@admin.register(m.JournalSecurite)
class JournalSecuriteAdmin(admin.ModelAdmin):
    list_display = ("date_action", "action", "statut", "utilisateur", "ip")
    list_filter = ("statut", "action")
    search_fields = ("action", "utilisateur__pseudo", "ip")
    date_hierarchy = "date_action"
    raw_id_fields = ("utilisateur",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an audit trail is not edited


@admin.register(m.TypeAuth)
class TypeAuthAdmin(admin.ModelAdmin):
    list_display = ("libelle", "factor_level")


@admin.register(m.Authentification)
class AuthentificationAdmin(admin.ModelAdmin):
    list_display = ("id_auth", "utilisateur", "type_auth", "display_value", "is_active", "expiration", "created_at")
    list_filter = ("type_auth", "is_active")
    search_fields = ("utilisateur__pseudo", "display_value")
    exclude = ("hash_valeur",)
    readonly_fields = ("display_value", "metadata", "created_at")
    raw_id_fields = ("utilisateur",)


@admin.register(m.RfidLinkCode)
class RfidLinkCodeAdmin(admin.ModelAdmin):
    list_display = ("utilisateur", "created_at", "expires_at", "used_at")
    search_fields = ("utilisateur__pseudo",)
    exclude = ("code_hash",)
    raw_id_fields = ("utilisateur", "authentification")


@admin.register(m.PhoneVerification)
class PhoneVerificationAdmin(admin.ModelAdmin):
    list_display = ("utilisateur", "created_at", "expires_at", "attempts", "used_at")
    search_fields = ("utilisateur__pseudo",)
    exclude = ("code_hash",)
    raw_id_fields = ("utilisateur",)


@admin.register(m.AccessAttempt)
class AccessAttemptAdmin(admin.ModelAdmin):
    list_display = ("created_at", "borne", "method", "result", "reason", "utilisateur", "ip")
    list_filter = ("result", "method", "reason")
    search_fields = ("utilisateur__pseudo", "reservation__reference_code")
    date_hierarchy = "created_at"
    raw_id_fields = ("utilisateur", "reservation", "borne")


class BorneInline(admin.TabularInline):
    model = m.Borne
    extra = 0
    fields = ("numero", "nom", "mqtt_prefix", "statut")


@admin.register(m.Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ("nom", "localisation_text", "statut", "latitude", "longitude", "created_at")
    list_filter = ("statut",)
    search_fields = ("nom", "localisation_text")
    inlines = (BorneInline,)


class EmplacementInline(admin.TabularInline):
    model = m.Emplacement
    extra = 0
    fields = ("numero", "statut", "lock_state")


@admin.register(m.Borne)
class BorneAdmin(admin.ModelAdmin):
    list_display = ("__str__", "station", "numero", "mqtt_prefix", "statut", "link_kind", "ocpp_identity")
    list_filter = ("statut", "station", "link_kind")
    search_fields = ("nom", "mqtt_prefix", "station__nom", "ocpp_identity")
    exclude = ("ocpp_password_hash",)
    readonly_fields = ("ocpp_password_set_at",)
    inlines = (EmplacementInline,)
    actions = ("issue_ocpp_password",)

    @admin.action(description=_("OCPP: switch to OCPP and issue the password (shown once)"))
    def issue_ocpp_password(self, request: Any, queryset: Any) -> None:
        from api.services.ocpp import borne_ocpp_enable

        for borne in queryset:
            identity = borne.ocpp_identity or f"CP-{borne.pk}"
            issued = borne_ocpp_enable(borne=borne, identity=identity, actor=request.user, ip=None)
            text = gettext("%(borne)s: identity %(identity)s, password %(password)s (shown only once)")
            self.message_user(request, text % {"borne": borne, "identity": issued.ocpp_identity,
                                               "password": issued.password})


@admin.register(m.OcppTransaction)
class OcppTransactionAdmin(admin.ModelAdmin):
    list_display = ("session", "borne", "connector", "started_at", "meter_start_wh", "charger_transaction_id")
    search_fields = ("borne__ocpp_identity", "charger_transaction_id")
    readonly_fields = ("session", "borne", "connector", "started_at", "meter_start_wh", "charger_transaction_id")


@admin.register(m.TerminalKey)
class TerminalKeyAdmin(admin.ModelAdmin):
    list_display = ("borne", "key_prefix", "created_at", "revoked_at", "last_used_at")
    list_filter = ("revoked_at",)
    search_fields = ("key_prefix", "borne__nom")
    exclude = ("key_hash",)
    readonly_fields = ("borne", "key_prefix", "created_at", "last_used_at")


@admin.register(m.Emplacement)
class EmplacementAdmin(admin.ModelAdmin):
    list_display = ("__str__", "station", "borne", "numero", "statut", "lock_state")
    list_filter = ("statut", "lock_state", "station")
    search_fields = ("station__nom", "borne__nom")
    readonly_fields = ("station",)


@admin.register(m.Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ("reference_code", "utilisateur", "emplacement", "auth_choice", "date_debut", "date_fin", "statut")
    list_filter = ("statut", "auth_choice", "emplacement__station")
    search_fields = ("reference_code", "utilisateur__pseudo", "utilisateur__email")
    date_hierarchy = "date_debut"
    raw_id_fields = ("utilisateur", "emplacement", "authentification")


@admin.register(m.MobileSession)
class MobileSessionAdmin(admin.ModelAdmin):
    list_display = ("id", "borne", "status", "utilisateur", "reservation", "created_at", "expires_at")
    list_filter = ("status",)
    exclude = ("token_hash",)
    raw_id_fields = ("utilisateur", "reservation", "session", "borne")


class TelemetryInline(admin.TabularInline):
    model = m.SessionTelemetry
    extra = 0
    can_delete = False
    fields = ("timestamp", "courant", "tension", "energie_kwh", "seq")
    readonly_fields = fields
    max_num = 0


@admin.register(m.Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("id_session", "reservation", "emplacement", "charge_state", "start_time", "end_time", "energie_kwh")
    list_filter = ("charge_state", "emplacement__station")
    search_fields = ("reservation__reference_code", "reservation__utilisateur__pseudo")
    date_hierarchy = "start_time"
    raw_id_fields = ("reservation", "emplacement")
    inlines = (TelemetryInline,)


@admin.register(m.SessionTelemetry)
class SessionTelemetryAdmin(admin.ModelAdmin):
    list_display = ("session", "timestamp", "courant", "tension", "energie_kwh", "seq")
    search_fields = ("session__reservation__reference_code",)
    raw_id_fields = ("session",)


@admin.register(m.Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ("id_device", "emplacement", "status", "last_seen", "firmware_version", "firmware_update_status",
                    "mac_address", "ip_address")
    list_filter = ("status", "firmware_update_status", "type_device", "emplacement__station")
    search_fields = ("mac_address", "hardware_mac", "ip_address", "emplacement__borne__mqtt_prefix")
    raw_id_fields = ("emplacement",)


@admin.register(m.DeviceCommandLog)
class DeviceCommandLogAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "device", "action", "status", "attempts", "command_id", "session")
    list_filter = ("status", "action", "source")
    search_fields = ("command_id",)
    date_hierarchy = "timestamp"
    raw_id_fields = ("device", "session")


@admin.register(m.Capteur)
class CapteurAdmin(admin.ModelAdmin):
    list_display = ("id_capteur", "device", "type", "unite")
    list_filter = ("type",)
    raw_id_fields = ("device",)


@admin.register(m.CapteurData)
class CapteurDataAdmin(admin.ModelAdmin):
    list_display = ("capteur", "valeur", "timestamp")
    list_filter = ("capteur__type",)
    date_hierarchy = "timestamp"
    raw_id_fields = ("capteur",)


@admin.register(m.Alerte)
class AlerteAdmin(admin.ModelAdmin):
    list_display = ("id_alerte", "type", "niveau_severite", "status", "station", "device", "last_seen",
                    "occurrence_count", "assigned_technician")
    list_filter = ("status", "niveau_severite", "type", "station")
    search_fields = ("type", "message")
    date_hierarchy = "first_seen"
    raw_id_fields = ("data", "session", "device", "assigned_technician", "acknowledged_by", "resolved_by")


class AssignmentInline(admin.TabularInline):
    model = m.TechnicienStation
    extra = 0


@admin.register(m.Technicien)
class TechnicienAdmin(admin.ModelAdmin):
    list_display = ("nom", "email", "telephone", "utilisateur")
    search_fields = ("nom", "email", "utilisateur__pseudo")
    raw_id_fields = ("utilisateur",)
    inlines = (AssignmentInline,)


@admin.register(m.TechnicienStation)
class TechnicienStationAdmin(admin.ModelAdmin):
    list_display = ("technicien", "station", "role", "is_active", "assigned_at")
    list_filter = ("role", "is_active", "station")
    search_fields = ("technicien__nom", "station__nom")


@admin.register(m.Maintenance)
class MaintenanceAdmin(admin.ModelAdmin):
    list_display = ("type", "station", "technicien", "status", "date_planifiee", "date_realisee")
    list_filter = ("status", "station")
    search_fields = ("type", "description", "station__nom", "technicien__nom")
    date_hierarchy = "date_planifiee"


@admin.register(m.OfflineEvent)
class OfflineEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "borne", "kind", "result", "conflict_reason", "occurred_at", "received_at")
    list_filter = ("result", "kind")
    search_fields = ("event_id",)


@admin.register(m.OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "recipient", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("recipient", "subject")
