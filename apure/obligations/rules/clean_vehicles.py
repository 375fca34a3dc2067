"""Low- and very-low-emission vehicles when renewing a fleet (L224-7 to L224-8-2 C. env.)."""

from apure.reference.legal import cpv_in, first

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult

CODE = "vehicules-faibles-emissions"
TITLE = "Véhicules à faibles et très faibles émissions"
REFERENCE = "Art. L224-7 à L224-8-2 du code de l'environnement"
# The yearly shares by buyer kind are not confirmed by our sources (docs/SOURCES.md §11.2): the rule
# names the duty and sends the buyer to the text for the figures.
SHARES_UNVERIFIED = (
    "Les parts minimales dépendent du type d'acheteur et de l'année\u00a0: elles ne sont pas "
    "confirmées dans nos sources, à vérifier dans le code de l'environnement."
)


def evaluate(draft):
    fleet = first("clean_vehicles_fleet_threshold")
    details = {"fleet_threshold": fleet.value, "certainty": fleet.certainty,
               "source": fleet.source, "shares_certainty": "U"}  # fmt: skip
    if cpv_in("clean_vehicles_bus_cpv_prefixes", draft.cpv, draft.launch_date):
        return RuleResult(
            CODE, TITLE, TO_CHECK, "Art. L224-8 du code de l'environnement",
            "Le renouvellement d'un parc d'autobus ou d'autocars comporte une part minimale de "
            "véhicules à faibles émissions. " + SHARES_UNVERIFIED,
            details=details,
        )  # fmt: skip
    if not cpv_in("clean_vehicles_light_cpv_prefixes", draft.cpv, draft.launch_date):
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, REFERENCE,
                          "Le code CPV ne relève pas de l'achat de véhicules légers ou "
                          "d'autobus.", details=details)  # fmt: skip
    duty = (
        f"L'acheteur qui gère une flotte de plus de {fleet.value} véhicules de moins de 3,5 t "
        "acquiert ou loue, lors de son renouvellement, une part minimale de véhicules à faibles "
        "et très faibles émissions (l'État, les collectivités et leurs groupements, les "
        "établissements publics et, depuis la loi Climat et résilience, les entités "
        "adjudicatrices). "
    )
    if draft.light_vehicle_fleet is None:
        return RuleResult(CODE, TITLE, TO_CHECK, REFERENCE,
                          duty + "Indiquez la taille de votre flotte de véhicules légers. "
                          + SHARES_UNVERIFIED, details=details)  # fmt: skip
    if draft.light_vehicle_fleet <= fleet.value:
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, REFERENCE,
                          f"Votre flotte ({draft.light_vehicle_fleet} véhicules légers) ne "
                          f"dépasse pas {fleet.value} véhicules\u00a0: pas de part minimale "
                          "imposée.", details=details)  # fmt: skip
    return RuleResult(CODE, TITLE, APPLICABLE, REFERENCE, duty + SHARES_UNVERIFIED,
                      details=details)  # fmt: skip
