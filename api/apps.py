from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Charging network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from api import openapi  # noqa: F401 - registers the OpenAPI schema extensions
        from api.serializers.fields import register

        register()
