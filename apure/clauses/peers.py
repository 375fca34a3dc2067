"""Practice of peers: how often contracts of a segment carry a clause, in Hauts-de-France."""

from dataclasses import dataclass

from apure.observatory import aggregates, segments
from apure.observatory.filters import Filters

HAUTS_DE_FRANCE = "32"


@dataclass
class PeerPractice:
    contracts: int
    environmental_known: int
    environmental_yes: int
    social_known: int
    social_yes: int

    @staticmethod
    def _share(yes, known):
        # The observatory's one small-sample rule: no share on fewer than MIN_KNOWN contracts.
        share = aggregates.known_share(yes, known, known)
        return round(100 * share) if share is not None else None

    @property
    def environmental_share(self):
        return self._share(self.environmental_yes, self.environmental_known)

    @property
    def social_share(self):
        return self._share(self.social_yes, self.social_known)

    def as_dict(self):
        return {
            "contrats": self.contracts,
            "part_environnementale": self.environmental_share,
            "contrats_environnement_connu": self.environmental_known,
            "part_sociale": self.social_share,
            "contrats_social_connu": self.social_known,
        }


def peer_practice(segment_code, region=HAUTS_DE_FRANCE) -> PeerPractice | None:
    """Shares among the region's contracts of a segment; None without data.

    The observatory computes them (same population, same territory rule, test records left
    out), so that the recommender and the observatory's segment page give the same figure.
    """
    if segments.get(segment_code) is None:
        return None
    total = aggregates.totals(Filters.build(region=region, segment=segment_code))
    if total is None:
        return None
    social, environmental = total["social"], total["environmental"]
    return PeerPractice(
        contracts=total["contracts"],
        environmental_known=environmental["known"],
        environmental_yes=environmental["yes"],
        social_known=social["known"],
        social_yes=social["yes"],
    )
