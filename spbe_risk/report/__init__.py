"""Reports people sign and read: Formulir 2.0–5.0, the executive summary, the LHAK audit
report and the dashboard, rendered from plain documents by Jinja2 templates
(``spbe_risk/audit_templates``) to HTML and to archival PDF (PDF/A-3b) with WeasyPrint.

Layer: shell. ``documents`` prepare the data (plain dicts and lists); this package only
renders it. Jinja2, Babel and WeasyPrint are imported inside the functions that need
them, so ``check`` never pays for them.
"""
