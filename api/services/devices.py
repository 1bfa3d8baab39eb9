"""Device link: commands with acknowledgements, firmware jobs, offline marking (device-protocol.md)."""

from __future__ import annotations

import functools
import json
import logging
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from api.errors import InvalidInput, InvalidTransition, NotFound
from api.models import (
    CommandAction,
    CommandStatus,
    Device,
    DeviceCommandLog,
    DeviceStatus,
    FirmwareUpdateStatus,
    Session,
)
from api.mqtt import client as mqtt_client
from api.mqtt.schemas import CommandPayload, OtaJobPayload
from api.mqtt.topics import device_topic
from api.selectors.sql_rows import first_row
from api.selectors.terminal import open_session_of
from api.services import alert_rules, charging, kiosk_commands
from api.services.sql_batch import column, db_value, pk_column, table
from api.services.transitions import (
    COMMAND_TRANSITIONS,
    DEVICE_STATUS_TRANSITIONS,
    FIRMWARE_TRANSITIONS,
    sources_of,
    transition,
    transition_where,
)

logger = logging.getLogger(__name__)

OPEN_COMMAND_STATUSES = (CommandStatus.PENDING, CommandStatus.SENT, CommandStatus.RECEIVED)


def command_publish(*, log: DeviceCommandLog, device: Device | None = None) -> bool:
    """Publish (or re-publish, same `command_id`) a recorded command; QoS 1, never retained.

    `device`: the command's device with its bay and cabinet loaded, if the caller has it (else read here).
    """
    if device is None or device.pk != log.device_id:
        device = Device.objects.select_related("emplacement__borne").get(pk=log.device_id)
    # Not waiting for the broker's PUBACK: the command is already recorded, paho delivers it (QoS 1, after a
    # reconnect too), and the re-send sweep covers a command the device never acknowledged.
    published = mqtt_client.publish(device_topic(device, "cmd"), json.dumps(log.payload), retain=False, wait=0)
    logger.info("command published id=%s action=%s device=%s acked_by_broker=%s",
                log.command_id, log.action, device.pk, published)
    return published


@functools.cache
def _mark_sent_sql() -> str:
    """`_mark_sent`'s two updates as one query string (PostgreSQL: one round trip, one implicit transaction),
    built once."""
    log, device = DeviceCommandLog, Device
    status, attempts = column(log, "status"), column(log, "attempts")
    return (
        f"UPDATE {table(log)} SET {attempts} = {attempts} + 1, "
        f"{column(log, 'last_sent_at')} = %s, {column(log, 'updated_at')} = %s, "
        f"{status} = CASE WHEN {status} = %s THEN %s ELSE {status} END WHERE {column(log, 'id_command')} = %s; "
        f"UPDATE {table(device)} SET {column(device, 'last_command_status')} = %s "
        f"WHERE {column(device, 'id_device')} = %s AND {column(device, 'last_command_id')} = %s "
        f"AND {column(device, 'last_command_status')} = %s"
    )


def _mark_sent(log: DeviceCommandLog) -> None:
    """One more publication; a `pending` command (and the device's mirror of it) becomes `sent`, together.

    On PostgreSQL both updates go as one query string: the server runs a multi-statement query as one
    implicit transaction, so it is one round trip instead of four (BEGIN, two updates, COMMIT) and Django's
    ORM does not build two updates (benchmark 1: 9 % of a kiosk authentication's time).
    """
    now = timezone.now()
    pending, sent = CommandStatus.PENDING, CommandStatus.SENT
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_mark_sent_sql(), [now, now, pending, sent, log.pk,
                                              sent, log.device_id, str(log.command_id), pending])
        return
    with transaction.atomic():
        DeviceCommandLog.objects.filter(pk=log.pk).update(
            attempts=F("attempts") + 1, last_sent_at=now, updated_at=now,
            status=Case(When(status=pending, then=Value(sent)), default=F("status")),
        )
        Device.objects.filter(pk=log.device_id, last_command_id=str(log.command_id),
                              last_command_status=pending).update(last_command_status=sent)


def command_row(
    *, device: Device, action: str, session: Session | None = None, params: dict[str, Any] | None = None,
    ttl_s: int | None = None,
) -> DeviceCommandLog:
    """A new command for `device`, `pending`, its payload built (not saved)."""
    if action not in CommandAction.values:
        raise InvalidInput(code="invalid_action")
    ttl = int(ttl_s or settings.DEVICE_COMMAND_TTL_SECONDS)
    now = timezone.now()
    command_id = uuid.uuid4()
    payload = CommandPayload(
        command_id=command_id, action=action, issued_at=now, ttl_s=ttl,  # type: ignore[arg-type]
        session_id=session.pk if session else None, params=params or {},
    ).model_dump(mode="json")
    return DeviceCommandLog(
        device=device, session=session, command_id=command_id, action=action, status=CommandStatus.PENDING,
        payload=payload, timestamp=now, ttl_s=ttl, updated_at=now,
    )


COMMAND_MIRROR_FIELDS = ("last_command_id", "last_command_action", "last_command_status", "last_command_message",
                         "last_command_at")


def command_mirror(log: DeviceCommandLog) -> dict[str, Any]:
    """What the device's `last_command_*` fields (`COMMAND_MIRROR_FIELDS`) say of its latest command, `log`,
    just recorded."""
    values = (str(log.command_id), log.action, log.status, "", log.timestamp)
    return dict(zip(COMMAND_MIRROR_FIELDS, values, strict=True))


def command_publish_on_commit(*, log: DeviceCommandLog, device: Device) -> None:
    """Publish a recorded command once its transaction commits (at once outside one), then mark it `sent`:
    a device never acks a command the worker cannot see yet."""

    def publish() -> None:
        command_publish(log=log, device=device)
        _mark_sent(log)

    transaction.on_commit(publish)


def device_command_send(
    *,
    device: Device,
    action: str,
    session: Session | None = None,
    params: dict[str, Any] | None = None,
    ttl_s: int | None = None,
) -> DeviceCommandLog:
    """Record a command (`pending`), publish it to the bay's device, then mark it `sent`.

    Inside an outer transaction the publication waits for the commit, so a device never acks a command
    the worker cannot see yet. `Device.last_command_*` mirrors the latest command. Pass the device with
    `emplacement__borne` loaded to spare a read before the publication.
    """
    log = command_row(device=device, action=action, session=session, params=params, ttl_s=ttl_s)
    with transaction.atomic(savepoint=False):  # a failure here fails the caller's transaction anyway
        log.save(force_insert=True)
        Device.objects.filter(pk=device.pk).update(**command_mirror(log))
    command_publish_on_commit(log=log, device=device)
    return log


def device_command_resend(*, log: DeviceCommandLog) -> None:
    """Publish the same command again (same `command_id`); the caller has claimed the row."""
    command_publish(log=log)
    _mark_sent(log)


def device_command_ack(*, device: Device, command_id: uuid.UUID, status: str, message: str = "") -> DeviceCommandLog:
    """Apply an ack (`received`, `done`, `failed`, `rejected`) through the command transition map.

    A repeated or late ack (e.g. `received` after `done`) changes nothing. A command of another device is
    `NotFound`. Session effects: `unlock`/`stop_charge` done move the session; failed/rejected end it in error.
    """
    message = message[:500]
    for _attempt in range(2):
        # One ack, one transaction: the log, the device's mirror of it and the session move together (a
        # reader saw the log `done` while the mirror still said `received`).
        now = timezone.now()
        with transaction.atomic():
            log = _command_moved(device_id=device.pk, command_id=command_id, status=status, message=message, now=now)
            if log is not None:
                _device_saw_ack(device_id=device.pk, command_id=str(command_id), status=status, message=message,
                                now=now)
                if log.session_id is not None and charging.command_result_moves_session(action=log.action,
                                                                                         status=status):
                    charging.session_command_result(session_id=log.session_id, action=log.action, status=status)
                return log
        current = DeviceCommandLog.objects.filter(command_id=command_id, device=device).first()
        if current is not None:
            return current  # duplicate or late ack: already further along
        adopted = kiosk_commands.kiosk_command_ack_first(device=device, command_id=command_id, status=status,
                                                         message=message)
        if adopted is not None:
            return adopted  # a kiosk-made command, kept for its offline event (api.services.kiosk_commands)
        # Not ours, or the kiosk's event recorded it meanwhile: once more, then unknown.
    raise NotFound(code="unknown_command")


@functools.cache
def _command_moved_sql(status: str) -> str:
    """The command's move to `status` from the states the transition map allows, the row returned: built once
    per status (PostgreSQL and SQLite 3.35+ return rows from an UPDATE)."""
    log = DeviceCommandLog
    sources = sources_of(COMMAND_TRANSITIONS, status)
    returned = ", ".join(column(log, field.name) for field in log._meta.concrete_fields)
    return (
        f"UPDATE {table(log)} SET {column(log, 'status')} = %s, {column(log, 'message')} = %s, "
        f"{column(log, 'updated_at')} = %s WHERE {column(log, 'command_id')} = %s AND {column(log, 'device')} = %s "
        f"AND {column(log, 'status')} IN ({', '.join(['%s'] * len(sources))}) RETURNING {returned}"
    )


def _command_moved(
    *, device_id: int, command_id: uuid.UUID, status: str, message: str, now: datetime
) -> DeviceCommandLog | None:
    """The device's command `command_id` moved to `status` (one statement), or None: unknown, or its state
    does not allow it (a repeated or late ack)."""
    params = [status, message, db_value(DeviceCommandLog, "updated_at", now),
              db_value(DeviceCommandLog, "command_id", command_id), device_id,
              *sources_of(COMMAND_TRANSITIONS, status)]
    read = first_row(_command_moved_sql(status), params)
    return None if read is None else read.instance(DeviceCommandLog)


@functools.cache
def _device_saw_ack_sql() -> str:
    device = Device
    latest = f"{column(device, 'last_command_id')} = %s"
    mirrored = ", ".join(f"{column(device, name)} = CASE WHEN {latest} THEN %s ELSE {column(device, name)} END"
                         for name in ("last_command_status", "last_command_message", "last_command_at"))
    return f"UPDATE {table(device)} SET {column(device, 'last_seen')} = %s, {mirrored} WHERE {pk_column(device)} = %s"


def _device_saw_ack(*, device_id: int, command_id: str, status: str, message: str, now: datetime) -> None:
    """The device was seen now and, if `command_id` is still its latest command, its mirror says `status`:
    one update, built once."""
    at = db_value(Device, "last_seen", now)
    with connection.cursor() as cursor:
        cursor.execute(_device_saw_ack_sql(), [at, command_id, status, command_id, message, command_id, at,
                                               device_id])


def device_command_expire(*, log: DeviceCommandLog) -> bool:
    """Mark a command `failed` after its ttl (once, whoever calls first); its session ends in error."""

    try:
        log = transition(
            DeviceCommandLog, pk=log.pk, field="status", target=CommandStatus.FAILED,
            transitions=COMMAND_TRANSITIONS, sources=list(OPEN_COMMAND_STATUSES),
            message="ttl expired", updated_at=timezone.now(),
        )
    except InvalidTransition:
        return False
    Device.objects.filter(pk=log.device_id, last_command_id=str(log.command_id)).update(
        last_command_status=CommandStatus.FAILED, last_command_message="ttl expired"
    )
    logger.info("command expired id=%s action=%s device=%s", log.command_id, log.action, log.device_id)
    if log.session_id is not None:
        session = Session.objects.select_related("emplacement", "reservation").get(pk=log.session_id)
        charging.session_fail(session=session, reason="command_timeout")
    return True


def device_mark_offline(*, device: Device, boot_id: int | None = None) -> bool:
    """Move a device to `offline` (last will or silence); an open session raises an alert.

    With `boot_id` (a last will, or an OCPP connection closing), only while no newer boot is recorded: the
    check and the move are one conditional update, so the offline of a replaced connection that races with
    its successor's `online` cannot win.
    """
    where = Q(pk=device.pk)
    changes: dict[str, Any] = {}
    if boot_id is not None:
        where &= Q(boot_id__isnull=True) | Q(boot_id__lte=boot_id)
        changes["boot_id"] = boot_id
    changed = transition_where(Device, field="status", target=DeviceStatus.OFFLINE,
                               transitions=DEVICE_STATUS_TRANSITIONS, where=where, **changes)
    if not changed:
        return False
    logger.info("device offline device=%s", device.pk)
    alert_rules.evaluate_device_offline(device=device)
    session = open_session_of(device)
    if session is not None:
        charging.session_device_lost(session=session)
    return True


def expected_firmware_version(device: Device) -> str:
    return device.expected_firmware_version or settings.FIRMWARE_TARGET_VERSION


def firmware_status_for(device: Device, reported: str) -> str:
    """Compliance of a reported version: `up_to_date` only for the expected (or the OTA target) version."""
    in_progress = (FirmwareUpdateStatus.UPDATE_SCHEDULED, FirmwareUpdateStatus.UPDATING)
    if device.firmware_update_status in in_progress and device.ota_target_version:
        if reported == device.ota_target_version:
            return FirmwareUpdateStatus.UP_TO_DATE
        return device.firmware_update_status
    expected = expected_firmware_version(device)
    if not expected or not reported:
        return device.firmware_update_status
    if reported == expected:
        return FirmwareUpdateStatus.UP_TO_DATE
    if device.firmware_update_status == FirmwareUpdateStatus.FAILED:
        return FirmwareUpdateStatus.FAILED
    return FirmwareUpdateStatus.UPDATE_REQUIRED


def device_schedule_ota(*, device: Device, ota_target_version: str, ota_update_url: str, sha256: str) -> Device:
    """Publish the retained `ota` job for a device and mark it `update_scheduled`."""
    job_id = uuid.uuid4()
    version, url = ota_target_version, ota_update_url
    try:
        job = OtaJobPayload(job_id=job_id, version=version, url=url, sha256=sha256.lower())
    except ValueError as exc:
        raise InvalidInput(code="invalid_ota_job") from exc
    now = timezone.now()
    transition_where(
        Device, field="firmware_update_status", target=FirmwareUpdateStatus.UPDATE_SCHEDULED,
        transitions=FIRMWARE_TRANSITIONS, stay=True, where=Q(pk=device.pk),
        ota_job_id=str(job_id), ota_target_version=version, ota_update_url=url, ota_requested_at=now,
        ota_completed_at=None, ota_last_error="",
    )
    device = Device.objects.select_related("emplacement__borne", "emplacement__station").get(pk=device.pk)
    transaction.on_commit(
        lambda: mqtt_client.publish(device_topic(device, "ota"), job.model_dump_json(), retain=True)
    )
    logger.info("ota scheduled device=%s job=%s version=%s", device.pk, job_id, version)
    return device


def device_clear_ota_job(*, device: Device) -> None:
    """Remove the retained `ota` job (empty retained message) once it succeeded or failed, so the device
    does not receive it again at its next connect."""
    topic = device_topic(device, "ota")
    transaction.on_commit(lambda: mqtt_client.publish(topic, b"", retain=True))
    logger.info("ota job cleared device=%s job=%s", device.pk, device.ota_job_id)
