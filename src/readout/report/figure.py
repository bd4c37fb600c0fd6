"""The small figure of who attributes what to whom between two sides, laid out at build
time as plain numbers the template draws as inline SVG (no client-side library).

Each side is a column of actor boxes (left: the first side, right: the other); an arrow
runs from an attributor to a holder on the other side, labelled with how many positions
it attributes and their issues. Arrows from the left side are solid, from the right side
dashed, so the direction reads without colour.
"""
from __future__ import annotations

from dataclasses import dataclass

WIDTH, BOX_W, BOX_H, GAP, TOP = 720, 190, 34, 22, 46


@dataclass
class Box:
    label: str
    x: int
    y: int
    side: int                        # 0 left, 1 right

    @property
    def mid_y(self) -> int:
        return self.y + BOX_H // 2


@dataclass
class Arrow:
    x1: int
    y1: int
    x2: int
    y2: int
    side: int                        # the attributor's side
    label: str
    lx: int
    ly: int
    title: str


@dataclass
class Figure:
    width: int
    height: int
    sides: list[str]
    boxes: list[Box]
    arrows: list[Arrow]
    summary: list[str]               # the same facts as text (the figure's description)


def figure(columns) -> Figure | None:
    """From the event's two columns (attributed claims with a holder detail)."""
    if len(columns) != 2 or not any(c.attributed for c in columns):
        return None
    edges: dict[tuple[int, str, str], tuple[list, set]] = {}   # (claims, issues) per arrow
    for side, column in enumerate(columns):
        for claim in column.attributed:
            for holder in claim.detail.get("holder", []):
                claims, issues = edges.setdefault((side, claim.who, holder), ([], set()))
                claims.append(claim)
                issues.update(claim.detail.get("issue", []))
    actors: list[list[str]] = [[], []]
    for side, who, holder in edges:
        if who not in actors[side]:
            actors[side].append(who)
        if holder not in actors[1 - side]:
            actors[1 - side].append(holder)
    boxes: dict[tuple[int, str], Box] = {}
    for side in (0, 1):
        x = 10 if side == 0 else WIDTH - BOX_W - 10
        for i, label in enumerate(actors[side]):
            boxes[(side, label)] = Box(label, x, TOP + i * (BOX_H + GAP), side)
    arrows, summary, leaving = [], [], {}
    for (side, who, holder), (claims, issues) in sorted(edges.items(), key=lambda item: item[0]):
        start, end = boxes[(side, who)], boxes[(1 - side, holder)]
        x1 = start.x + BOX_W if side == 0 else start.x
        x2 = end.x if side == 0 else end.x + BOX_W
        count = len(claims)
        named = sorted(issues)
        label = f"{count} position{'s' if count != 1 else ''}"
        # each label sits further along its arrow than the one before from the same box, so
        # the labels of arrows that fan out from one actor do not overlap
        k = leaving[(side, who)] = leaving.get((side, who), -1) + 1
        t = min(0.2 + 0.25 * k, 0.8)
        lx, ly = x1 + int((x2 - x1) * t), start.mid_y + int((end.mid_y - start.mid_y) * t) - 5
        text = f"{who} ({columns[side].side}) attributes {label} to {holder} ({columns[1 - side].side})"
        if named:
            text += ": " + ", ".join(named)
        summary.append(text)
        arrows.append(Arrow(x1, start.mid_y, x2, end.mid_y, side, label, lx, ly, text))
    height = TOP + max(len(actors[0]), len(actors[1]), 1) * (BOX_H + GAP)
    return Figure(WIDTH, height, [columns[0].side, columns[1].side], list(boxes.values()), arrows, summary)
