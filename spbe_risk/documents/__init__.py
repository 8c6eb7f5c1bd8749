"""Documents: the plain data every output format renders (score, coverage, SoA,
schedule, controls). Built from core results; no core module builds an output document,
and no document does I/O. May import the core and ``documents.base`` only.
"""

from spbe_risk.documents.base import Document
from spbe_risk.documents.controls import controls_document, kontrol_json
from spbe_risk.documents.coverage import coverage_document, soa_document
from spbe_risk.documents.schedule import schedule_document
from spbe_risk.documents.score import heatmap_document, score_document

__all__ = ["Document", "controls_document", "coverage_document", "heatmap_document", "kontrol_json",
           "schedule_document", "score_document", "soa_document"]
