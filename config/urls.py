"""Root URLs: the API under /api/, the OpenAPI schema and Swagger UI, the Django admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/", include("api.urls")),
]

# URLs that match no route answer JSON like the API (the schema documents JSON 404s).
handler404 = "api.errors.json_not_found"
