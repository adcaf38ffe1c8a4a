"""Training and Toolkit after selection (GO-TT-2020 paras 3-5): batches, attendance, the
honorarium, the institution's two halves, toolkits handed over against the artisan's one-time
code, feedback, and toolkits carried forward when funds are short.

Moves of an application go through `apply_transition` under the application's row lock; moves of
a batch (placing, attendance, completion) first lock the batch row, then the applications, always
in that order."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CodePurpose, Role
from accounts.services import consume_otp, request_otp
from applications.access import access_application_for_review, officer_can_act
from applications.engine import apply_transition
from applications.models import Application, Note
from applications.queueing import notify_after_commit
from applications.services.errors import ApplicationError, Conflict, NotPermitted
from applications.workflow import OFFICER, ensure_transition_allowed
from payments.models import Payment
from payments.services import not_future, paid, record_payment
from schemes.rules.base import financial_year
from schemes.selectors import active_ruleset, scheme_get
from toolkit.access import access_batch
from toolkit.models import (
    BatchTrainee,
    InstitutionPayment,
    ToolkitIssue,
    ToolkitKit,
    TrainingAttendance,
    TrainingBatch,
)
from toolkit.workflow import ToolkitStatus

# Portal rule: the artisan rates the toolkit once they have worked with it this long.
FEEDBACK_AFTER_DAYS = 30


def _dbt(reference: str) -> str:
    if not reference.strip():
        raise ApplicationError(_("Give the DBT reference of the payment."), field="dbt_reference")
    return reference.strip()


def training_days(batch: TrainingBatch) -> int:
    """Paras 3(3)-3(4): bridge course or general skill days, plus the EDP days."""
    params = batch.ruleset.rule_parameters()
    skill = params.rpl_bridge_days if batch.track == TrainingBatch.Track.RPL else params.general_skill_days
    return skill + params.edp_days


def days_attended(trainee: BatchTrainee) -> int:
    return trainee.attendance.filter(present=True).count()


def honorarium_for(trainee: BatchTrainee) -> Decimal:
    """Para 3(8): days attended x the per-day rate of the application's own RuleSet, exact."""
    rate = Decimal(trainee.application.ruleset.rule_parameters().honorarium_per_day)
    return (rate * days_attended(trainee)).quantize(Decimal("0.01"))


def create_batch(
    *,
    user,
    institution: str,
    track: str,
    start_date: date,
    end_date: date,
    venue: str,
    capacity: int,
) -> TrainingBatch:
    """A DIC sets up a batch for their district with the TT RuleSet in force on its first day."""
    if not officer_can_act(user):
        raise NotPermitted(_("Only the district office sets up training batches."))
    if track not in TrainingBatch.Track.values:
        raise ApplicationError(_("Choose the track."), field="track")
    if not institution.strip():
        raise ApplicationError(_("Name the training institution."), field="institution")
    if not venue.strip():
        raise ApplicationError(_("Give the venue."), field="venue")
    if end_date < start_date:
        raise ApplicationError(_("The batch cannot end before it starts."), field="end_date")
    ruleset = active_ruleset(scheme=scheme_get(code="TT"), on=start_date)
    params = ruleset.rule_parameters()
    batch = TrainingBatch(
        district_id=user.district_id,
        ruleset=ruleset,
        institution=institution.strip(),
        track=track,
        start_date=start_date,
        end_date=end_date,
        venue=venue.strip(),
        capacity=capacity,
        created_by=user,
    )
    if (end_date - start_date).days + 1 < training_days(batch):
        raise ApplicationError(
            _("The training lasts %(days)d days; the batch is shorter.") % {"days": training_days(batch)},
            field="end_date",
        )
    if not 1 <= capacity <= params.max_trainees_per_batch:
        raise ApplicationError(
            _("A batch has at most %(n)d trainees (GO-TT-2020 para 3(6)).")
            % {"n": params.max_trainees_per_batch},
            field="capacity",
        )
    batch.save()
    return batch


def assign_to_batch(*, batch_id: int, application_id: int, user) -> BatchTrainee:
    """Place a selected TT artisan of the batch's district in it. Under the batch row lock, so two
    officers filling the last seat at once cannot both succeed."""
    with transaction.atomic():
        batch = access_batch(user=user, pk=batch_id, lock=True)
        application = access_application_for_review(user=user, pk=application_id, lock=True)
        if application.scheme.code != "TT" or application.district_id != batch.district_id:
            raise Conflict(_("Only selected Training and Toolkit applicants of this district join a batch."))
        ensure_transition_allowed(application=application, name="place_in_batch", actor_kind=OFFICER)
        if batch.completed_at is not None or batch.end_date < timezone.localdate():
            raise Conflict(_("This batch is over."))
        if batch.trainees.count() >= batch.capacity:
            raise Conflict(_("This batch is full."))
        apply_transition(application=application, name="place_in_batch", actor_kind=OFFICER, user=user)
        trainee = BatchTrainee.objects.create(batch=batch, application=application)
        notify_after_commit(application, "placed_in_batch")
    return trainee


def record_attendance(*, batch_id: int, user, day: date, present_ids: set[int]) -> int:
    """Mark one day of the batch for every trainee: present if their application id is in
    `present_ids`, absent otherwise. Recording a day again replaces it. Returns how many were
    present. Only the DIC of the batch's district (the access check)."""
    with transaction.atomic():
        batch = access_batch(user=user, pk=batch_id, lock=True)
        if batch.completed_at is not None:
            raise Conflict(_("The batch is completed; its attendance is closed."))
        not_future(day, "day")
        if not batch.start_date <= day <= batch.end_date:
            raise ApplicationError(_("This day is not a day of the batch."), field="day")
        trainees = list(batch.trainees.all())
        if not trainees:
            raise Conflict(_("Place trainees in the batch first."))
        rows = [
            TrainingAttendance(trainee=t, day=day, present=t.application_id in present_ids, recorded_by=user)
            for t in trainees
        ]
        TrainingAttendance.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["trainee", "day"],
            update_fields=["present", "recorded_by"],
        )
    return sum(row.present for row in rows)


def complete_batch(*, batch_id: int, user) -> list[int]:
    """After the last day: every trainee present on at least one day is trained (`mark_trained`);
    those never present stay in training for the office to follow up. Returns the ids moved."""
    with transaction.atomic():
        batch = access_batch(user=user, pk=batch_id, lock=True)
        if batch.completed_at is not None:
            raise Conflict(_("This batch is already completed."))
        if timezone.localdate() < batch.end_date:
            raise Conflict(_("The batch is completed after its last day."))
        trainees = list(
            batch.trainees.annotate(days=Count("attendance", filter=Q(attendance__present=True))).order_by(
                "application_id"
            )
        )
        if not any(t.days for t in trainees):
            raise Conflict(_("Record the attendance before completing the batch."))
        moved = []
        for trainee in trainees:
            if not trainee.days:
                continue
            application = access_application_for_review(user=user, pk=trainee.application_id, lock=True)
            apply_transition(application=application, name="mark_trained", actor_kind=OFFICER, user=user)
            moved.append(application.pk)
        BatchTrainee.objects.filter(batch=batch, application_id__in=moved).update(completed=True)
        batch.completed_at = timezone.now()
        batch.save(update_fields=["completed_at"])
    return moved


def return_absentee(*, batch_id: int, application_id: int, user) -> None:
    """A trainee never present in a completed batch is not left in training: the DIC puts the
    file back among the selected artisans waiting for a batch (`approved`), where it keeps its
    place by date of selection. The batch and its dates stay on the file as a note; the seat
    (and its empty attendance) is freed so a later batch can take the artisan."""
    with transaction.atomic():
        batch = access_batch(user=user, pk=batch_id, lock=True)
        if batch.completed_at is None:
            raise Conflict(_("Trainees who never came are followed up once the batch is completed."))
        trainee = (
            batch.trainees.annotate(days=Count("attendance", filter=Q(attendance__present=True)))
            .filter(application_id=application_id)
            .first()
        )
        if trainee is None:
            raise Conflict(_("This artisan is not in this batch."))
        if trainee.days:
            raise Conflict(_("This trainee attended the batch; the training counts."))
        application = access_application_for_review(user=user, pk=application_id, lock=True)
        event = apply_transition(
            application=application, name="return_to_selection", actor_kind=OFFICER, user=user
        )
        Note.objects.create(
            application=application,
            event=event,
            author=user,
            kind=Note.Kind.INTERNAL,
            text=_("Never present in the batch at %(institution)s, %(start)s to %(end)s.")
            % {
                "institution": batch.institution,
                "start": batch.start_date.strftime("%d-%m-%Y"),
                "end": batch.end_date.strftime("%d-%m-%Y"),
            },
        )
        trainee.delete()
        notify_after_commit(application, f"return_to_selection:{batch.pk}")


def pay_honorarium(*, application_id: int, user, access, dbt_reference: str, paid_on: date) -> Payment:
    """Para 3(8): the honorarium by DBT after the training; the amount is computed from the days
    attended and the application's RuleSet, never typed. Once per application (Payment purpose)."""
    with transaction.atomic():
        application = access(lock=True)
        name = (
            "pay_deferred_honorarium"
            if application.status == ToolkitStatus.TOOLKIT_DEFERRED
            else "pay_honorarium"
        )
        ensure_transition_allowed(application=application, name=name, actor_kind=OFFICER)
        trainee = BatchTrainee.objects.select_related("application__ruleset__scheme").get(
            application=application
        )
        if paid(application, "honorarium"):
            raise Conflict(_("The honorarium is already paid."))
        not_future(paid_on, "paid_on")
        reference = _dbt(dbt_reference)
        amount = honorarium_for(trainee)
        apply_transition(application=application, name=name, actor_kind=OFFICER, user=user)
        payment = record_payment(
            application=application,
            purpose="honorarium",
            amount=amount,
            dbt_reference=reference,
            paid_on=paid_on,
            user=user,
        )
        notify_after_commit(application, "honorarium_paid")
    return payment


def institution_half_cap(batch: TrainingBatch) -> Decimal:
    """Para 4(1)-(2): the most one half may be: trainees x training days x (institution cap +
    food cap), halved."""
    params = batch.ruleset.rule_parameters()
    per_day = Decimal(params.institution_cost_cap_per_day) + Decimal(params.food_cost_cap_per_day)
    full = per_day * training_days(batch) * batch.trainees.count()
    return (full / 2).quantize(Decimal("0.01"))


def pay_institution(
    *, batch_id: int, user, half: int, amount: Decimal, dbt_reference: str, paid_on: date
) -> InstitutionPayment:
    """The first half once the batch has started, the second once it is completed; each once."""
    with transaction.atomic():
        batch = access_batch(user=user, pk=batch_id, lock=True)
        paid = set(batch.institution_payments.values_list("half", flat=True))
        if half not in (1, 2):
            raise ApplicationError(_("Choose the half."), field="half")
        if half in paid:
            raise Conflict(_("This half is already paid."))
        if half == 1 and timezone.localdate() < batch.start_date:
            raise Conflict(_("The first half is paid when the batch starts."))
        if half == 2 and (batch.completed_at is None or 1 not in paid):
            raise Conflict(_("The second half is paid after the first, on completion of the batch."))
        not_future(paid_on, "paid_on")
        cap = institution_half_cap(batch)
        if not Decimal("0") < amount <= cap:
            raise ApplicationError(
                _("Each half is more than zero and at most Rs %(cap)s for this batch.") % {"cap": cap},
                field="amount",
            )
        return InstitutionPayment.objects.create(
            batch=batch,
            half=half,
            amount=amount,
            dbt_reference=_dbt(dbt_reference),
            paid_on=paid_on,
            recorded_by=user,
        )


def define_kit(*, user, product, items: str, value: Decimal, district=None) -> ToolkitKit:
    """Para 5(2): the ODOP cell (state staff) fixes a product's kit, for one district or all."""
    if not (user.is_authenticated and user.role in (Role.STATE_STAFF, Role.ADMIN)):
        raise NotPermitted(_("Toolkits are fixed by the ODOP cell."))
    kit = ToolkitKit(district=district, product=product, items=items.strip(), value=value)
    try:
        kit.full_clean()
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise ApplicationError(errors[0], field=field) from exc
    kit.save()
    return kit


def _active_kits(district_id: int):
    """The active kits that apply in a district: its own and the state-wide ones."""
    return ToolkitKit.objects.filter(
        Q(district__isnull=True) | Q(district_id=district_id), is_active=True
    ).order_by("value", "id")


def kits_for(application: Application):
    return _active_kits(application.district_id).filter(product_id=application.product_id)


def kits_by_product(*, district_id: int, product_ids: set[int]) -> dict[int, list[ToolkitKit]]:
    """`kits_for` for several products of one district, in one query."""
    by_product: dict[int, list[ToolkitKit]] = {}
    for kit in _active_kits(district_id).filter(product_id__in=product_ids):
        by_product.setdefault(kit.product_id, []).append(kit)
    return by_product


def _issue_guard(application: Application, kit: ToolkitKit) -> None:
    ensure_transition_allowed(application=application, name="issue_toolkit", actor_kind=OFFICER)
    if not paid(application, "honorarium"):
        raise Conflict(_("Pay the honorarium before handing over the toolkit."))
    if not kits_for(application).filter(pk=kit.pk).exists():
        raise ApplicationError(_("This toolkit is not the one fixed for this product."), field="kit")
    cap = Decimal(application.ruleset.rule_parameters().toolkit_value_cap)
    if kit.value > cap:
        raise ApplicationError(
            _("A toolkit may be worth at most Rs %(cap)s (GO-TT-2020 para 5(3)).") % {"cap": cap}, field="kit"
        )


def send_handover_code(*, application_id: int, user, access) -> None:
    """Send the artisan the one-time code they give the officer at the hand-over."""
    application = access()
    ensure_transition_allowed(application=application, name="issue_toolkit", actor_kind=OFFICER)
    artisan = application.applicant.user
    # The artisan reads this SMS, in their own language, whoever asks for it.
    request_otp(
        mobile=artisan.mobile,
        ip=None,
        purpose=CodePurpose.TOOLKIT_HANDOVER,
        language=artisan.preferred_language,
    )


def issue_toolkit(*, application_id: int, user, access, kit: ToolkitKit, code: str) -> ToolkitIssue:
    """Hand over the toolkit, acknowledged by the code sent to the artisan's mobile. The code is
    checked before the transaction so a wrong try counts against it even though the move is
    refused; everything is checked again under the row lock."""
    application = access()
    _issue_guard(application, kit)
    consume_otp(
        mobile=application.applicant.user.mobile, code=code.strip(), purpose=CodePurpose.TOOLKIT_HANDOVER
    )
    with transaction.atomic():
        application = access(lock=True)
        _issue_guard(application, kit)
        apply_transition(application=application, name="issue_toolkit", actor_kind=OFFICER, user=user)
        issue = ToolkitIssue.objects.create(
            application=application,
            kit=kit,
            value=kit.value,
            issued_at=timezone.now(),
            issued_by=user,
            acknowledged_by_otp=True,
        )
        notify_after_commit(application, "toolkit_issued")
    return issue


def carry_forward_toolkit(*, application_id: int, user, access) -> BatchTrainee:
    """Para 5(5): funds short, the trained artisan gets the toolkit with priority next year."""
    with transaction.atomic():
        application = access(lock=True)
        ensure_transition_allowed(application=application, name="defer_toolkit", actor_kind=OFFICER)
        trainee = BatchTrainee.objects.select_for_update().get(application=application)
        apply_transition(application=application, name="defer_toolkit", actor_kind=OFFICER, user=user)
        today = timezone.localdate()
        next_year_start = date(today.year + 1 if today.month >= 4 else today.year, 4, 1)
        trainee.toolkit_carried_to = financial_year(next_year_start)
        trainee.save(update_fields=["toolkit_carried_to"])
        notify_after_commit(application, "toolkit_deferred")
    return trainee


def feedback_opens_on(issue: ToolkitIssue) -> date:
    return timezone.localdate(issue.issued_at) + timedelta(days=FEEDBACK_AFTER_DAYS)


def can_give_feedback(issue: ToolkitIssue | None) -> bool:
    return bool(issue and issue.feedback_at is None and timezone.localdate() >= feedback_opens_on(issue))


def record_feedback(*, application_id: int, user, access, rating: int, text: str) -> ToolkitIssue:
    """The artisan rates the toolkit once, 30 days or more after receiving it."""
    with transaction.atomic():
        application = access(lock=True)
        issue = ToolkitIssue.objects.select_for_update().filter(application=application).first()
        if issue is None:
            raise Conflict(_("Feedback is given after the toolkit is handed over."))
        if issue.feedback_at is not None:
            raise Conflict(_("Feedback is already given."))
        if timezone.localdate() < feedback_opens_on(issue):
            raise Conflict(
                _("Feedback opens on %(date)s, 30 days after the hand-over.")
                % {"date": feedback_opens_on(issue).strftime("%d-%m-%Y")}
            )
        if not 1 <= rating <= 5:
            raise ApplicationError(_("Choose a rating from 1 to 5."), field="rating")
        issue.feedback_rating, issue.feedback_text, issue.feedback_at = rating, text.strip(), timezone.now()
        issue.save(update_fields=["feedback_rating", "feedback_text", "feedback_at"])
    return issue
