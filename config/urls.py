"""Root URLs: the API under /api/, its schema and documentation, the Django admin, the web apps."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from config.webapps import favicon

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask every page's origin for /favicon.ico.
    path("favicon.ico", favicon, name="favicon"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from a URL of its own: no inline script under the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="docs/swagger_ui.html"),
         name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema", template_name="docs/redoc.html"),
         name="redoc"),
    path("api/", include("api.urls")),
    path("", include("config.webapps")),
]

# URLs that match no route answer JSON like the API (the schema documents JSON 404s).
handler404 = "api.errors.json_not_found"
