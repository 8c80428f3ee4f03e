"""Customer segments: the workspace's list, a sale's segment, and its name in each language.

The rules, one function each:

- The list is the workspace's: seeded with ``DEFAULT_SEGMENTS`` the first time it is asked for
  (each default stored by its key with no label, so every reader sees it in their own language),
  edited by admins (add, rename, retire); everyone may list it. A segment a sale is in is
  retired, never deleted, so the sales keep it and the diagnosis keeps counting it.
- A sale's segment is optional. It is one of the active segments (an edited sale may keep the
  retired one it has): picked in the sale form, or typed as ``segment:NAME`` in
  ``/sales result``, where a name not on the list is refused with the list shown.
- At a diagnosis's marketing step (``salesbot.evidence``) the segments the rest of the company
  sells in are compared with the subject's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from salesbot.access import Actor, require_admin
from salesbot.errors import Conflict, InvalidInput, NotFound
from salesbot.i18n import LANGUAGES, t
from salesbot.records import AuditTrail, SegmentRecord

# The segments a workspace starts with; their labels are ``segments.default.<key>``.
DEFAULT_SEGMENTS = ("public_sector", "hotels_restaurants", "offices", "retail", "other")
LABEL_MAX = 60

ADD_WORDS, RENAME_WORDS = ("add", "legg"), ("rename", "omdøp", "endre")
RETIRE_WORDS = ("retire", "fas", "fase")
LIST_WORDS = ("list", "liste")
# "legg til", "fas ut": the second word of the Norwegian verbs.
_PARTICLES = {"legg": "til", "fas": "ut", "fase": "ut"}
RENAME_SEPARATORS = ("to", "til")

# In a figure's or a note's params: the segment's key and stored label, named in the reader's
# language when shown (``named_params``), since a default has no stored label.
SEGMENT, SEGMENT_KEY = "segment", "segment_key"


class SegmentList(Protocol):
    """What reading the list needs of the store."""

    def segments(self) -> Sequence[SegmentRecord]: ...
    def seed_segments(self, keys: Sequence[str]) -> None: ...


class SegmentStore(SegmentList, AuditTrail, Protocol):
    """What editing the list needs of the store."""

    def add_segment(self, *, key: str, label: str) -> SegmentRecord: ...
    def segment_in_use(self, segment_id: int) -> bool: ...
    def delete_segment(self, segment_id: int) -> None: ...


# -- names ------------------------------------------------------------------------------------


def segment_label(segment: SegmentRecord, lang: str) -> str:
    """A default's label in the reader's language, unless an admin renamed it."""
    return label_of(segment.key, segment.label, lang)


def label_of(key: str, label: str, lang: str) -> str:
    return label or t(lang, f"segments.default.{key}")


def named_params(params: Mapping[str, object], lang: str) -> dict:
    """``params`` with a segment (kept as its key and stored label) named in ``lang``."""
    if SEGMENT_KEY not in params:
        return dict(params)
    return {**params, SEGMENT: label_of(str(params[SEGMENT_KEY]), str(params.get(SEGMENT) or ""), lang)}


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


# -- the list ---------------------------------------------------------------------------------


def segment_list(store: SegmentList, *, include_retired: bool = False) -> list[SegmentRecord]:
    """The workspace's segments, the defaults written the first time the list is asked for."""
    found = list(store.segments())
    if not found:
        store.seed_segments(DEFAULT_SEGMENTS)
        found = list(store.segments())
    return [segment for segment in found if include_retired or segment.active]


def segments_to_pick(store: SegmentList, *, keep_id: int | None = None) -> list[SegmentRecord]:
    """The active segments, and the one ``keep_id`` names even if retired (an edited sale's)."""
    return [s for s in segment_list(store, include_retired=True) if s.active or s.id == keep_id]


def _names(segment: SegmentRecord) -> set[str]:
    """What a segment is known by: its key, its label and its name in every language."""
    return {segment.key, _key(segment.label)} | {_key(segment_label(segment, lang)) for lang in LANGUAGES}


def _matches(segment: SegmentRecord, wanted: str) -> bool:
    return wanted in _names(segment)


def find_segment(store: SegmentList, name: str, *, include_retired: bool = False) -> SegmentRecord:
    """The segment called ``name`` in any language salesbot speaks, regardless of case."""
    wanted = _key(name)
    for segment in segment_list(store, include_retired=include_retired):
        if _matches(segment, wanted):
            return segment
    raise NotFound("segments.not_found", example="segments.usage", name=name)


class SaleSegments:
    """The active segments a sale may name, looked up by name (any language, any case) in one
    dict: an import checks each of its rows with it."""

    def __init__(self, active: Sequence[SegmentRecord], lang: str) -> None:
        self.lang = lang
        self.labels = [segment_label(segment, lang) for segment in active]
        self._by_name: dict[str, SegmentRecord] = {}
        for segment in active:
            for name in _names(segment):
                self._by_name.setdefault(name, segment)

    def get(self, name: str) -> SegmentRecord | None:
        return self._by_name.get(_key(name))

    @property
    def names(self) -> str:
        """The list as the reader sees it, for a refusal."""
        return ", ".join(self.labels)


def sale_segments(store: SegmentList, lang: str) -> SaleSegments:
    return SaleSegments(segment_list(store), lang)


def segment_for_sale(store: SegmentList, name: str, lang: str, *, field: str | None = None) -> SegmentRecord:
    """The active segment a typed sale names; anything else is refused with the list shown."""
    found = sale_segments(store, lang)
    segment = found.get(name)
    if segment is None:
        raise NotFound("segments.not_on_list", name=name, names=found.names, field=field)
    return segment


def choose_segment(
    store: SegmentList, segment_id: int, *, keep_id: int | None = None, field: str | None = None
) -> SegmentRecord:
    """The segment picked by id (from a form, or a button's value back from Slack): one on the
    active list, or the retired one an edited sale already has."""
    for segment in segments_to_pick(store, keep_id=keep_id):
        if segment.id == segment_id:
            return segment
    raise NotFound("segments.gone", field=field)


def _check_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise InvalidInput("segments.name_missing", example="segments.usage")
    if len(label) > LABEL_MAX:
        raise InvalidInput("segments.name_too_long", example="segments.usage", max=LABEL_MAX)
    return label


def _taken(store: SegmentList, label: str, but: int | None = None) -> SegmentRecord | None:
    try:
        segment = find_segment(store, label, include_retired=True)
    except NotFound:
        return None
    return None if segment.id == but else segment


def add_segment(store: SegmentStore, actor: Actor, label: str) -> SegmentRecord:
    """Adds a segment (a retired one of the same name is brought back)."""
    require_admin(actor, "segments add")
    label = _check_label(label)
    existing = _taken(store, label)
    if existing is not None:
        if existing.active:
            raise Conflict("segments.exists", name=label)
        existing.active = True
        store.audit(
            actor_id=actor.person_id, action="segment.restored", entity="segment", entity_id=existing.id
        )
        return existing
    segment = store.add_segment(key=_key(label), label=label)
    store.audit(actor_id=actor.person_id, action="segment.added", entity="segment", entity_id=segment.id)
    return segment


def rename_segment(store: SegmentStore, actor: Actor, old: str, new: str) -> SegmentRecord:
    """Renames a segment; its sales keep it (the key stays: a default stays a default)."""
    require_admin(actor, "segments rename")
    segment = find_segment(store, old, include_retired=True)
    new = _check_label(new)
    if _taken(store, new, but=segment.id) is not None:
        raise Conflict("segments.exists", name=new)
    before = segment.label
    segment.label = new
    store.audit(
        actor_id=actor.person_id,
        action="segment.renamed",
        entity="segment",
        entity_id=segment.id,
        old=before,
        new=new,
    )
    return segment


def retire_segment(store: SegmentStore, actor: Actor, name: str) -> tuple[str, bool]:
    """Takes a segment off the list: retired when a sale is in it (so it keeps counting), else
    deleted. Returns its label and whether it was kept as retired."""
    require_admin(actor, "segments retire")
    segment = find_segment(store, name)
    label = segment_label(segment, actor.lang)
    kept = store.segment_in_use(segment.id)
    if kept:
        segment.active = False
    else:
        store.delete_segment(segment.id)
    action = "segment.retired" if kept else "segment.deleted"
    store.audit(actor_id=actor.person_id, action=action, entity="segment", entity_id=segment.id)
    return label, kept


@dataclass(frozen=True)
class SegmentsCommand:
    action: str  # list | add | rename | retire
    name: str = ""
    new_name: str = ""


def parse_segments(text: str) -> SegmentsCommand:
    """``[add NAME | rename OLD to NEW | retire NAME]`` (nb ``legg til``, ``omdøp … til`` or
    ``endre … til``, ``fas ut``)."""
    words = text.split()
    if not words or (len(words) == 1 and words[0].casefold() in LIST_WORDS):
        return SegmentsCommand("list")
    verb, rest = words[0].casefold(), words[1:]
    if verb in _PARTICLES and rest and rest[0].casefold() == _PARTICLES[verb]:
        rest = rest[1:]
    if verb in ADD_WORDS:
        return SegmentsCommand("add", name=" ".join(rest))
    if verb in RETIRE_WORDS:
        if not rest:
            raise InvalidInput("segments.name_missing", example="segments.usage")
        return SegmentsCommand("retire", name=" ".join(rest))
    if verb in RENAME_WORDS:
        cut = next((i for i, w in enumerate(rest) if w.casefold() in RENAME_SEPARATORS and i), None)
        if cut is None or cut == len(rest) - 1:
            raise InvalidInput("segments.rename_form", example="segments.usage")
        return SegmentsCommand("rename", name=" ".join(rest[:cut]), new_name=" ".join(rest[cut + 1 :]))
    raise InvalidInput("segments.unknown", example="segments.usage", text=words[0])
