"""What every flow must declare: a real lock, and no human step open to everyone."""

from viewflow.workflow.lock import SelectForUpdateLock

from workflows.flows import FLOWS
from workflows.nodes import Step


def _flows():
    return list(dict.fromkeys(FLOWS.values()))


def test_every_flow_locks_the_case_row_and_waits_for_the_lock():
    for flow_class in _flows():
        assert isinstance(flow_class.lock_impl, SelectForUpdateLock), flow_class
        assert flow_class.lock_impl.nowait is False, flow_class


def test_every_human_step_needs_a_permission_and_checks_role_and_unit():
    humans = 0
    for flow_class in _flows():
        for node in flow_class.instance.nodes():
            if getattr(node, "task_type", "") != "HUMAN":
                continue
            humans += 1
            assert isinstance(node, Step), f"{flow_class.__name__}.{node.name} is not a role- and unit-scoped Step"
            assert node._owner_permission or node._owner, f"{flow_class.__name__}.{node.name} is open to everyone"
            assert node._owner_permission.startswith("workflows."), node._owner_permission
    assert humans >= 13
