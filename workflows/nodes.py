"""Our node types on top of viewflow's: a human step whose access is decided by role and unit, and gateways
whose branches are labelled the way the flow reads (the case diagram draws the labels)."""

from viewflow.workflow import flow
from viewflow.workflow.base import Edge
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS


class Step(flow.View):
    """A human step (bước xử lý). `handler` names the form and service that carry it out (casework.steps).

    viewflow checks the permission name alone; a Step also checks that the user holds the role that
    grants it on the case's unit, on the day, delegations included.
    """

    def __init__(self, handler: str, **kwargs):
        super().__init__(view=None, **kwargs)
        self.handler = handler
        self._on_create = stamp_with_clock

    def _may_act(self, user, task) -> bool:
        from .casework.access import actor_of

        return actor_of(user).may_act(permission=task.owner_permission, unit_id=task.process.coerced.unit_id)

    def can_assign(self, user, task):
        return bool(user and user.is_authenticated and not task.owner_id and self._may_act(user, task))

    def can_take_over(self, user, task):
        from .casework.access import actor_of

        return bool(
            task.owner_id
            and task.owner_id != user.pk
            and actor_of(user).may_take_over(
                owner_id=task.owner_id, permission=task.owner_permission, unit_id=task.process.coerced.unit_id
            )
        )

    def can_execute(self, user, task):
        return bool(task.owner_id and task.owner_id == user.pk and self._may_act(user, task))


class Gate(flow.If):
    """A decision (Ký duyệt? Đủ hồ sơ?) whose two branches carry their own words, not viewflow's "yes"/"no"."""

    def __init__(self, cond, *, yes, no, **kwargs):
        super().__init__(cond, **kwargs)
        self.yes_label, self.no_label = yes, no

    def _outgoing(self):
        yield Edge(src=self, dst=self._on_true, edge_class="cond_true", label=self.yes_label)
        yield Edge(src=self, dst=self._on_false, edge_class="cond_false", label=self.no_label)


class Branches(flow.Split):
    """A split whose conditional branches are labelled (what each one is for)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.branch_labels: list = []

    def Next(self, node, case=None, label=None):
        self.branch_labels.append(label)
        return super().Next(node, case=case)

    def _outgoing(self):
        for edge, label in zip(super()._outgoing(), self.branch_labels, strict=True):
            yield Edge(src=edge.src, dst=edge.dst, edge_class=edge.edge_class, label=label)


def stamp_with_clock(activation):
    """A human task's creation time comes from the clock seam, like every other time in the product (so the
    demo's pinned day and the tests' moved clock hold for task ages and reminders too)."""
    from people import clock

    if clock.pinned_day() is not None:
        now = clock.now()
        Task.objects.filter(pk=activation.task.pk).update(created=now)
        activation.task.created = now


def same_person_as_last_time(activation):
    """A step that comes round again (after a return) goes to whoever did it last time, if they still may
    and are not away (a delegation of theirs in force leaves it in the queue for the delegate)."""
    from people.clock import today
    from people.models import Delegation

    from .casework.access import actor_of

    last = (
        Task.objects.filter(process_id=activation.process.pk, flow_task=activation.flow_task, status=STATUS.DONE)
        .select_related("owner")
        .order_by("-finished", "-pk")
        .first()
    )
    if last is None or last.owner is None or not last.owner.is_active:
        return None
    owner = last.owner
    permission = activation.flow_task.calc_owner_permission(activation)
    if not actor_of(owner).may_act(permission=permission, unit_id=activation.process.unit_id):
        return None
    day = today()
    away = Delegation.objects.filter(
        role_assignment__staff__user=owner, start_date__lte=day, end_date__gte=day
    ).exists()
    return None if away else owner


def only_person_who_may(activation):
    """A step that one person alone may do on the case's unit today goes straight to their inbox (the Trưởng
    ban's decision, a unit with one head); while that person is away, to the one delegate standing in. A
    step several people may take stays in the queue."""
    from .casework.selectors import step_candidates

    permission = activation.flow_task.calc_owner_permission(activation)
    if not permission:
        return None
    candidates = step_candidates(permission=permission, unit_id=activation.process.unit_id, acting=True)
    return candidates[0] if len(candidates) == 1 else None


def step_owner(activation):
    """Who gets a new human task without asking: whoever did the step last time it came round, else the one
    person who alone may do it; nobody (the queue) when several may."""
    return same_person_as_last_time(activation) or only_person_who_may(activation)
