"""amqtt plugins of the embedded broker: kiosk users (`kiosk-<borne id>`) by password, held to their ACL.

Other users are left to the broker's other plugin (any user name, as the development broker always
accepted). A kiosk user must give the password that `GET /api/terminal/broker/` handed to its cabinet
(api.crypto.kiosk_broker_password, checked against the cabinet's current terminal key); it may then
publish only its cabinet's `cmd` topics and read only its devices' reports (api.mqtt.kiosk_acl), the
rules the Mosquitto ACL of docs/deployment.md states.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Iterator
from typing import Any

from amqtt.broker import Broker
from amqtt.contexts import Action
from amqtt.plugins.base import BaseAuthPlugin, BaseTopicPlugin
from django.db import connections

from api.crypto import KIOSK_BROKER_USER_PREFIX, kiosk_broker_password
from api.mqtt.kiosk_acl import kiosk_may_publish, kiosk_may_read, kiosk_may_subscribe

PREFIX_ATTRIBUTE = "kiosk_mqtt_prefix"


def _kiosk_prefix(username: str, password: str) -> str | None:
    """The cabinet's MQTT prefix if these are a kiosk's current credentials (runs in a worker thread)."""
    from api.selectors.kiosk import kiosk_broker_identity

    try:
        borne_id = int(username[len(KIOSK_BROKER_USER_PREFIX):])
        identity = kiosk_broker_identity(borne_id=borne_id)
    except ValueError:
        return None
    finally:
        connections.close_all()
    if identity is None:
        return None
    key_hash, prefix = identity
    expected = kiosk_broker_password(borne_id=borne_id, key_hash=key_hash)
    return prefix if hmac.compare_digest(expected, password) else None


class KioskAuthPlugin(BaseAuthPlugin):
    async def authenticate(self, *, session: Any) -> bool | None:
        username = session.username or ""
        if not username.startswith(KIOSK_BROKER_USER_PREFIX):
            return None  # not a kiosk: the other plugin decides
        prefix = await asyncio.to_thread(_kiosk_prefix, username, session.password or "")
        if prefix is None:
            self.context.logger.info("kiosk broker login refused for %s", username)
            return False
        setattr(session, PREFIX_ATTRIBUTE, prefix)
        return True


class KioskTopicPlugin(BaseTopicPlugin):
    async def topic_filtering(self, *, session: Any = None, topic: str | None = None,
                              action: Action | None = None) -> bool | None:
        prefix = getattr(session, PREFIX_ATTRIBUTE, None)
        if prefix is None:
            username = getattr(session, "username", None) or ""
            return not username.startswith(KIOSK_BROKER_USER_PREFIX)  # a kiosk never passes unchecked
        if not topic:
            return False
        if action == Action.PUBLISH:
            return kiosk_may_publish(prefix, topic)
        if action == Action.SUBSCRIBE:
            return kiosk_may_subscribe(prefix, topic)
        return kiosk_may_read(prefix, topic)


class SubscriptionTable(dict[str, list[tuple[Any, int]]]):
    """amqtt's table of subscriptions (topic filter -> subscribers), iterated over a copy.

    amqtt 0.12 iterates its live table and awaits inside the loop: the broadcast of a message awaits the
    topic plugins for every matching subscriber, a reconnecting session awaits its retained messages for
    every filter. A client that subscribes, unsubscribes or disconnects meanwhile changes the table; the loop
    raises `RuntimeError` and every subscriber it had not reached loses the message (a QoS 1 command never
    reaching its device), or a subscriber is skipped because its list shifted under the loop. Iterating a
    copy gives each loop the subscriptions present when it began, as a broker must; writes go to the table.
    """

    def __iter__(self) -> Iterator[str]:
        return iter(list(super().keys()))

    def items(self) -> list[tuple[str, list[tuple[Any, int]]]]:  # type: ignore[override]
        return [(topic_filter, list(subscribers)) for topic_filter, subscribers in super().items()]


class AclBroker(Broker):
    """amqtt's broker, with the kiosk's read rule applied to retained messages too, and a broadcast that
    survives a subscription made or dropped while it runs.

    amqtt asks the topic plugins (`Action.RECEIVE`) before it delivers a live message, but sends the retained
    messages matching a subscription without asking; here they go through the same rule. The check is
    synchronous on purpose: amqtt calls this while iterating its subscriptions, so it must not yield more
    than amqtt's own version does (once, to wait for the publications).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._subscriptions = SubscriptionTable()

    async def _publish_retained_messages_for_subscription(self, subscription: tuple[str, int], session: Any) -> None:
        topic_filter, qos = subscription
        handler = self._get_handler(session)
        if handler is None:
            return
        tasks = [
            asyncio.ensure_future(handler.mqtt_publish(message.topic, message.data, min(qos, message.qos or qos),
                                                       retain=True))
            for topic, message in list(self._retained_messages.items())
            if self._matches(topic, topic_filter) and may_read(session, topic)
        ]
        if tasks:
            await asyncio.wait(tasks)


def may_read(session: Any, topic: str) -> bool:
    """The read rule of `KioskTopicPlugin`, synchronously: a kiosk its cabinet's reports, others anything."""
    prefix = getattr(session, PREFIX_ATTRIBUTE, None)
    if prefix is None:
        return not (getattr(session, "username", None) or "").startswith(KIOSK_BROKER_USER_PREFIX)
    return kiosk_may_read(prefix, topic)


PLUGINS: dict[str, dict[str, Any]] = {
    "amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": False},
    f"{__name__}.KioskAuthPlugin": {},
    f"{__name__}.KioskTopicPlugin": {},
}
