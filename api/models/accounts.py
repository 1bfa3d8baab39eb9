"""Accounts: users, their profile, roles, consents and the security journal."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ConsentStatus, ConsentType, PreferredLanguage, SecurityLogStatus, UserStatus


class UtilisateurManager(BaseUserManager["Utilisateur"]):
    """Create and look up users with the pseudo as the login identifier."""

    use_in_migrations = True

    def get_by_natural_key(self, pseudo: str | None) -> Utilisateur:
        """Return the user matching Django's configured natural key.

        Pseudos are unique regardless of case, so the lookup ignores case too.
        """
        return self.get(pseudo__iexact=(pseudo or "").strip())

    def _create(self, pseudo: str, email: str, password: str | None, **extra_fields: Any) -> Utilisateur:
        if not pseudo or not pseudo.strip():
            raise ValueError(_("The username is required."))
        if not email or not email.strip():
            raise ValueError(_("The e-mail address is required."))
        user = self.model(pseudo=pseudo.strip(), email=self.normalize_email(email).strip().lower(), **extra_fields)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_user(self, pseudo: str, email: str, password: str | None = None, **extra_fields: Any) -> Utilisateur:
        """Create a regular user with normalized email and hashed password."""
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create(pseudo, email, password, **extra_fields)

    def create_superuser(
        self, pseudo: str, email: str, password: str | None = None, **extra_fields: Any
    ) -> Utilisateur:
        """Create an administrator account with all required staff flags."""
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("is_active", True)
        extra_fields.setdefault("statut", UserStatus.ACTIVE)
        if extra_fields["is_staff"] is not True or extra_fields["is_superuser"] is not True:
            raise ValueError("Un administrateur doit avoir is_staff=True et is_superuser=True.")
        return self._create(pseudo, email, password, **extra_fields)


class Utilisateur(AbstractBaseUser, PermissionsMixin):
    """Represent an application account authenticated by pseudo and email."""

    id_user = models.BigAutoField(primary_key=True)
    pseudo = models.CharField(max_length=150, unique=True)
    email = models.EmailField(max_length=254, unique=True)
    statut = models.CharField(max_length=16, choices=UserStatus.choices, default=UserStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    failed_attempts = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True, help_text="(ext) Login refused until then.")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    preferred_language = models.CharField(
        max_length=8, choices=PreferredLanguage.choices, default=PreferredLanguage.FR,
        # Also the database's default: rows written by SQL or by the previous release during a deploy.
        db_default=PreferredLanguage.FR.value,
        help_text="(ext) Language of the user's messages and screens.",
    )

    objects: ClassVar[UtilisateurManager] = UtilisateurManager()

    USERNAME_FIELD = "pseudo"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ("id_user",)
        constraints = [
            models.UniqueConstraint(Lower("pseudo"), name="utilisateur_pseudo_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="utilisateur_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.pseudo


class ProfilUtilisateur(models.Model):
    """Store personal profile details that extend the authentication account."""

    id_profil = models.BigAutoField(primary_key=True)
    utilisateur = models.OneToOneField(Utilisateur, on_delete=models.CASCADE, related_name="profil")
    nom = models.CharField(max_length=150, blank=True, default="")
    telephone = models.CharField(max_length=20, blank=True, default="", help_text="E.164")
    telephone_verifie = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self) -> str:
        return self.nom or str(self.utilisateur_id)


class Role(models.Model):
    """Describe an application role that can be assigned to users."""

    id_role = models.BigAutoField(primary_key=True)
    nom = models.CharField(max_length=64, unique=True)
    description = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.nom


class UtilisateurRole(models.Model):
    """Link a user to a role with the assignment timestamp."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE)
    role = models.ForeignKey(Role, on_delete=models.CASCADE)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("user role")
        verbose_name_plural = _("user roles")
        constraints = [models.UniqueConstraint(fields=("utilisateur", "role"), name="utilisateur_role_unique")]

    def __str__(self) -> str:
        return f"{self.utilisateur_id}:{self.role_id}"


class Consentement(models.Model):
    """Record a user's consent state for a specific policy or data use.

    Rows are a history: a change of mind appends a row, the latest row per type is the current state.
    """

    id_consentement = models.BigAutoField(primary_key=True)
    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="consentements")
    type = models.CharField(max_length=32, choices=ConsentType.choices)
    statut = models.CharField(max_length=16, choices=ConsentStatus.choices)
    date_consentement = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ("-date_consentement", "-id_consentement")
        indexes = [models.Index(fields=("utilisateur", "type", "-date_consentement"), name="consent_user_type_date")]

    def __str__(self) -> str:
        return f"{self.type}={self.statut}"


class JournalSecurite(models.Model):
    """Store security audit events associated with user activity.

    `action` is namespaced (`auth.login`, `reservation.cancelled`); nothing secret is ever written here.
    """

    id_log = models.BigAutoField(primary_key=True)
    utilisateur = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="journaux_securite"
    )
    action = models.CharField(max_length=100)
    ip = models.GenericIPAddressField(null=True, blank=True)
    statut = models.CharField(max_length=16, choices=SecurityLogStatus.choices, default=SecurityLogStatus.SUCCESS)
    date_action = models.DateTimeField(default=timezone.now)
    details = models.JSONField(default=dict, blank=True, help_text="(ext) Context without secrets.")

    class Meta:
        verbose_name = _("security log entry")
        verbose_name_plural = _("security log")
        ordering = ("-date_action", "-id_log")
        indexes = [
            models.Index(fields=("utilisateur", "-date_action"), name="journal_user_date"),
            models.Index(fields=("action", "-date_action"), name="journal_action_date"),
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.statut})"
