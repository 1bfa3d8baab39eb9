"""(ext) What the OCPP gateway must remember about a charger's transaction beyond the session itself."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .charging import Session
from .infrastructure import Borne


class OcppTransaction(models.Model):
    """The OCPP transaction of a session: its transaction id is the session's id (1.6) or the charger's
    own id (2.0.1), `meter_start_wh` turns the cumulative meter into the session's energy.

    One row per (cabinet, connector, start time): a StartTransaction repeated after a reconnect finds it.
    """

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="ocpp_transaction")
    borne = models.ForeignKey(Borne, on_delete=models.CASCADE, related_name="ocpp_transactions")
    connector = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    meter_start_wh = models.BigIntegerField(default=0)
    charger_transaction_id = models.CharField(max_length=36, blank=True, default="")

    class Meta:
        verbose_name = _("OCPP transaction")
        verbose_name_plural = _("OCPP transactions")
        constraints = [
            models.UniqueConstraint(fields=("borne", "connector", "started_at"), name="ocpp_transaction_start_unique"),
            models.UniqueConstraint(fields=("borne", "charger_transaction_id"),
                                    condition=~models.Q(charger_transaction_id=""), name="ocpp_transaction_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.borne_id}/{self.connector} -> session {self.session_id}"
