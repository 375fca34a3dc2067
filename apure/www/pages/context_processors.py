from django.conf import settings

# The four pillars of the platform, in the order of the main navigation.
NAVIGATION = [
    ("observatory:home", "Observatoire", "/observatoire/"),
    ("clauses:home", "Clauses", "/clauses/"),
    ("network:home", "Réseau", "/reseau/"),
    ("pages:tools", "Outils", "/outils/"),
]


def site(request):
    path = request.path
    return {
        "site_name": settings.SITE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "navigation": [
            {"url_name": name, "label": label, "current": path.startswith(prefix)}
            for name, label, prefix in NAVIGATION
        ],
    }
