"""Practice of peers: how often contracts of a segment carry a clause, in Hauts-de-France."""

from dataclasses import dataclass

from apure.decp import store

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
        return round(100 * yes / known) if known else None

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


def peer_practice(cpv_prefixes, region=HAUTS_DE_FRANCE) -> PeerPractice | None:
    """Shares among the region's contracts whose CPV starts with a prefix; None without data."""
    if not cpv_prefixes:
        return None
    cursor = store.cursor()
    if cursor is None:
        return None
    condition = " OR ".join("starts_with(cpv, ?)" for _ in cpv_prefixes)
    row = cursor.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE environmental IN ('yes', 'no')),
               count(*) FILTER (WHERE environmental = 'yes'),
               count(*) FILTER (WHERE social IN ('yes', 'no')),
               count(*) FILTER (WHERE social = 'yes')
        FROM contracts
        WHERE coalesce(region, buyer_region) = ? AND ({condition})
        """,  # noqa: S608 - only placeholders are interpolated
        [region, *cpv_prefixes],
    ).fetchone()
    return PeerPractice(*row)
