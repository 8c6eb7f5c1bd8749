"""The building blocks of the field specification (``load.spec``): a :class:`Field` with
its type, requirement, allowed values and bilingual title/description, an :class:`Obj` of
fields, and the envelope every file kind shares (``kind``, ``schema_version``).

Layer: core (pure). May import only the vocabulary; no disk, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Field types: text (non-empty when required), id, integer, boolean, date (YYYY-MM-DD),
#: year (2000..2100), periode-pantau (2026, 2026-03, 2026-Q1, 2026-S1), list, object,
#: map (id → object), text-or-object, any.
TYPES = ("text", "id", "integer", "boolean", "date", "year", "periode-pantau", "list",
         "object", "map", "text-or-object", "levels", "grid", "any")


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    required: bool = False
    title_id: str = ""
    title_en: str = ""
    desc_id: str = ""
    desc_en: str = ""
    enum: tuple[str, ...] | None = None
    items: Field | None = None           # for lists
    obj: Obj | None = None               # for objects, maps (the value) and object list items
    minimum: int | None = None
    maximum: int | None = None
    min_items: int | None = None
    nullable: bool = False               # null accepted (the loader treats it as absent)
    ref: str = ""                        # a cross-file constraint the loader checks


@dataclass(frozen=True)
class When:
    """``if key ∈ values then required`` (e.g. an application needs a platform)."""

    key: str
    values: tuple[str, ...]
    required: str


@dataclass(frozen=True)
class Obj:
    name: str
    fields: tuple[Field, ...]
    closed: bool = True                  # unknown keys are errors
    when: tuple[When, ...] = field(default=())

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)

    def __getitem__(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


def F(key: str, type: str, required: bool = False, title: tuple[str, str] = ("", ""),
      desc: tuple[str, str] = ("", ""), **kw) -> Field:
    return Field(key, type, required, title[0], title[1], desc[0], desc[1], **kw)


def envelope(kind: str) -> tuple[Field, ...]:
    return (
        F("kind", "text", True, ("Jenis berkas", "File kind"),
          (f"Selalu '{kind}'.", f"Always '{kind}'."), enum=(kind,)),
        F("schema_version", "integer", True, ("Versi skema", "Schema version"),
          ("Selalu 1.", "Always 1."), minimum=1, maximum=1),
    )


LEVELS_DESC = ("Level 1..n pada matriks yang dipilih instansi.yaml.",
                "Level 1..n of the matrix instansi.yaml chooses.")

PENILAIAN = Obj("penilaian", (
    F("kemungkinan", "integer", True, ("Level kemungkinan", "Likelihood level"), LEVELS_DESC,
      minimum=1, maximum=10, ref="matriks"),
    F("dampak", "integer", True, ("Level dampak", "Impact level"), LEVELS_DESC,
      minimum=1, maximum=10, ref="matriks"),
))
