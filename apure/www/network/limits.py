"""How often visitors may ask the site to send e-mails (event registrations, newsletter).

Each request sends a message to the typed address, so without a bound the forms could flood a
mailbox or fill events with made-up people. Counted per client and per address in the database
(apure/operations/throttle.py, the site's one rate limit), shared by every web process."""

from apure.operations import throttle

# Per client (its address, or its IPv6 network), in throttle's window of 15 minutes: a person
# registers a few colleagues, not dozens of people.
VISITOR_REGISTRATIONS_PER_CLIENT = 10
# Per typed address, whoever types it: the mailbox's owner does not get more than this.
VISITOR_REGISTRATIONS_PER_ADDRESS = 5
# Newsletter sign-ups per client (each address also gets at most one e-mail per 15 minutes,
# see apure.network.newsletter.CONFIRMATION_RESEND_AFTER).
SUBSCRIPTIONS_PER_CLIENT = 10

REFUSED_MESSAGE = (
    "Trop de demandes en peu de temps depuis votre connexion ou pour cette adresse\u00a0: rien n'a "
    "été envoyé. Réessayez dans 15 minutes."
)


def visitor_registration_allowed(request, email) -> bool:
    return throttle.allow_client(
        request, "event-registration", VISITOR_REGISTRATIONS_PER_CLIENT
    ) and throttle.allow("event-registration", email, VISITOR_REGISTRATIONS_PER_ADDRESS)


def subscription_allowed(request) -> bool:
    return throttle.allow_client(request, "newsletter-subscription", SUBSCRIPTIONS_PER_CLIENT)
