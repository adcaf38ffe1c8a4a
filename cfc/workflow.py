"""Common Facility Centre after the district's screening: the state committee, the DPR and its
appraisal, the final sanction and the instalments (GO-CFC-2018 paras 16-30, as amended 2023).

Its statuses and moves, registered with the workflow engine (`applications.workflow`) when the
app starts; the engine alone assigns a status."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.workflow import COMMITTEE, OFFICER, STATE, SYSTEM, Status, Table, move, register


class CfcStatus(models.TextChoices):
    FORWARDED_TO_STATE = "forwarded_to_state", _("Forwarded to the state committee")
    STATE_ON_AGENDA = "state_on_agenda", _("On the state committee's agenda")
    IN_PRINCIPLE = "in_principle", _("Sanctioned in principle")
    DPR_SUBMITTED = "dpr_submitted", _("Detailed project report submitted")
    DPR_APPRAISED = "dpr_appraised", _("Detailed project report appraised")
    FINAL_ON_AGENDA = "final_on_agenda", _("On the state committee's agenda for final approval")
    FINAL_APPROVED = "final_approved", _("Finally approved by the state committee")
    FINAL_SANCTION = "final_sanction", _("Final sanction")
    INSTALMENT_1 = "instalment_1", _("First instalment released")
    INSTALMENT_2 = "instalment_2", _("Second instalment released")
    INSTALMENT_3 = "instalment_3", _("Third instalment released")


S = CfcStatus

TABLE = Table(
    name="cfc",
    statuses=CfcStatus,
    transitions=[
        # Common Facility Centre. The District Level Committee's approval is a screening: it
        # sends the proposal to the State Level or High Level Committee (GO-CFC-2018 16-18).
        move(
            "forward_to_state",
            {Status.ON_AGENDA},
            S.FORWARDED_TO_STATE,
            {COMMITTEE, SYSTEM},
            _("Screened by the district committee and forwarded to the state committee"),
        ),
        move(
            "place_on_state_agenda",
            {S.FORWARDED_TO_STATE},
            S.STATE_ON_AGENDA,
            {SYSTEM},
            _("Placed on the state committee's agenda"),
        ),
        move(
            "sanction_in_principle",
            {S.STATE_ON_AGENDA},
            S.IN_PRINCIPLE,
            {COMMITTEE, SYSTEM},
            _("Sanctioned in principle by the state committee"),
        ),
        move(
            "reject_at_state",
            {S.STATE_ON_AGENDA, S.FINAL_ON_AGENDA},
            Status.REJECTED,
            {COMMITTEE, SYSTEM},
            _("Rejected by the state committee"),
        ),
        move(
            "defer_at_state",
            {S.STATE_ON_AGENDA},
            S.FORWARDED_TO_STATE,
            {COMMITTEE, SYSTEM},
            _("Deferred to the state committee's next meeting"),
        ),
        move(
            "submit_dpr",
            {S.IN_PRINCIPLE},
            S.DPR_SUBMITTED,
            {OFFICER},
            _("Detailed project report received"),
        ),
        # Paras 21-22: an expert agency chosen by the State Level Committee appraises the DPR;
        # the ODOP cell records its report and the appraised cost.
        move(
            "appraise_dpr",
            {S.DPR_SUBMITTED},
            S.DPR_APPRAISED,
            {STATE},
            _("Detailed project report appraised"),
        ),
        # Para 24: the same state committee gives the final approval, at a meeting.
        move(
            "place_on_final_agenda",
            {S.DPR_APPRAISED},
            S.FINAL_ON_AGENDA,
            {SYSTEM},
            _("Placed on the state committee's agenda for final approval"),
        ),
        move(
            "approve_finally",
            {S.FINAL_ON_AGENDA},
            S.FINAL_APPROVED,
            {COMMITTEE, SYSTEM},
            _("Finally approved by the state committee"),
        ),
        move(
            "defer_final",
            {S.FINAL_ON_AGENDA},
            S.DPR_APPRAISED,
            {COMMITTEE, SYSTEM},
            _("Deferred to the state committee's next meeting"),
        ),
        # Para 25: the financial sanction is issued by the MSME and Export Promotion Department.
        move(
            "sanction_finally",
            {S.FINAL_APPROVED},
            S.FINAL_SANCTION,
            {STATE},
            _("Financial sanction issued"),
        ),
        # Para 27: the bipartite agreement between DC Industries and the SPV, before any release.
        move(
            "sign_agreement",
            {S.FINAL_SANCTION},
            S.FINAL_SANCTION,
            {OFFICER},
            _("Bipartite agreement signed with the SPV"),
        ),
        move(
            "release_instalment_1",
            {S.FINAL_SANCTION},
            S.INSTALMENT_1,
            {OFFICER},
            _("First instalment released"),
        ),
        move(
            "release_instalment_2",
            {S.INSTALMENT_1},
            S.INSTALMENT_2,
            {OFFICER},
            _("Second instalment released"),
        ),
        move(
            "release_instalment_3",
            {S.INSTALMENT_2},
            S.INSTALMENT_3,
            {OFFICER},
            _("Third instalment released"),
        ),
    ],
    holders={
        S.FORWARDED_TO_STATE: _("State committee"),
        S.STATE_ON_AGENDA: _("State committee"),
        S.IN_PRINCIPLE: _("You (detailed project report due)"),
        S.DPR_SUBMITTED: _("ODOP cell (appraisal of the report)"),
        S.DPR_APPRAISED: _("State committee"),
        S.FINAL_ON_AGENDA: _("State committee"),
        S.FINAL_APPROVED: _("MSME department (financial sanction)"),
        S.FINAL_SANCTION: _("District Industries and Enterprise Promotion Centre"),
        S.INSTALMENT_1: _("You (utilisation certificate due)"),
        S.INSTALMENT_2: _("You (utilisation certificate due)"),
        S.INSTALMENT_3: _("Closed"),
    },
    office_states=frozenset(
        {
            S.FORWARDED_TO_STATE,
            S.STATE_ON_AGENDA,
            S.IN_PRINCIPLE,
            S.DPR_SUBMITTED,
            S.DPR_APPRAISED,
            S.FINAL_ON_AGENDA,
            S.FINAL_APPROVED,
            S.FINAL_SANCTION,
            S.INSTALMENT_1,
            S.INSTALMENT_2,
        }
    ),
    state_committee_states=frozenset(
        {S.FORWARDED_TO_STATE, S.STATE_ON_AGENDA, S.DPR_APPRAISED, S.FINAL_ON_AGENDA}
    ),
    # Screened by the district, not yet sanctioned in principle by the state committee.
    undecided_states=frozenset({S.FORWARDED_TO_STATE, S.STATE_ON_AGENDA}),
    agenda_moves={
        S.FORWARDED_TO_STATE: "place_on_state_agenda",
        # An appraised DPR returns to the same state committee for the final approval (para 24).
        S.DPR_APPRAISED: "place_on_final_agenda",
    },
    decision_moves={
        S.STATE_ON_AGENDA: {
            "approve": "sanction_in_principle",
            "reject": "reject_at_state",
            "defer": "defer_at_state",
        },
        # At its second look, after the DPR's appraisal, the approval is final (para 24).
        S.FINAL_ON_AGENDA: {
            "approve": "approve_finally",
            "reject": "reject_at_state",
            "defer": "defer_final",
        },
    },
    # The District Level Committee screens CFC proposals; the state committee sanctions.
    scheme_decision_moves={"CFC": {"approve": "forward_to_state"}},
)
register(TABLE)
