"""(ext) The OCPP gateway (docs/ocpp.md): commercial chargers speaking OCPP 1.6J or 2.0.1 join the network.

`core` and `transactions` are protocol-neutral and synchronous (they call the same handlers and services as the
MQTT bridge and the kiosk); `v16` and `v201` translate each OCPP version; `server` is the WebSocket process.
"""
