"""(ext) Account verification: the pending SMS codes that prove a driver owns their phone number."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import Utilisateur


class PhoneVerification(models.Model):
    """(ext) One 6-digit code sent by SMS to verify a profile's phone number.

    Only a keyed hash of the code is stored (`api.crypto.keyed_hash`, bound to the user). The code is
    valid until `expires_at`, for the number it was sent to (`telephone`) only, and dies after
    `PHONE_VERIFICATION_MAX_ATTEMPTS` wrong tries; only the user's latest code counts, so sending a new
    one makes the previous one useless at once. The rows also count the sends behind the rate limits.
    """

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="phone_verifications")
    telephone = models.CharField(max_length=20, help_text="E.164, the number the code was sent to")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("phone verification")
        verbose_name_plural = _("phone verifications")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["utilisateur", "created_at"], name="phoneverif_user_created")]

    def __str__(self) -> str:
        return f"phone verification of {self.utilisateur_id}"
