"""Reads of the physical network (stations, cabinets, bays, devices) for staff and for the booking catalog."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Count, Q, QuerySet

from api.errors import NotFound
from api.models import Borne, BorneStatus, Device, Emplacement, Station, StationStatus, TerminalKey


def get_or_404(queryset: QuerySet[Any], pk: Any) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def station_list(*, statut: str | None = None, q: str | None = None) -> QuerySet[Station]:
    queryset = Station.objects.all()
    if statut:
        queryset = queryset.filter(statut=statut)
    if q:
        queryset = queryset.filter(Q(nom__icontains=q) | Q(localisation_text__icontains=q))
    return queryset


def station_get(*, pk: Any) -> Station:
    return get_or_404(Station.objects.all(), pk)


def _bornes() -> QuerySet[Borne]:
    # explicit order: Meta.ordering does not apply to an aggregated (GROUP BY) queryset, and pages need one
    return Borne.objects.select_related("station").annotate(
        annotated_emplacements_count=Count("emplacements")
    ).order_by("station_id", "numero")  # Borne.Meta.ordering


def borne_list(*, station: int | None = None, statut: str | None = None, q: str | None = None) -> QuerySet[Borne]:
    queryset = _bornes()
    if station is not None:
        queryset = queryset.filter(station_id=station)
    if statut:
        queryset = queryset.filter(statut=statut)
    if q:
        queryset = queryset.filter(Q(nom__icontains=q) | Q(mqtt_prefix__icontains=q) | Q(station__nom__icontains=q))
    return queryset


def borne_get(*, pk: Any) -> Borne:
    return get_or_404(_bornes(), pk)


def _emplacements() -> QuerySet[Emplacement]:
    return Emplacement.objects.select_related("station", "borne")


def emplacement_list(
    *, station: int | None = None, borne: int | None = None, statut: str | None = None, q: str | None = None
) -> QuerySet[Emplacement]:
    queryset = _emplacements()
    if station is not None:
        queryset = queryset.filter(station_id=station)
    if borne is not None:
        queryset = queryset.filter(borne_id=borne)
    if statut:
        queryset = queryset.filter(statut=statut)
    if q:
        queryset = queryset.filter(Q(station__nom__icontains=q) | Q(borne__nom__icontains=q))
    return queryset


def emplacement_get(*, pk: Any) -> Emplacement:
    return get_or_404(_emplacements(), pk)


def _devices() -> QuerySet[Device]:
    return Device.objects.select_related("emplacement__borne", "emplacement__station")


def device_list(
    *, station: int | None = None, borne: int | None = None, statut: str | None = None, q: str | None = None,
    firmware_update_status: str | None = None,
) -> QuerySet[Device]:
    queryset = _devices()
    if firmware_update_status:
        queryset = queryset.filter(firmware_update_status=firmware_update_status)
    if station is not None:
        queryset = queryset.filter(emplacement__station_id=station)
    if borne is not None:
        queryset = queryset.filter(emplacement__borne_id=borne)
    if statut:
        queryset = queryset.filter(status=statut)
    if q:
        queryset = queryset.filter(
            Q(mac_address__icontains=q) | Q(hardware_mac__icontains=q) | Q(slot_id__icontains=q)
            | Q(firmware_version__icontains=q) | Q(emplacement__station__nom__icontains=q)
        )
    return queryset


def device_get(*, pk: Any) -> Device:
    return get_or_404(_devices(), pk)


def catalog_stations(*, q: str | None = None) -> QuerySet[Station]:
    """Active stations of the booking catalog (their cabinets: `catalog_cabinets`)."""
    return station_list(statut=StationStatus.ACTIVE, q=q)


def catalog_cabinets(*, station_ids: Collection[int]) -> dict[int, list[dict[str, Any]]]:
    """Per station, its non-inactive cabinets with every bay, as the catalog shows them: two queries.

    Read as `.values()` rows (a page of 50 stations holds about 500 bays: building and serializing model
    instances was most of the answer's time, docs/benchmarks.md).
    """
    bornes = list(
        Borne.objects.filter(station_id__in=station_ids).exclude(statut=BorneStatus.INACTIVE)
        .order_by("numero").values("id_borne", "station_id", "numero", "nom", "statut")
    )
    bays: dict[int, list[dict[str, Any]]] = {}
    for bay_id, borne_id, numero, statut in Emplacement.objects.filter(
        borne_id__in=[borne["id_borne"] for borne in bornes]
    ).order_by("numero").values_list("id_emplacement", "borne_id", "numero", "statut"):
        bays.setdefault(borne_id, []).append({"id_emplacement": bay_id, "numero": numero, "statut": statut})
    cabinets: dict[int, list[dict[str, Any]]] = {}
    for borne in bornes:
        cabinets.setdefault(borne["station_id"], []).append({
            "id_borne": borne["id_borne"], "numero": borne["numero"], "nom": borne["nom"], "statut": borne["statut"],
            "emplacements": bays.get(borne["id_borne"], []),
        })
    return cabinets


def terminal_key_list(
    *, station: int | None = None, borne: int | None = None, is_active: bool | None = None
) -> QuerySet[TerminalKey]:
    """(ext) The kiosk keys' states (never a key), by station and cabinet; `is_active`: not revoked."""
    queryset = TerminalKey.objects.select_related("borne__station").order_by("borne__station_id", "borne__numero")
    if station is not None:
        queryset = queryset.filter(borne__station_id=station)
    if borne is not None:
        queryset = queryset.filter(borne_id=borne)
    if is_active is not None:
        queryset = queryset.filter(revoked_at__isnull=is_active)
    return queryset
