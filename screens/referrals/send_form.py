"""Sending a written referral: the consent position for that agency first, then the
decision - share (on consent, or on another basis with the reason) or do not share. The
decision is kept, signed and sealed, whichever it is (caseworker.referrals.sharing)."""

from __future__ import annotations

from typing import Any

from caseworker.referrals import BASES, send_referral, sending_position
from screens.referrals.forms import OnReferral
from screens.visits.clock import now_of
from screens.widgets.form import FieldSpec

SHARE = (("yes", "Share: send the referral"), ("no", "Do not share: it is not sent"))


class SendForm(OnReferral):
    FORM_TITLE = "Send the referral (the consent check)"
    HELP = (
        "Before anything is shared the consent for that recipient is checked. Where it is "
        "missing, refused or expired, choose the basis for sharing anyway (immediate risk "
        "to a child's life; asking would increase the risk of significant harm; a "
        "statutory duty) and say why - or do not share. Either way the decision is kept, "
        "signed with your name and dated, and cannot be changed."
    )
    FIELDS = (
        FieldSpec("sent_on", "Sent on", kind="date"),
        FieldSpec("share", "Share", kind="select", choices=SHARE, must_choose=True),
        FieldSpec("basis", "Basis", kind="select", choices=BASES, must_choose=True),
        FieldSpec("reason", "Why", kind="notes"),
    )

    def intro(self) -> str:
        with self.db.session() as s:
            return sending_position(s, self.referral_id, self.caseworker_app.today).words

    def save(self, values: dict[str, Any]) -> Any:
        share = {"yes": True, "no": False}.get(str(values.get("share")))
        raw = dict(values) | {"share": share}
        with self.db.session() as s:
            today = self.caseworker_app.today
            return send_referral(s, self.referral_id, raw, today, now_of(self.app)).id
