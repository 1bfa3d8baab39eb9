"""Settings, all read from the environment (see `.env.example` and docs/configuration.md).

With `DEBUG` off (the default) the project refuses to start without `SECRET_KEY`, `CREDENTIAL_PEPPER`
and `ALLOWED_HOSTS`: there are no production secret defaults.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file() and not env.bool("DOTENV_DISABLED", default=False):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def _secret(name: str, dev_default: str) -> str:
    value: str = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return dev_default
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off.")


SECRET_KEY = _secret("SECRET_KEY", "dev-insecure-secret-key-do-not-use-in-production-0123456789abcdef")
# Pepper of the keyed hashes (HMAC-SHA256) of RFID UIDs, access codes, QR and pairing tokens.
CREDENTIAL_PEPPER = _secret("CREDENTIAL_PEPPER", "dev-insecure-pepper")
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.static.StaticFilesMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES: dict[str, dict[str, Any]] = {"default": environ.Env.db_url_config(DATABASE_URL)}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue up behind one lock taken at BEGIN: serialized write transactions, no upgrade deadlocks.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_TIMEOUT", default=30),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # A file, not shared-cache memory: threads in tests then really contend for the write lock.
    _db["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif _db["ENGINE"] in {"django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"}:
    _db["ENGINE"] = "django.db.backends.postgresql"
    _db["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    _db.setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DB_POOL_MIN", default=2),
        "max_size": env.int("DB_POOL_MAX", default=20),
        "timeout": env.int("DB_POOL_TIMEOUT", default=30),
    }
    _db["CONN_HEALTH_CHECKS"] = False
_db["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "api.Utilisateur"

CACHES = {"default": environ.Env.cache_url_config(env.str("CACHE_URL", default="") or "dbcache://django_cache")}

# --- Passwords ------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("pseudo", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Francais"), ("en", "English")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files: served by the application itself (WhiteNoise), a reverse proxy is optional -----
# `collectstatic` compresses every file and gives it a hashed name, answered with a year of immutable
# caching; `STATIC_STORAGE` can name a plain storage where no `collectstatic` runs (the unit tests).
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str("STATIC_STORAGE", default="whitenoise.storage.CompressedManifestStaticFilesStorage"),
    },
}
# The web apps' build (frontend/, `npm run build`): its hashed assets are static files under app/.
FRONTEND_DIST = Path(env.str("FRONTEND_DIST", default=str(BASE_DIR / "frontend" / "dist")))
STATICFILES_DIRS = [("app", str(FRONTEND_DIST))] if FRONTEND_DIST.is_dir() else []
WHITENOISE_MAX_AGE = 3600  # unhashed names; hashed ones are immutable for a year whatever this says

# --- REST framework, JWT, OpenAPI ----------------------------------------------------------------
THROTTLING = env.bool("THROTTLING", default=True)
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ActiveUserJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "public": env.str("THROTTLE_PUBLIC", default="30/min"),
        "login": env.str("THROTTLE_LOGIN", default="20/min"),
        "availability": env.str("THROTTLE_AVAILABILITY", default="60/min"),
        "password_reset": env.str("THROTTLE_PASSWORD_RESET", default="10/min"),
    },
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=10)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "USER_ID_FIELD": "id_user",
    "USER_ID_CLAIM": "user_id",
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default=SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
    # Tokens carry a digest of the password hash: a password change or reset ends every access token at
    # once (refresh tokens are revoked as well), not only when they expire.
    "CHECK_REVOKE_TOKEN": True,
}
REFRESH_COOKIE_NAME = "refresh_token"
REFRESH_COOKIE_PATH = "/api/auth/"
REFRESH_COOKIE_SECURE = env.bool("REFRESH_COOKIE_SECURE", default=not DEBUG)

SPECTACULAR_SETTINGS = {
    "TITLE": "Borne backend API",
    "DESCRIPTION": "Bookable charging stations: accounts, bookings, kiosks, devices and supervision.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api",
    # Swagger UI and ReDoc from drf-spectacular-sidecar: served from /static/, nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: they nest a link inside each operation's button, which screen readers cannot use.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "persistAuthorization": False, "tryItOutEnabled": False},
    # One component per status enum of the reference (Station and Borne share their values).
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": f"api.models.choices.{name}"
        for name in (
            "UserStatus", "StationStatus", "EmplacementStatus", "LockState", "ReservationStatus",
            "ReservationAuthChoice", "ChargeSessionState", "DeviceStatus", "FirmwareUpdateStatus", "AlertSeverity",
            "AlertStatus", "MaintenanceStatus", "TechnicianStationRole", "CommandStatus", "MobileSessionStatus",
            "OfflineEventResult", "OutboxStatus", "ConsentType", "ConsentStatus", "SecurityLogStatus",
        )
    },
}

# --- Booking rules (api.md, defaults) -------------------------------------------------------------
RESERVATION_ALLOWED_DURATIONS: list[int] = env.list("RESERVATION_ALLOWED_DURATIONS", cast=int,
                                                    default=[30, 60, 90, 120, 180, 240])
RESERVATION_MAX_PAST_MINUTES = env.int("RESERVATION_MAX_PAST_MINUTES", default=5)
RESERVATION_HORIZON_DAYS = env.int("RESERVATION_HORIZON_DAYS", default=30)
RESERVATION_MAX_OPEN_PER_USER = env.int("RESERVATION_MAX_OPEN_PER_USER", default=3)
RESERVATION_CANCEL_LIMIT_MINUTES = env.int("RESERVATION_CANCEL_LIMIT_MINUTES", default=0)
KIOSK_EARLY_ACCESS_MINUTES = env.int("KIOSK_EARLY_ACCESS_MINUTES", default=15)
RESERVATION_NO_SHOW_GRACE_MINUTES = env.int("RESERVATION_NO_SHOW_GRACE_MINUTES", default=15)
SESSION_PLUG_TIMEOUT_SECONDS = env.int("SESSION_PLUG_TIMEOUT_SECONDS", default=300)

# --- Accounts and kiosks (security.md) ------------------------------------------------------------
LOGIN_MAX_FAILED_ATTEMPTS = env.int("LOGIN_MAX_FAILED_ATTEMPTS", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
KIOSK_MAX_FAILURES = env.int("KIOSK_MAX_FAILURES", default=5)
KIOSK_FAILURE_WINDOW_MINUTES = env.int("KIOSK_FAILURE_WINDOW_MINUTES", default=15)
RFID_LINK_CODE_TTL_SECONDS = env.int("RFID_LINK_CODE_TTL_SECONDS", default=300)
MOBILE_SESSION_TTL_SECONDS = env.int("MOBILE_SESSION_TTL_SECONDS", default=180)
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://localhost:8000")
# Forgotten password (ext): lifetime in seconds of a reset link (Django's setting), e-mails per account per hour.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)
PASSWORD_RESET_MAX_PER_HOUR = env.int("PASSWORD_RESET_MAX_PER_HOUR", default=3)
# Phone verification by SMS (ext): code lifetime, minimum gap between sends, sends per hour, wrong tries.
PHONE_VERIFICATION_CODE_TTL_SECONDS = env.int("PHONE_VERIFICATION_CODE_TTL_SECONDS", default=600)
PHONE_VERIFICATION_RESEND_SECONDS = env.int("PHONE_VERIFICATION_RESEND_SECONDS", default=60)
PHONE_VERIFICATION_MAX_PER_HOUR = env.int("PHONE_VERIFICATION_MAX_PER_HOUR", default=5)
PHONE_VERIFICATION_MAX_ATTEMPTS = env.int("PHONE_VERIFICATION_MAX_ATTEMPTS", default=5)
OFFLINE_CACHE_HOURS = env.int("OFFLINE_CACHE_HOURS", default=6)
# Generation of the fleet's offline badge key (derived from CREDENTIAL_PEPPER): change it to rotate the key;
# each badge's offline digest is renewed the next time it is used online (docs/offline.md).
OFFLINE_BADGE_KEY_ID = env.str("OFFLINE_BADGE_KEY_ID", default="1")

# --- Devices and MQTT (device-protocol.md) --------------------------------------------------------
# Empty: the embedded broker that `make run` starts (development only).
MQTT_URL = env.str("MQTT_URL", default="")
MQTT_CLIENT_PREFIX = env.str("MQTT_CLIENT_PREFIX", default="borne-backend")
MQTT_SHARED_GROUP = env.str("MQTT_SHARED_GROUP", default="backend")
MQTT_USE_SHARED_SUBSCRIPTIONS = env.bool("MQTT_USE_SHARED_SUBSCRIPTIONS", default=True)
MQTT_MAX_PAYLOAD_BYTES = env.int("MQTT_MAX_PAYLOAD_BYTES", default=4096)
# (ext) Where kiosks reach their (cabinet's local) broker over MQTT/WebSocket, handed to them with their
# broker credentials; empty in development: the embedded broker's WebSocket listener (docs/offline.md).
KIOSK_MQTT_WS_URL = env.str("KIOSK_MQTT_WS_URL", default="")
DEVICE_COMMAND_TTL_SECONDS = env.int("DEVICE_COMMAND_TTL_SECONDS", default=30)
DEVICE_COMMAND_RESEND_SECONDS = env.int("DEVICE_COMMAND_RESEND_SECONDS", default=5)
DEVICE_OFFLINE_AFTER_SECONDS = env.int("DEVICE_OFFLINE_AFTER_SECONDS", default=120)
FIRMWARE_TARGET_VERSION = env.str("FIRMWARE_TARGET_VERSION", default="")

# (ext) The OCPP gateway (docs/ocpp.md): where it listens, and its timings.
OCPP_LISTEN = env.str("OCPP_LISTEN", default="127.0.0.1:9000")
OCPP_HEARTBEAT_SECONDS = env.int("OCPP_HEARTBEAT_SECONDS", default=60)
OCPP_CALL_TIMEOUT_SECONDS = env.int("OCPP_CALL_TIMEOUT_SECONDS", default=30)
OCPP_RESERVE_LEAD_SECONDS = env.int("OCPP_RESERVE_LEAD_SECONDS", default=300)
OCPP_OFFLINE_START_SECONDS = env.int("OCPP_OFFLINE_START_SECONDS", default=300)
OCPP_TICK_SECONDS = env.float("OCPP_TICK_SECONDS", default=5.0)

# --- Alert rules (device-protocol.md defaults) ----------------------------------------------------
ALERT_TEMPERATURE_HIGH = env.float("ALERT_TEMPERATURE_HIGH", default=60.0)
ALERT_TEMPERATURE_CRITICAL = env.float("ALERT_TEMPERATURE_CRITICAL", default=75.0)
ALERT_OVERCURRENT_AMPS = env.float("ALERT_OVERCURRENT_AMPS", default=32.0)
ALERT_RENOTIFY_MINUTES = env.int("ALERT_RENOTIFY_MINUTES", default=30)

# --- Outgoing messages ----------------------------------------------------------------------------
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env.str("SMS_HTTP_TOKEN", default="")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
# Where django.core.mail.backends.filebased.EmailBackend writes each message (development, browser tests).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))

# --- Security headers (production) ----------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^api/health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy of every answer (django-csp): no script but the project's own files, no inline
# script, nothing from a third-party host. Inline styles stay allowed: Swagger UI's page and the component
# library of the web apps inject <style> elements. ReDoc runs its search in a blob: worker.
# The map of the driver app: a tile server URL template ({z}/{x}/{y}), empty for a map without tiles (the
# stations on a plain background; development and tests need no network). Its origin is allowed in img-src.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_ATTRIBUTION = env.str("MAP_ATTRIBUTION", default="")
CSP_EXTRA_IMG_SRC: list[str] = env.list("CSP_EXTRA_IMG_SRC", default=[])
if MAP_TILE_URL:
    _tiles = urlsplit(MAP_TILE_URL.replace("{s}.", "*."))  # a subdomain placeholder becomes a wildcard
    CSP_EXTRA_IMG_SRC.append(f"{_tiles.scheme}://{_tiles.netloc}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *CSP_EXTRA_IMG_SRC],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging: one JSON-ish line per event ---------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"amqtt": {"level": "WARNING"}, "transitions": {"level": "WARNING"}},
}
