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

TEXT_SIZE = 13  # px, at the diagram's natural size (it scrolls sideways rather than shrink)


def case_diagram(*, case: Case, active: list[Task]) -> str:
    """The case's flow as inline SVG: each step's state as viewflow computes it, the current steps marked."""
    from ..flows import FLOWS

    flow_class = FLOWS[case.kind]
    grid = chart.calc_layout_data(flow_class)
    chart.calc_cell_status(flow_class, grid, case.pk)
    current = {task.flow_task for task in active}
    cells = []
    for cell in grid.cells:
        shape = cell.shape
        lines = [(text, x, y) for text, _class, _size, x, y in shape.text]
        question = "" if lines or not cell.node.task_title else str(cell.node.task_title)
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
