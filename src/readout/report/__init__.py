"""The readout report: one self-contained HTML page of the store's contacts, both sides'
readouts side by side with their evidence, and every article with its statements
highlighted. Read only through the stored queries (`answers`), shaped for the template
(`shape`, `highlight`, `figure`), rendered with Jinja2 (`page`, `templates/`)."""
from readout.report.page import data, render, write

__all__ = ["data", "render", "write"]
