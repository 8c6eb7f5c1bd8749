"""The YAML parser's reason, said in the invocation's language.

yaml-rs (and PyYAML, which finds tags) explain a syntax error in English ("mapping values
are not allowed in this context"); the line that carries it is a coded diagnostic in the
chosen language (``SPBE-E006``), so an English reason would put two languages on one
line. Each reason we know is mapped to a catalog fragment (its parameters — a bracket, a
character — taken from the parser's text); a reason we do not know is kept verbatim but
marked as the parser's own text («pesan parser: …»), so it reads as quoted data.

Layer: core (pure). Imports only ``spbe_risk.messages``.
"""

from __future__ import annotations

import re

from spbe_risk.messages import N_, Msg, msg

#: (pattern over the parser's last line, catalog id); named groups become parameters.
#: Most specific first: several yaml-rs reasons end in the same "did not find expected".
REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), i) for p, i in (
    (r"tabs disallowed|found (?:a )?tab character|found character '\\t'",
     N_("karakter tab tidak diizinkan di sini: indentasi YAML memakai spasi")),
    (r"mapping values are not allowed",
     N_("nilai pemetaan (': ') tidak diizinkan di sini: beri tanda kutip pada teks yang "
        "memuat ': ', atau periksa indentasi")),
    (r"did not find expected '-' indicator",
     N_("penanda '-' yang diharapkan tidak ada di daftar ini: periksa indentasi")),
    (r"did not find expected key|expected <block end>",
     N_("kunci yang diharapkan tidak ada di pemetaan ini: periksa indentasi")),
    (r"did not find expected <document start>",
     N_("ada teks setelah akhir dokumen YAML")),
    (r"(?:undefined alias|unknown anchor)(?: '(?P<name>[^']*)')?",
     N_("alias merujuk ke anchor yang tidak didefinisikan")),
    (r"scanning an anchor or alias",
     N_("nama anchor atau alias harus diawali huruf atau angka")),
    (r"unknown escape character|found unknown escape",
     N_("karakter escape tidak dikenal di teks bertanda kutip")),
    (r"(?:quoted scalar.*(?:end of stream|unexpected end)|"
     r"invalid indentation in multiline quoted scalar)",
     N_("teks bertanda kutip tidak ditutup (tanda kutip penutup hilang?)")),
    (r"unclosed bracket '(?P<bracket>.)'",
     N_("kurung '%(bracket)s' tidak ditutup")),
    (r"scanning a block scalar",
     N_("diharapkan komentar atau akhir baris setelah penanda teks blok (| atau >)")),
    (r"simple key expect ':'",
     N_("diharapkan ':' setelah kunci")),
    (r"unexpected character: `(?P<char>.)'",
     N_("karakter '%(char)s' tidak dapat mengawali nilai YAML: beri tanda kutip pada teksnya")),
    (r"alias replay limit exceeded: replayed (?P<n>\d+)",
     N_("%(n)s node diulang")),
))
#: A reason we have no words for: the parser's own text, marked as such.
PARSER_SAID = N_("pesan parser: %(text)s")
NO_REASON = N_("YAML tidak dapat dibaca")


def reason(text: str) -> Msg:
    """The catalog fragment for the parser's reason ``text`` (its last line)."""
    text = text.strip()
    if not text:
        return msg(NO_REASON)
    for pattern, id in REASONS:
        m = pattern.search(text)
        if m:
            return msg(id, **{k: v for k, v in m.groupdict().items() if v is not None})
    return msg(PARSER_SAID, text=text)
