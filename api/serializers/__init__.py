"""Serializers, split by domain and re-exported here (`api.serializers.X`)."""

from .accounts import (
    AdminUserSerializer,
    AdminUserUpdateSerializer,
    ConsentPreferenceSerializer,
    LoginSerializer,
    PasswordChangeSerializer,
    ProfileSerializer,
    RegisterAvailabilityQuerySerializer,
    RegisterSerializer,
)

# --- booking ---
from .auth_methods import AuthMethodSerializer
from .network import (
    BorneSerializer,
    CatalogBorneSerializer,
    CatalogEmplacementSerializer,
    CatalogStationSerializer,
    DeviceAdminSerializer,
    EmplacementSerializer,
    StationSerializer,
)
from .reservations import ReservationCreateSerializer, ReservationSerializer
from .supervision import (
    AdminOverviewSerializer,
    AlerteSerializer,
    AlertResolveSerializer,
    SensorReadingSerializer,
    SupervisionDeviceSerializer,
    SupervisionQuerySerializer,
    SupervisionSerializer,
)
from .technicians import (
    MaintenanceAdminSerializer,
    MaintenanceOptionsSerializer,
    TechnicianMaintenanceSerializer,
    TechnicianSerializer,
    TechnicianStationAssignmentSerializer,
)

# --- kiosk ---
from .terminal import (
    AdminSessionSerializer,
    MobileSessionAuthorizeSerializer,
    MobileSessionCreatedSerializer,
    MobileSessionStatusSerializer,
    MobileSessionTokenSerializer,
    OfflineCacheSerializer,
    OfflineEventSerializer,
    OfflineEventsResultSerializer,
    OfflineEventsSerializer,
    TerminalAuthenticateSerializer,
    TerminalRfidLinkSerializer,
    TerminalSessionOpenedSerializer,
    TerminalStopSerializer,
)
from .verification import (
    DetailSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetRequestSerializer,
    PhoneVerificationConfirmSerializer,
    PhoneVerificationSentSerializer,
)

__all__: list[str] = [
    # --- network ---
    "BorneSerializer",
    "CatalogBorneSerializer",
    "CatalogEmplacementSerializer",
    "CatalogStationSerializer",
    "DeviceAdminSerializer",
    "EmplacementSerializer",
    "MaintenanceAdminSerializer",
    "MaintenanceOptionsSerializer",
    "StationSerializer",
    "TechnicianMaintenanceSerializer",
    "TechnicianSerializer",
    "TechnicianStationAssignmentSerializer",
    # --- accounts ---
    "AdminUserSerializer",
    "AdminUserUpdateSerializer",
    "ConsentPreferenceSerializer",
    "LoginSerializer",
    "PasswordChangeSerializer",
    "ProfileSerializer",
    "RegisterAvailabilityQuerySerializer",
    "RegisterSerializer",
    # --- accounts: recovery and phone verification (ext) ---
    "DetailSerializer",
    "PasswordResetConfirmSerializer",
    "PasswordResetRequestSerializer",
    "PhoneVerificationConfirmSerializer",
    "PhoneVerificationSentSerializer",
    # --- supervision ---
    "AdminOverviewSerializer",
    "AlertResolveSerializer",
    "AlerteSerializer",
    "SensorReadingSerializer",
    "SupervisionDeviceSerializer",
    "SupervisionQuerySerializer",
    "SupervisionSerializer",
    # --- booking ---
    "AuthMethodSerializer",
    "ReservationCreateSerializer",
    "ReservationSerializer",
    # --- kiosk ---
    "AdminSessionSerializer",
    "MobileSessionAuthorizeSerializer",
    "MobileSessionCreatedSerializer",
    "MobileSessionStatusSerializer",
    "MobileSessionTokenSerializer",
    "OfflineCacheSerializer",
    "OfflineEventSerializer",
    "OfflineEventsResultSerializer",
    "OfflineEventsSerializer",
    "TerminalAuthenticateSerializer",
    "TerminalRfidLinkSerializer",
    "TerminalSessionOpenedSerializer",
    "TerminalStopSerializer",
]
