"""The score document: every risk scored and ranked (``score``, ``scores.json``/``.csv``).

Plain data built from core results; imports the model, the scoring core and ``base``.

``score_json`` is the documented document as plain data. ``score_json_text`` writes the
same document straight to JSON text, byte for byte what ``json.dumps(score_json(...),
ensure_ascii=False)`` gives (a test holds them equal): every risk has the same shape, so
its object is one template filled with values encoded by the C string encoder that
``json`` itself uses, and the 25 matrix cells are encoded once. At 120,000 risks this is
several times faster than building 120,000 dicts and encoding them generically.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring
from typing import Any

from spbe_risk import vocab
from spbe_risk.documents.base import N_, Document
from spbe_risk.messages import msg
from spbe_risk.model import Workspace
from spbe_risk.scoring import HasilRisiko, Skor, heatmap, rollups, score_workspace


def score_document(ws: Workspace, upr: str | None = None,
                   results: Sequence[HasilRisiko] | None = None,
                   persetujuan: dict[str, list[dict[str, Any]]] | None = None,
                   tanpa_upr: list[dict[str, Any]] | None = None) -> Document:
    """``persetujuan``: the approvals per UPR (``signing.approval.by_upr``), judged by the
    caller (the shell); omitted from the JSON when None. ``tanpa_upr``: approvals that
    name no UPR of instansi.yaml — ``persetujuan_tanpa_upr`` in the JSON, only when any."""
    results = score_workspace(ws, upr) if results is None else results
    above = sum(h.perlu_penanganan for h in results)
    return Document(
        title=msg(N_("Penilaian Risiko SPBE — %(instansi)s %(periode)s — UPR %(upr)s"),
                  instansi=ws.konteks.instansi, periode=ws.konteks.periode, upr=upr) if upr else
        msg(N_("Penilaian Risiko SPBE — %(instansi)s %(periode)s"),
            instansi=ws.konteks.instansi, periode=ws.konteks.periode),
        columns=SCORE_COLUMNS,
        table_columns=SCORE_TABLE_COLUMNS,
        priority=SCORE_PRIORITY,
        rows=lambda: score_rows(results),
        data=lambda: score_json(ws, results, persetujuan=persetujuan, tanpa_upr=tanpa_upr),
        extra={"json_text": lambda: score_json_text(ws, results, persetujuan=persetujuan,
                                                    tanpa_upr=tanpa_upr)},
        footer=msg(N_("%(n)d risiko; %(above)d melampaui selera risiko (besaran %(aturan)s "
                      "besaran minimum selera risiko)"),
                   n=len(results), above=above, aturan=ws.konteks.selera_risiko.aturan),
        word_columns=SCORE_WORDS,
    )


def score_text_document(text: str) -> Document:
    """The score document when its JSON text was made elsewhere (``score_json_text``'s
    bytes, by ``sources.parallel_score``): JSON output only."""
    return Document(title="", columns=SCORE_COLUMNS, rows=[],
                    data=lambda: json.loads(text), extra={"json_text": lambda: text})


def heatmap_document(ws: Workspace, results: Sequence[HasilRisiko], stage: str) -> Document:
    """Risk counts per matrix cell at one stage (``matrix``); rendered by ``heatmap``."""
    counts = heatmap(results, ws.matriks, stage)
    return Document(
        title=msg(N_("Peta Risiko (%(tahap)s) — %(instansi)s %(periode)s"), tahap=msg(stage),
                  instansi=ws.konteks.instansi, periode=ws.konteks.periode),
        columns=(), rows=[], colour_column="",
        data={"schema": "spbe-risk/heatmap", "schema_version": 1, "tahap": stage,
              "peta_risiko": counts},
        extra={"matriks": ws.matriks, "counts": counts, "stage": stage, "konteks": ws.konteks},
    )


def _risk_json(h: HasilRisiko, cell_json: dict[int, dict[str, Any]]) -> dict[str, Any]:
    r = h.risiko

    def cell(s: Skor) -> dict[str, Any]:
        # Skor objects come from one 25-cell table, so their JSON is built once each.
        got = cell_json.get(id(s))
        if got is None:
            got = cell_json[id(s)] = s.as_json()
        return got

    return {
        "id": r.id,
        "prioritas": h.prioritas,
        "upr": r.upr,
        "periode": r.periode,
        "jenis": r.jenis,
        "kategori": r.kategori,
        "area_dampak": r.area_dampak,
        "kejadian": r.kejadian,
        "analisis": cell(h.analisis),
        "residual": cell(h.residual) if h.residual else None,
        "pemantauan": ({"periode": h.periode_pemantauan, **cell(h.pemantauan)}
                       if h.pemantauan else None),
        "selera_risiko": h.selera_risiko,
        "perlu_penanganan": h.perlu_penanganan,
        "residual_di_atas_selera": h.residual_di_atas_selera,
        "opsi_penanganan": r.penanganan.opsi if r.penanganan else None,
        "tren": h.tren,
        "aset": list(r.aset),
        "file": r.file,
    }


def _relative(path: str, root: str) -> str:
    """A register's path relative to the workspace, so JSON does not depend on the cwd."""
    prefix = root.rstrip("/") + "/"
    return path[len(prefix):] if path.startswith(prefix) else path


def score_json(ws: Workspace, results: Sequence[HasilRisiko], with_rollups: bool = True,
               persetujuan: dict[str, list[dict[str, Any]]] | None = None,
               tanpa_upr: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The documented ``score --format json`` document (schema in README); the approvals
    per UPR last, when given."""
    cell_json: dict[int, dict[str, Any]] = {}
    files: dict[str, str] = {}
    risiko = []
    for h in results:
        item = _risk_json(h, cell_json)
        f = item["file"]
        item["file"] = files.get(f) or files.setdefault(f, _relative(f, ws.root))
        risiko.append(item)
    doc: dict[str, Any] = {
        "schema": "spbe-risk/score",
        "schema_version": 1,
        "instansi": ws.konteks.instansi,
        "periode": ws.konteks.periode,
        "matriks": ws.matriks.id,
        "aturan_selera": ws.konteks.selera_risiko.aturan,
        "risiko": risiko,
    }
    if with_rollups:
        doc["ringkasan"] = rollups(results, ws)
    if persetujuan is not None:
        doc["persetujuan"] = persetujuan
    if tanpa_upr:
        doc["persetujuan_tanpa_upr"] = tanpa_upr
    return doc


def _dumps(value: Any) -> str:
    """The generic encoder, exactly as ``formats.json`` calls it."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _value_encoder() -> Callable[[Any], str]:
    """JSON text of one scalar (or any value), memoised for the repetitive ones."""
    memo: dict[Any, str] = {None: "null", True: "true", False: "false"}

    def enc(value: Any) -> str:
        kind = type(value)
        if kind is str:
            got = memo.get(value)
            if got is None:
                got = memo[value] = encode_basestring(value)
            return got
        if kind is int:
            return int.__repr__(value)
        if kind is bool or value is None:
            return memo[value]
        return _dumps(value)

    return enc


def risk_tail_encoder(root: str) -> Callable[[HasilRisiko], str]:
    """A function giving a risk's JSON object after ``"prioritas": N`` — everything that
    does not depend on its rank — as text (``risk_text`` puts the rank in front)."""
    enc = _value_encoder()
    cells: dict[int, str] = {}
    monitored: dict[tuple[Any, int], str] = {}
    files: dict[str, str] = {}

    def cell(sk: Skor) -> str:
        got = cells.get(id(sk))
        if got is None:
            got = cells[id(sk)] = _dumps(sk.as_json())
        return got

    def tail(h: HasilRisiko) -> str:
        r = h.risiko
        f = files.get(r.file)
        if f is None:
            f = files[r.file] = enc(_relative(r.file, root) if type(r.file) is str else r.file)
        pm = h.pemantauan
        if pm is None:
            pm_text = "null"
        else:
            key = (h.periode_pemantauan, id(pm))
            pm_text = monitored.get(key)
            if pm_text is None:
                pm_text = monitored[key] = _dumps({"periode": h.periode_pemantauan,
                                                   **pm.as_json()})
        kejadian = r.kejadian
        aset = r.aset
        return (
            f'"upr": {enc(r.upr)}, '
            f'"periode": {enc(r.periode)}, "jenis": {enc(r.jenis)}, '
            f'"kategori": {enc(r.kategori)}, "area_dampak": {enc(r.area_dampak)}, '
            f'"kejadian": {encode_basestring(kejadian) if type(kejadian) is str else enc(kejadian)}, '
            f'"analisis": {cell(h.analisis)}, '
            f'"residual": {cell(h.residual) if h.residual else "null"}, '
            f'"pemantauan": {pm_text}, "selera_risiko": {enc(h.selera_risiko)}, '
            f'"perlu_penanganan": {enc(h.perlu_penanganan)}, '
            f'"residual_di_atas_selera": {enc(h.residual_di_atas_selera)}, '
            f'"opsi_penanganan": {enc(r.penanganan.opsi) if r.penanganan else "null"}, '
            f'"tren": {enc(h.tren)}, '
            f'"aset": [{", ".join(map(enc, aset)) if aset else ""}], "file": {f}}}')

    return tail


def risk_text_parts(rid: Any, tail: str) -> tuple[str, str]:
    """A risk's JSON object around its rank: ``pre + str(prioritas) + post``."""
    rid_text = encode_basestring(rid) if type(rid) is str else _dumps(rid)
    return f'{{"id": {rid_text}, "prioritas": ', f", {tail}"


def risk_text(rid: Any, prioritas: Any, tail: str) -> str:
    """A risk's JSON object: ``_dumps(_risk_json(h, ...))`` given its ``tail``."""
    pre, post = risk_text_parts(rid, tail)
    rank = int.__repr__(prioritas) if type(prioritas) is int else _dumps(prioritas)
    return f"{pre}{rank}{post}"


def _risk_texts(results: Sequence[HasilRisiko], root: str) -> list[str]:
    """Each risk's JSON object as text, identical to ``_dumps(_risk_json(...))``."""
    tail = risk_tail_encoder(root)
    return [risk_text(h.risiko.id, h.prioritas, tail(h)) for h in results]


def assemble_score_json(ws_head: dict[str, Any], risk_texts: Sequence[str],
                        ringkasan: dict[str, Any] | None,
                        persetujuan: dict[str, Any] | None = None,
                        tanpa_upr: list[dict[str, Any]] | None = None) -> str:
    """The document from its parts: head fields, risk objects as text, roll-ups, approvals."""
    head = _dumps(ws_head)
    parts = [head[:-1], ', "risiko": [', ", ".join(risk_texts), "]"]
    if ringkasan is not None:
        parts += [', "ringkasan": ', _dumps(ringkasan)]
    if persetujuan is not None:
        parts += [', "persetujuan": ', _dumps(persetujuan)]
    if tanpa_upr:
        parts += [', "persetujuan_tanpa_upr": ', _dumps(tanpa_upr)]
    parts.append("}")
    return "".join(parts)


def score_head(konteks: Any, matriks: Any) -> dict[str, Any]:
    return {
        "schema": "spbe-risk/score",
        "schema_version": 1,
        "instansi": konteks.instansi,
        "periode": konteks.periode,
        "matriks": matriks.id,
        "aturan_selera": konteks.selera_risiko.aturan,
    }


def score_json_text(ws: Workspace, results: Sequence[HasilRisiko],
                    with_rollups: bool = True,
                    persetujuan: dict[str, list[dict[str, Any]]] | None = None,
                    tanpa_upr: list[dict[str, Any]] | None = None) -> str:
    """``score_json`` as JSON text (no trailing newline), without building its dicts."""
    return assemble_score_json(score_head(ws.konteks, ws.matriks),
                               _risk_texts(results, ws.root),
                               rollups(results, ws) if with_rollups else None, persetujuan,
                               tanpa_upr)




#: CSV columns: one value per cell, the risk's own words and assets, numbers as numbers.
#: The CSV header row is the keys (the machine interface README documents, e.g.
#: ``residual_di_atas_selera``): stable whatever the words; the labels are the words of
#: spbe-reference.md §Istilah, for a format that prints them.
SCORE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("prioritas", "#"), ("id", N_("Kode Risiko")), ("upr", "UPR"), ("jenis", N_("Jenis Risiko")),
    ("kategori", N_("Kategori Risiko SPBE")), ("sasaran", N_("Sasaran SPBE")),
    ("kejadian", N_("Kejadian")), ("penyebab", N_("Penyebab")),
    ("uraian_dampak", N_("Dampak")), ("area_dampak", N_("Area Dampak")), ("aset", N_("Aset")),
    ("kemungkinan", N_("Level Kemungkinan")), ("dampak", N_("Level Dampak")),
    ("besaran", N_("Besaran Risiko")), ("level_risiko", N_("Level Risiko")),
    ("selera_risiko", N_("Selera Risiko")),
    ("perlu_penanganan", N_("Keputusan Penanganan Risiko (Ya/Tidak)")),
    ("opsi_penanganan", N_("Opsi Penanganan Risiko")), ("besaran_residual", N_("Besaran Residual")),
    ("level_residual", N_("Level Residual")),
    ("residual_di_atas_selera", N_("Residual melampaui selera risiko")),
    ("periode_pemantauan", N_("Periode Pemantauan")),
    ("besaran_pemantauan", N_("Besaran terkini")), ("level_pemantauan", N_("Level terkini")),
    ("tren", N_("Tren")),
)


#: Terminal columns; ``SCORE_PRIORITY`` says which stay on a narrow terminal.
SCORE_TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("prioritas", "#"), ("id", N_("Kode Risiko")), ("upr", "UPR"), ("jenis", N_("Jenis")),
    ("kejadian", N_("Kejadian")), ("kategori", N_("Kategori")),
    ("area_dampak", N_("Area Dampak")), ("kemungkinan", "K"), ("dampak", "D"),
    ("besaran", N_("Besaran Risiko")), ("level_risiko", N_("Level Risiko")),
    ("selera_risiko", N_("Selera Risiko")),
    ("perlu_penanganan", N_("Keputusan Penanganan Risiko (Ya/Tidak)")),
    ("besaran_residual", N_("Residual")),
    ("besaran_pemantauan", N_("Terkini")), ("tren", N_("Tren")),
)
#: cells holding catalog words (translated on the terminal)
SCORE_WORDS = ("jenis", "kategori", "area_dampak", "level_risiko", "perlu_penanganan",
               "tren", "level_residual", "level_pemantauan")
SCORE_PRIORITY = ("id", "besaran", "level_risiko", "perlu_penanganan", "jenis", "kejadian",
                  "prioritas", "upr", "besaran_residual", "besaran_pemantauan",
                  "kemungkinan", "dampak", "tren", "selera_risiko", "kategori", "area_dampak")


def _ya(flag: bool | None) -> str:
    return "" if flag is None else ("ya" if flag else "tidak")


def score_rows(results: Sequence[HasilRisiko]) -> list[dict[str, Any]]:
    """Flat rows (one per risk) for table and CSV output."""
    rows = []
    for h in results:
        r = h.risiko
        rows.append({
            "prioritas": h.prioritas, "id": r.id, "upr": r.upr, "jenis": r.jenis,
            "kategori": r.kategori, "sasaran": r.sasaran, "kejadian": r.kejadian,
            "penyebab": r.penyebab, "uraian_dampak": r.uraian_dampak,
            "area_dampak": r.area_dampak, "aset": ", ".join(r.aset),
            "kemungkinan": h.analisis.kemungkinan, "dampak": h.analisis.dampak,
            "besaran": h.analisis.besaran, "level_risiko": h.analisis.level_risiko,
            "selera_risiko": h.selera_risiko,
            "perlu_penanganan": _ya(h.perlu_penanganan),
            "opsi_penanganan": vocab.NAMA_OPSI.get(r.penanganan.opsi, r.penanganan.opsi)
            if r.penanganan else "",
            "besaran_residual": h.residual.besaran if h.residual else "",
            "level_residual": h.residual.level_risiko if h.residual else "",
            "residual_di_atas_selera": _ya(h.residual_di_atas_selera),
            "periode_pemantauan": h.periode_pemantauan or "",
            "besaran_pemantauan": h.pemantauan.besaran if h.pemantauan else "",
            "level_pemantauan": h.pemantauan.level_risiko if h.pemantauan else "",
            "tren": h.tren or "",
            "_warna": h.analisis.warna,
        })
    return rows
