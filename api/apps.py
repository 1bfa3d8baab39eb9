from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Reseau de bornes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from api import openapi  # noqa: F401 - registers the OpenAPI schema extensions
        from api.serializers.fields import register

        register()
