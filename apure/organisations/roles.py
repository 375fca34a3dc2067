"""A person's role and the admin access that goes with it, set in one place (invitations,
demo data): facilitators edit the clause library, the network content and the member bodies
in the admin, never accounts; administrators manage everything."""

from django.contrib.auth.models import Permission

from .models import Role

FACILITATOR_APPS = ["clauses", "network", "organisations", "reuse"]


def give_role(user, role) -> None:
    user.role = role
    user.is_staff = role in (Role.FACILITATOR, Role.ADMINISTRATOR)
    user.is_superuser = role == Role.ADMINISTRATOR
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    if role == Role.FACILITATOR:
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=FACILITATOR_APPS).exclude(
                content_type__model="user"
            )
        )
    else:
        user.user_permissions.clear()
