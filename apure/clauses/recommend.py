"""The recommender: obligations, ranked clauses, insertion sizing and peers for a draft."""

from dataclasses import dataclass, field

from apure import obligations, search
from apure.obligations import APPLICABLE, NOT_APPLICABLE, ContractDraft
from apure.obligations.draft import nature_from_cpv

from . import cpv as cpv_lookup
from .models import Clause, Kind, Segment
from .peers import peer_practice
from .segments import rank_segments, segment_for
from .sizing import size_insertion

ENVIRONMENTAL_THEMES = {"climat", "economie-circulaire", "biodiversite", "eau", "alimentation",
                        "cout-du-cycle-de-vie", "sobriete-numerique"}  # fmt: skip
SOCIAL_THEMES = {"insertion", "handicap", "ess"}
MAX_CLAUSES = 30
# How many clauses are ticked for the document by default: enough to start a file, few enough
# for the buyer to read them all; the others stay listed, ranked, one click away.
PRESELECT_MAX = 6


@dataclass
class RankedClause:
    clause: Clause
    score: int
    reasons: list[str] = field(default_factory=list)
    # Points earned because an obligation of this contract calls for the clause.
    obligation_points: int = 0
    preselected: bool = False

    def serves(self, segment) -> bool:
        """Whether the clause is one of the segment's own, or a transversal one that applies."""
        clause_segments = self.clause.segments.all()
        if segment is not None and segment in clause_segments:
            return True
        return not clause_segments and self.obligation_points > 0

    def as_dict(self):
        return {
            "id": self.clause.slug,
            "title": self.clause.title,
            "kind": self.clause.kind,
            "score": self.score,
            "reasons": self.reasons,
            "legal_basis": self.clause.legal_basis_list,
            "preselectionnee": self.preselected,
        }


@dataclass
class Recommendation:
    draft: ContractDraft
    cpv_label: str
    cpv_guessed: bool
    segment: Segment | None
    obligations: list
    clauses: list[RankedClause]
    insertion: object
    peers: object

    def as_dict(self):
        return {
            "contrat": {
                "objet": self.draft.object,
                "cpv": self.draft.cpv,
                "cpv_libelle": self.cpv_label,
                "cpv_devine": self.cpv_guessed,
                "nature": self.draft.nature,
                "montant_ht": self.draft.amount_ht,
                "acheteur_type": self.draft.buyer_kind,
                "date_lancement": self.draft.launch_date.isoformat(),
            },
            "segment": {"code": self.segment.code, "label": self.segment.label}
            if self.segment
            else None,
            "obligations": [result.as_dict() for result in self.obligations],
            "clauses": [ranked.as_dict() for ranked in self.clauses],
            "insertion": self.insertion.as_dict() if self.insertion else None,
            "pratique_des_pairs": self.peers.as_dict() if self.peers else None,
        }


def _statuses(results):
    return {result.code: result.status for result in results}


def _boosts(clause, themes, statuses, draft):
    """(points, reason) pairs earned by a clause because an obligation calls for it."""
    boosts = []
    environmental = bool(themes & ENVIRONMENTAL_THEMES)
    social = bool(themes & SOCIAL_THEMES)
    if (
        statuses.get("critere-environnemental") == APPLICABLE
        and clause.kind == Kind.AWARD_CRITERION
        and environmental
    ):
        boosts.append((20, "Répond au critère environnemental obligatoire"))
    if (
        statuses.get("condition-environnementale") != NOT_APPLICABLE
        and clause.kind == Kind.EXECUTION_CONDITION
        and environmental
    ):
        boosts.append((15, "Répond à la condition d'exécution environnementale"))
    if statuses.get("condition-sociale") != NOT_APPLICABLE and (
        clause.kind == Kind.EXECUTION_CONDITION and social
    ):
        boosts.append((20, "Répond à la condition d'exécution sociale"))
    if statuses.get("agec-reemploi") != NOT_APPLICABLE and "economie-circulaire" in themes:
        boosts.append((10, "Aide à atteindre les taux de réemploi (loi AGEC)"))
    if statuses.get("diagnostic-pemd") != NOT_APPLICABLE and "economie-circulaire" in themes:
        boosts.append((5, "Prolonge le diagnostic PEMD"))
    # An ESS reservation (L2113-15) is lawful for a short list of services only: offering it
    # first for a consulting study would lead the buyer into an unlawful reservation.
    if (
        statuses.get("reservation-ess") == NOT_APPLICABLE
        and clause.kind == Kind.RESERVED
        and any("L2113-15" in basis for basis in clause.legal_basis_list)
    ):
        boosts.append((-40, "Réservation à l'ESS non ouverte pour ce code CPV"))
    return boosts


def _text_relevance(text):
    """Relevance in [0, 1] of each published clause to the object text, word by word.

    Words are searched one at a time: an object has more words than any clause shares with it.
    """
    totals = {}
    for word in dict.fromkeys(search.normalise(text or "")):
        for hit in search.query(word, [Clause]):
            totals[hit.pk] = totals.get(hit.pk, 0) + hit.score
    top = max(totals.values(), default=0)
    return {pk: score / top for pk, score in totals.items()} if top else {}


def rank_clauses(draft, segment, results, neighbours=()) -> list[RankedClause]:
    statuses = _statuses(results)
    published = Clause.objects.published().prefetch_related("themes", "segments")
    relevance = _text_relevance(draft.object)
    segments = [s for s in [segment, *neighbours] if s is not None]
    candidates = list(published.filter(segments__in=segments).distinct()) if segments else []
    candidates += list(published.transversal())
    seen = {clause.pk for clause in candidates}
    strong = [pk for pk, value in relevance.items() if value >= 0.5]
    # Clauses found by the object's words alone must at least serve the same nature of purchase.
    text_only = published.filter(pk__in=strong)
    if draft.nature:
        text_only = text_only.filter(segments__nature=draft.nature).distinct()
    candidates += [c for c in text_only if c.pk not in seen]
    ranked = []
    for clause in candidates:
        themes = {theme.code for theme in clause.themes.all()}
        clause_segments = set(clause.segments.all())
        score, reasons = 0, []
        if segment is not None and segment in clause_segments:
            score += 40
            reasons.append(f"Clause du segment « {segment.label} »")
        elif not clause_segments:
            score += 20
            reasons.append("Clause transversale, valable pour tous les achats")
        elif clause_segments & set(neighbours):
            score += 25
            names = ", ".join(sorted(s.label for s in clause_segments & set(neighbours)))
            reasons.append(f"Clause d'un segment proche de l'objet\u00a0: {names}")
        value = relevance.get(str(clause.pk), 0)
        if value:
            score += round(20 * value)
            reasons.append("Proche de l'objet du marché")
        obligation_points = 0
        for points, reason in _boosts(clause, themes, statuses, draft):
            score += points
            obligation_points += points
            reasons.append(reason)
        score += {"facile": 5, "intermediaire": 2}.get(clause.difficulty, 0)
        if (
            clause.min_amount is not None
            and draft.amount_ht is not None
            and draft.amount_ht < clause.min_amount
        ):
            score -= 30
            reasons.append("Montant inférieur au minimum conseillé pour cette clause")
        ranked.append(RankedClause(clause, max(0, min(100, score)), reasons, obligation_points))
    ranked.sort(key=lambda r: (-r.score, r.clause.title))
    ranked = ranked[:MAX_CLAUSES]
    preselect(ranked, segment)
    return ranked


def preselect(ranked, segment):
    """Tick the best clauses that serve the project's segment, at most PRESELECT_MAX.

    Clauses of neighbouring segments, or found by the object's words alone, stay unticked: a
    catering contract must not start with the collect of used phones.
    """
    for item in [r for r in ranked if r.score > 0 and r.serves(segment)][:PRESELECT_MAX]:
        item.preselected = True


def _text_segments(draft):
    """Segments the object's words point to, of the purchase's nature, best first.

    The nature is the one given, else the one the words announce (kept only if some segment
    of that nature matches). Segments scoring under half the best are too loosely related to
    lend their clauses: « locaux » must not bring catering into office cleaning.
    """
    ranked = rank_segments(draft.object)
    nature = draft.nature or cpv_lookup.nature_hint(draft.object)
    of_nature = [(s, score) for s, score in ranked if nature is None or nature in s.natures]
    if draft.nature is None and not of_nature:
        of_nature = ranked
    top = of_nature[0][1] if of_nature else 0
    return [s for s, score in of_nature if score >= top / 2]


def _divisions_of(nature) -> list[str] | None:
    """The two-digit CPV divisions of a nature of purchase (None: any)."""
    if nature is None:
        return None
    divisions = [f"{number:02d}" for number in range(100)]
    return [d for d in divisions if nature_from_cpv(d.ljust(8, "0")) == nature]


def resolve(draft):
    """(CPV code, guessed?, segment, neighbour segments) of a draft; fills in its CPV and nature."""
    text_segments = _text_segments(draft)
    if draft.cpv:
        code = cpv_lookup.lookup(draft.cpv)
        segment = segment_for(draft.cpv)
        guessed = False
    else:
        segment = text_segments[0] if text_segments else None
        if segment is not None:
            nature = draft.nature or cpv_lookup.nature_hint(draft.object)
            code = cpv_lookup.guess_in_segment(draft.object, segment.cpv_prefixes, nature)
        else:
            # « achat de bus » is a supply: the guess must not land on bus-station works.
            nature = draft.nature or cpv_lookup.nature_hint(draft.object)
            code = cpv_lookup.guess(draft.object, prefixes=_divisions_of(nature))
            segment = segment_for(code.code) if code else None
        guessed = code is not None
        if code is not None:
            draft.cpv = code.code
            if draft.nature is None:
                draft.nature = nature_from_cpv(code.code)
    # Neighbours share the nature of the purchase: « scolaire » must not bring furniture
    # clauses into a school-catering contract.
    nature = draft.nature or (segment.nature if segment else None)
    neighbours = [
        s for s in text_segments if s != segment and (nature is None or nature in s.natures)
    ][:2]
    return code, guessed, segment, neighbours


def recommend(draft, labour_share=None, rate=None, hourly_cost=None) -> Recommendation:
    """Everything the recommender page, its documents and the command show for one draft."""
    code, guessed, segment, neighbours = resolve(draft)
    results = obligations.evaluate(draft)
    insertion = (
        size_insertion(
            draft.amount_ht,
            segment,
            labour_share,
            rate,
            hourly_cost,
            nature=draft.nature or cpv_lookup.nature_hint(draft.object),
            object_text=draft.object,
            duration_months=draft.duration_months,
        )  # fmt: skip
        if draft.amount_ht
        else None
    )
    return Recommendation(
        draft=draft,
        cpv_label=code.label if code else "",
        cpv_guessed=guessed,
        segment=segment,
        obligations=results,
        clauses=rank_clauses(draft, segment, results, neighbours),
        insertion=insertion,
        peers=peer_practice(segment.code) if segment else None,
    )
