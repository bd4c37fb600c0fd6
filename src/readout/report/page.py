"""The report's page: the stored queries' answers, shaped, rendered with the Jinja2
templates in `templates/` (autoescaped: any text of an article shows as text)."""
from __future__ import annotations

import re
from pathlib import Path

from readout.errors import ReadoutError
from readout.report import answers as queries
from readout.report import shape
from readout.report.figure import figure

TEMPLATES = Path(__file__).parent / "templates"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def data(store_dir: Path, event: str | None = None) -> dict:
    """Everything the template shows, from the store at `store_dir` (or one event's)."""
    answers = queries.load(store_dir, event)
    views, link = shape.articles(answers)
    events = _events(answers)
    if event and event not in events:
        raise ReadoutError(f"no contact {event} in the store; "
                           f"'readout query event-participants' lists them")
    if event:
        views = {aid: v for aid, v in views.items() if aid in events[event]["article_ids"]}
    mainly = shape.main_contact(events)
    ordered = sorted(events.values(), key=lambda e: (e["date"] != "", e["date"], e["iri"]), reverse=True)
    for item in ordered:
        own = {aid for aid, iri in mainly.items() if iri == item["iri"]}
        item["own"] = sorted(own)
        item["columns"] = shape.columns(answers, item, own, link)
        item["figure"] = figure(item["columns"])
        item["briefings"] = shape.briefings(answers, item, link)
        item["corroboration"] = shape.corroborated(answers, own)
        item["timeline"] = _timeline(answers, item, events)
        item["articles"] = [views[aid] for aid in item["article_ids"] if aid in views]
    return {"events": ordered, "articles": shape.finish(views), "store": str(store_dir),
            "statements": sum(len(v.notes) for v in views.values())}


def render(page: dict) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["words"] = lambda text: " ".join(str(text).split())
    return env.get_template("report.html.j2").render(**page)


def write(store_dir: Path, out: Path, event: str | None = None) -> dict:
    """Write the report of the store at `store_dir` to `out`; returns the page's data."""
    page = data(store_dir, event)
    html = render(page)
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    return page


def _events(answers) -> dict[str, dict]:
    described = {r["event"]: r for r in answers.events}
    events: dict[str, dict] = {}
    for row in answers.participants:
        iri = row["event"]
        if iri not in events:
            about = described.get(iri, {})
            kind = about.get("type", "Contact")
            events[iri] = {
                "iri": iri, "anchor": "event-" + re.sub(r"[^\w-]", "-", iri.rsplit("/", 1)[-1]),
                "type": kind, "type_label": re.sub(r"(?<!^)(?=[A-Z])", " ", kind).lower(),
                "date": about.get("date", ""), "precision": about.get("precision", ""),
                "date_text": date_text(about.get("date", ""), about.get("precision", "")),
                "duration": duration_text(about.get("duration", "")),
                "article_ids": (row.get("article_ids") or "").split(),
                "participants": [], "sides": []}
        item = events[iri]
        person = {"label": row.get("participant", ""), "iri": row.get("participant_iri", ""),
                  "qid": row.get("participant_qid", ""), "side": row.get("side", ""),
                  "initiator": row.get("initiator") == "true"}
        item["participants"].append(person)
    for item in events.values():
        item["participants"].sort(key=lambda p: (not p["initiator"], p["label"]))
        item["initiators"] = [p["label"] for p in item["participants"] if p["initiator"]]
        for person in item["participants"]:
            side = next((r.get("side_iri") for r in answers.participants
                         if r["event"] == item["iri"] and r.get("participant_iri") == person["iri"]), "")
            if side and person["side"] and (side, person["side"]) not in item["sides"]:
                item["sides"].append((side, person["side"]))
    return events


def _timeline(answers, item: dict, events: dict) -> list[dict]:
    actors = [p["iri"] for p in item["participants"]]
    together = [e for e in events.values() if {p["iri"] for p in e["participants"]} >= set(actors[:2])]
    if len(actors) < 2 or len(together) < 2:   # no other contact of theirs: the event line says it all
        return []
    rows = []
    for row in answers.timeline(actors[0], actors[1]):
        other = events.get(row.get("event", ""))
        rows.append({"date": date_text(row.get("date", ""), row.get("precision", "")),
                     "type": row.get("type", ""), "initiator": row.get("initiator", ""),
                     "duration": duration_text(row.get("duration", "")),
                     "articles": row.get("articles", ""), "this": row.get("event") == item["iri"],
                     "href": f"#{other['anchor']}" if other else ""})
    return rows


def date_text(date: str, precision: str) -> str:
    """'2025-07-01', 'day' -> '1 July 2025 (day)'; an undated event says so."""
    if not date:
        return "date not given"
    parts = date.split("-")
    try:
        if len(parts) == 3:
            shown = f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        elif len(parts) == 2:
            shown = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        else:
            shown = parts[0]
    except (ValueError, IndexError):
        shown = date
    return f"{shown} ({precision})" if precision else shown


def duration_text(value: str) -> str:
    """'PT2H' -> '2 hours', 'PT1H30M' -> '1 hour 30 minutes'; other values as they are."""
    found = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?", value or "")
    if not value or not found or not any(found.groups()):
        return value or ""
    names = ("day", "hour", "minute")
    return " ".join(f"{n} {name}{'s' if int(n) != 1 else ''}"
                    for n, name in zip(found.groups(), names) if n)
