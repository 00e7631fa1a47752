"""The case diagram: viewflow lays the flow out; we draw it, so it reads as the flow is written.

viewflow's own SVG template title-cases each step ("Chờ Hội Đồng Tđkt") and draws text too small once the
diagram is scaled to a card. Here the titles are drawn exactly as declared (in the reader's language), the
gateways carry their question and the branches their labels (`nodes.Gate`, `nodes.Branches`), and the steps
the case is at are marked.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from viewflow.workflow import chart
from viewflow.workflow.models import Task

from ..models import Case
from ..nodes import Branches, Gate

TEXT_SIZE = 13  # px, at the diagram's natural size (it scrolls sideways rather than shrink)
# viewflow leaves 25 px between columns: too narrow for a branch label ("Tiếp nhận", "Trả lại") to sit
# between a gateway and the next step. Columns are pushed apart and the edges routed again.
EXTRA_COLUMN_GAP = 50


def _widen(grid) -> None:
    for cell in grid.cells:
        shift = cell.col * EXTRA_COLUMN_GAP
        cell.x += shift
        cell.shape.x += shift
    grid.width += (max((cell.col for cell in grid.cells), default=0) + 1) * EXTRA_COLUMN_GAP
    chart.calc_edges(grid)
    for edge in grid.edges:
        if edge.label and isinstance(edge.src, Branches) and len(edge.segments) > 1:
            # A split's branches fan out from one corner: each label goes on the run into its step instead.
            (x1, y1), (x2, _y2) = edge.segments[-2], edge.segments[-1]
            edge.label_pos = (min(x1, x2) + 8, y1 - 6)


def case_diagram(*, case: Case, active: list[Task]) -> str:
    """The case's flow as inline SVG: each step's state as viewflow computes it, the current steps marked."""
    from ..flows import FLOWS

    flow_class = FLOWS[case.kind]
    grid = chart.calc_layout_data(flow_class)
    _widen(grid)
    chart.calc_cell_status(flow_class, grid, case.pk)
    current = {task.flow_task for task in active}
    cells = []
    for cell in grid.cells:
        shape = cell.shape
        lines = [(text, x, y) for text, _class, _size, x, y in shape.text]
        question = str(cell.node.task_title) if isinstance(cell.node, Gate) else ""
        cells.append(
            {
                "name": cell.node.name,
                "x": shape.x,
                "y": shape.y,
                "middle": shape.width // 2,
                "svg": shape.svg,
                "status": (cell.status or "").lower(),
                "current": cell.node in current,
                "title": str(cell.node.task_title or ""),
                "lines": lines,
                # A gateway's question (Ký duyệt?) is written above its diamond; its branches carry the answers.
                "question": question,
            }
        )
    edges = [
        {
            "id": f"{edge.src.name}__{edge.dst.name}",
            "path": " L".join(f"{x},{y}" for x, y in edge.segments),
            "label": str(edge.label) if edge.label else "",
            "label_pos": edge.label_pos,
        }
        for edge in grid.edges
        if edge.segments
    ]
    return render_to_string(
        "workflows/cases/diagram.svg",
        {"width": grid.width, "height": grid.height + 10, "cells": cells, "edges": edges, "text_size": TEXT_SIZE},
    )
