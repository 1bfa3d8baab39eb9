"""Serializers, split by domain and re-exported here (`api.serializers.X`)."""

__all__: list[str] = []
