"""Speaking other tools' formats: problems for CI, OSCAL, CISO Assistant, JSON Schema.

Modules, one concept each (all but ``bundle_facts`` build plain dicts or text from data;
none writes files or reads a clock — the CLI passes timestamps in and writes atomically):

- ``problems``       ``check`` problems as JSON, SARIF 2.1.0, GitHub workflow commands and
                     GitLab code-quality JSON
- ``ids``            deterministic UUIDs (uuid5) and the project's OSCAL namespace
- ``oscal_catalog``  a control catalog as an OSCAL 1.1 catalog
- ``oscal_results``  a verified evidence bundle (and scored risks) as OSCAL assessment results
- ``ciso_assistant`` catalogs and the risk matrix as a CISO Assistant library
- ``schemas``        JSON Schema (draft 2020-12) for every file kind, from ``load.spec``
- ``bundle_facts``   what the OSCAL results export reads from a verified bundle (disk)
- ``reference``      ``docs/reference.md`` from the spec, the click tree and the shipped data

Layer: shell. May import the core (model, load.spec, scoring) and ``spbe_risk.evidence``.
"""
