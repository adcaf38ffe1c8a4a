"""Training batches are their district office's."""

from django.http import Http404

from applications.access import officer_can_act
from toolkit.models import TrainingBatch


def access_batch(*, user, pk, lock: bool = False):
    """A training batch of the officer's own district; any other batch (or user) gets 404. Lock
    only inside a transaction: the batch row lock serialises placements and attendance."""

    if not officer_can_act(user) or not user.is_active:
        raise Http404("no such batch")
    queryset = TrainingBatch.objects.filter(district_id=user.district_id)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    batch = queryset.filter(pk=pk).first()
    if batch is None:
        raise Http404("no such batch")
    return batch
