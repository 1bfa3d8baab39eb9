"""The MQTT side: broker configuration, topics, payload schemas, handlers and the client."""
