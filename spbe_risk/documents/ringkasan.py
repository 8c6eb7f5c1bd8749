"""The executive summary (Ringkasan Eksekutif) and the dashboard as plain data, for the
whole instansi: what a Sekretaris Daerah reads first.

One document feeds both the PDF (``ringkasan.html.j2``) and the HTML dashboard
(``dashboard.html.j2``); the dashboard's document adds every risk's scores, so it can be
sorted and filtered in the browser. Everything is JSON-serialisable (dates as ISO text) —
the PDF carries the same document as its attachment. Words the reports translate (level
names, statuses, kategori) stay catalog ids; the templates translate them.

Tables that are reshaped — risks per UPR × level, monitoring entries per period × level —
go through pandas (imported inside the functions: ``check`` never pays for it).

Pure: the workspace, the scored results, the schedule (``sources.schedule.Jadwal``, used
by its attributes only) and the coverage results are parameters; ``today`` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from spbe_risk import vocab
from spbe_risk.coverage import CakupanAset, instansi_rollup, prinsip_counts
from spbe_risk.documents.base import N_
from spbe_risk.documents.formulir import skor_json
from spbe_risk.documents.peta import level_risiko_json, peta_risiko, peta_tiga_tahap
from spbe_risk.documents.ringkasan_narasi import narasi
from spbe_risk.documents.schedule import schedule_json
from spbe_risk.model import Matriks, Workspace
from spbe_risk.schedule import TERLAMBAT
from spbe_risk.scoring import HasilRisiko, melebihi_selera, riwayat_pemantauan, rollup

SCHEMA = "spbe-risk/ringkasan"
JUDUL_RINGKASAN = N_("Ringkasan Eksekutif Manajemen Risiko SPBE")
JUDUL_DASBOR = N_("Dasbor Risiko SPBE")
#: How many risks the summary lists by priority.
TERATAS = 10


def ringkasan_document(ws: Workspace, results: Sequence[HasilRisiko], jadwal,
                       cakupan: Sequence[CakupanAset], today: date) -> dict[str, Any]:
    """The executive summary of the workspace as of ``today``.

    One definition of "kondisi terkini" holds everywhere (figures, per-level table,
    heatmap, risk rows): a risk's latest monitoring, or its analysis when it has not been
    monitored yet (``HasilRisiko.terkini``); ``angka.dipantau`` says how many were.
    National audit duties (``tanggung_jawab: nasional``: BRIN/BSSN audit them) are kept
    apart in ``jadwal.nasional`` and never enter the instansi's figures."""
    k, m = ws.konteks, ws.matriks
    levels = [b.nama for b in m.level_risiko]
    ranked = sorted(results, key=lambda h: h.prioritas)
    nama_upr = {u.id: u.nama for u in k.upr}
    plan = schedule_json(k.instansi, jadwal.today, jadwal.within_days, jadwal.items,
                         jadwal.bukti.ditolak)
    tanpa = [_risk_row(h, nama_upr) for h in ranked if h.perlu_penanganan and not _has_plan(h)]
    di_atas = [h for h in ranked if melebihi_selera(k.selera_risiko, h.selera_risiko,
                                                    h.terkini.besaran)]
    cov = coverage_summary(cakupan)
    rows = overdue_first(plan["jadwal"])
    instansi_rows = [r for r in rows if r["kewajiban_instansi"]]
    nasional_rows = [r for r in rows if not r["kewajiban_instansi"]]
    ditolak = [{"bundel": _file_name(r.get("bundel", "")), "langkah": r.get("langkah", ""),
                "alasan": r.get("alasan", "")} for r in plan["bukti_ditolak"]]
    angka = {
        "jumlah_risiko": len(ranked),
        "perlu_penanganan": sum(h.perlu_penanganan for h in ranked),
        "tanpa_rencana": len(tanpa),
        "di_atas_selera_terkini": len(di_atas),
        "dipantau": sum(h.pemantauan is not None for h in ranked),
        "belum_dipantau": sum(h.pemantauan is None for h in ranked),
        "terlambat": plan["ringkasan"][TERLAMBAT],
        "belum_pernah_diaudit": plan["ringkasan"]["belum_pernah"],
        "terlambat_nasional": sum(r["status"] == TERLAMBAT for r in nasional_rows),
        "bukti_ditolak": len(ditolak),
        "risiko_terbuka_kontrol": cov["ringkasan"]["risiko_terbuka"],
        "aset_tanpa_kontrol": sum(bool(a["prinsip_tanpa_kontrol"]) for a in cov["aset"]),
    }
    doc = {
        "schema": SCHEMA, "schema_version": 2, "jenis": "ringkasan",
        "judul": JUDUL_RINGKASAN, "instansi": k.instansi, "periode": k.periode,
        "tanggal_dokumen": today.isoformat(),
        "matriks": {"id": m.id, "nama": m.nama},
        "selera_risiko": {"aturan": k.selera_risiko.aturan},
        "level_risiko": level_risiko_json(m),
        "angka": angka,
        "per_level": per_level(ranked, m),
        "per_upr": per_upr(ranked, levels, [(u.id, u.nama) for u in k.upr]),
        "teratas": [_risk_row(h, nama_upr) for h in ranked[:TERATAS]],
        "tanpa_rencana": tanpa,
        "tren": trend(ranked, ws, levels),
        "cakupan": cov,
        "jadwal": {"tanggal_acuan": plan["tanggal_acuan"],
                   "peringatan_hari": plan["peringatan_hari"],
                   "ringkasan": plan["ringkasan"], "kewajiban": instansi_rows,
                   "nasional": nasional_rows,
                   "pelaksana_nasional": "/".join(sorted({r["pelaksana"] for r in nasional_rows}))},
        "bukti_ditolak": ditolak,
        "peta_terkini": peta_risiko(ranked, m, "terkini"),
        "peta": peta_tiga_tahap(ranked, m, "terkini"),
        "tindak_lanjut": _tindak_lanjut(ws, jadwal),
        "penandatangan": koordinator_spbe(ws),
    }
    doc["narasi"] = narasi(doc)
    return doc


def koordinator_spbe(ws: Workspace) -> dict[str, Any]:
    """The summary's signer: the Koordinator SPBE — in a pemda the Sekretaris Daerah
    (BSSN 4/2021 Pasal 6(1)). The instansi's ``penandatangan.koordinator_spbe`` (jabatan,
    nama, nip) when given, else that jabatan with name and NIP blank for handwriting; the
    place from ``penandatangan.tempat``."""
    signers = ws.konteks.extra.get("penandatangan", {}).get("*", {})
    given = signers.get("koordinator_spbe") or {}
    return {"peran": N_("Koordinator SPBE"),
            "jabatan": str(given.get("jabatan") or N_("Sekretaris Daerah")),
            "tempat": str(signers.get("tempat") or ""),
            "nama": str(given.get("nama") or ""), "nip": str(given.get("nip") or "")}


def dashboard_document(ws: Workspace, results: Sequence[HasilRisiko], jadwal,
                       cakupan: Sequence[CakupanAset], today: date) -> dict[str, Any]:
    """The summary plus every risk's scores (the dashboard's sortable register table)."""
    return dashboard_from(ringkasan_document(ws, results, jadwal, cakupan, today), ws, results)


def dashboard_from(summary: dict[str, Any], ws: Workspace, results: Sequence[HasilRisiko],
                   persetujuan: dict[str, list[dict[str, Any]]] | None = None,
                   tanpa_upr: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The dashboard document from an already computed summary (a new dict: the summary
    is not changed); ``persetujuan``: the approvals per UPR as ``score`` shows them;
    ``tanpa_upr``: those naming no UPR of instansi.yaml (file and problem)."""
    nama_upr = {u.id: u.nama for u in ws.konteks.upr}
    return {**summary, "jenis": "dasbor", "judul": JUDUL_DASBOR,
            "risiko": [_risk_row(h, nama_upr) for h in sorted(results, key=lambda h: h.prioritas)],
            "persetujuan": _approval_rows(persetujuan or {}, nama_upr, ws.konteks.zona_waktu),
            "persetujuan_tanpa_upr": [{"file": a.get("file"), "upr": a.get("upr"),
                                       "masalah": a.get("masalah")} for a in tanpa_upr or ()]}


def _approval_rows(per_upr: dict[str, list[dict[str, Any]]], nama_upr: dict[str, str],
                   zona: str) -> list[dict[str, Any]]:
    """One row per approval: UPR, role, the certificate's name, the time in the
    instansi's zone (the proven one when a timestamp proves it) and its state."""
    from datetime import datetime, timedelta, timezone

    zone = timezone(timedelta(hours=vocab.ZONA_WAKTU.get(zona, 7)))
    rows = []
    for upr, items in per_upr.items():
        for a in items:
            moment = a.get("waktu_terbukti") or a.get("waktu") or ""
            try:
                when = datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(zone)
                shown = f"{when:%Y-%m-%d %H.%M} {zona}"
            except ValueError:
                shown = ""
            rows.append({"upr": upr, "nama_upr": nama_upr.get(upr, upr), "peran": a["peran"],
                         "nama": a.get("nama") or "", "waktu": shown,
                         "terbukti": a.get("sumber_waktu") == "timestamp",
                         "keadaan": a.get("keadaan"), "berubah": list(a.get("berubah") or ())})
    return rows


# --------------------------------------------------------------------------- pieces
def _has_plan(h: HasilRisiko) -> bool:
    """A treatment plan: an option with an action plan written down."""
    p = h.risiko.penanganan
    return p is not None and bool(p.rencana_aksi.strip())


def _risk_row(h: HasilRisiko, nama_upr: dict[str, str]) -> dict[str, Any]:
    r, p = h.risiko, h.risiko.penanganan
    return {"prioritas": h.prioritas, "id": r.id, "upr": r.upr,
            "nama_upr": nama_upr.get(r.upr, r.upr), "kategori": r.kategori, "jenis": r.jenis,
            "kejadian": r.kejadian, "analisis": skor_json(h.analisis),
            "residual": skor_json(h.residual), "terkini": skor_json(h.terkini),
            "periode_pemantauan": h.periode_pemantauan, "tren": h.tren,
            "selera_risiko": h.selera_risiko, "perlu_penanganan": h.perlu_penanganan,
            "opsi": p.opsi if p else None,
            "nama_opsi": vocab.NAMA_OPSI.get(p.opsi, p.opsi) if p else None,
            "penanggung_jawab": p.penanggung_jawab if p else ""}


def per_level(results: Sequence[HasilRisiko], matriks: Matriks) -> list[dict[str, Any]]:
    """Risks per level at analysis and now (latest monitoring, else analysis): the
    roll-up's counts, as rows."""
    roll = rollup(results, matriks)
    return [{"level": b.nama, "analisis": roll["per_level_risiko"][b.nama],
             "terkini": roll["per_level_risiko_terkini"][b.nama]} for b in matriks.level_risiko]


def _crosstab(rows: list[tuple[str, str]], index: Sequence[str], levels: Sequence[str]
              ) -> dict[str, dict[str, int]]:
    """``{index value: {level: count}}`` of (index, level) pairs, every cell present."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["baris", "level"])
    table = pd.crosstab(frame["baris"], frame["level"]) if rows else pd.DataFrame()
    table = table.reindex(index=list(index), columns=list(levels), fill_value=0).fillna(0)
    return {str(i): {str(c): int(v) for c, v in table.loc[i].items()} for i in table.index}


def per_upr(results: Sequence[HasilRisiko], levels: Sequence[str],
            upr: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """The UPR × level pivot (analysis levels), in instansi.yaml order; a UPR of a
    register that instansi.yaml does not list comes last under its id."""
    ids = [u for u, _n in upr]
    names = dict(upr)
    ids += sorted({h.risiko.upr for h in results} - set(ids))
    table = _crosstab([(h.risiko.upr, h.analisis.level_risiko) for h in results], ids, levels)
    out = []
    for u in ids:
        hs = [h for h in results if h.risiko.upr == u]
        out.append({"upr": u, "nama": names.get(u, u), "jumlah": len(hs),
                    "per_level": table[u],
                    "perlu_penanganan": sum(h.perlu_penanganan for h in hs),
                    "tanpa_rencana": sum(h.perlu_penanganan and not _has_plan(h) for h in hs)})
    return out


def trend(results: Sequence[HasilRisiko], ws: Workspace, levels: Sequence[str]
          ) -> list[dict[str, Any]]:
    """Per monitoring period (in time order): how many monitoring entries fell in each
    level, and how many were at or above the appetite."""
    from spbe_risk.scoring import period_end

    rows, above = [], {}
    for h in results:
        for p, s, hit in riwayat_pemantauan(h, ws.konteks, ws.matriks):
            rows.append((p.periode, s.level_risiko))
            above[p.periode] = above.get(p.periode, 0) + hit
    periods = sorted({p for p, _lv in rows}, key=lambda p: (period_end(p), p))
    table = _crosstab(rows, periods, levels)
    return [{"periode": p, "per_level": table[p], "jumlah": sum(table[p].values()),
             "di_atas_selera": above[p]} for p in periods]


def coverage_summary(cakupan: Sequence[CakupanAset]) -> dict[str, Any]:
    """Principle coverage per asset (applied / applicable controls per principle) and the
    instansi totals."""
    roll = instansi_rollup(cakupan)
    return {
        "aset": [{"id": c.aset.id, "nama": c.aset.nama, "jenis": c.aset.jenis,
                  "upr": c.aset.upr, "kontrol_berlaku": len(c.kontrol),
                  "per_prinsip": [prinsip_counts(p) for p in c.per_prinsip],
                  "prinsip_tanpa_kontrol": list(c.prinsip_tanpa_kontrol),
                  "risiko_terbuka": len({t.risiko for t in c.risiko_terbuka})}
                 for c in cakupan],
        "ringkasan": {"per_prinsip": roll["per_prinsip"],
                      "risiko_terbuka": roll["risiko_terbuka"]},
    }


def overdue_first(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Overdue duties first; otherwise the schedule's own order (most urgent first).
    Each row says whose duty it is (``kewajiban_instansi``); the summary splits on it."""
    rows = [dict(i, kewajiban_instansi=i["tanggung_jawab"] == "instansi") for i in items]
    return sorted(rows, key=lambda i: i["status"] != TERLAMBAT)


def _file_name(path: str) -> str:
    """A bundle's file name, not the folder it was found in (the same document on every
    machine)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _tindak_lanjut(ws: Workspace, jadwal) -> dict[str, Any]:
    """The overdue follow-up of audit findings (``documents.tindak_lanjut``)."""
    from spbe_risk.audit.tindak_lanjut import Pengaturan
    from spbe_risk.documents.tindak_lanjut import summary_json

    return summary_json(getattr(jadwal, "tindak_lanjut", None), jadwal.today,
                        {a.id: a.nama for a in ws.aset},
                        (ws.pengaturan_tindak_lanjut or Pengaturan()).eskalasi_hari)
