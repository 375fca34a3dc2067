"""« Mes marchés »: saving a project, re-running it on today's law, sharing it read-only."""

import secrets

from apure.obligations.draft import STATUS_LABELS

from .models import SavedProject


def summarise(result) -> dict:
    """What a saved project remembers of the recommender's answer, to compare it later."""
    sizing = result.insertion
    return {
        "segment": result.segment.label if result.segment else "",
        "heures": sizing.hours if sizing else None,
        "obligations": {
            item.code: {"title": item.title, "status": item.status} for item in result.obligations
        },
    }


def save(user, inputs: dict, clauses: list[str], result, project=None) -> SavedProject:
    """A new project of the user's body, or `project` updated (the caller checked the right)."""
    project = project or SavedProject(organisation_id=user.organisation_id, owner=user)
    project.title = result.draft.object
    project.inputs = inputs
    project.clauses = clauses
    project.summary = summarise(result)
    project.save()
    return project


def _label(status: str | None, missing: str) -> str:
    """The French word for a saved status, or `missing` when the rule gave none."""
    return STATUS_LABELS.get(status, status) if status else missing


def status_changes(saved: dict, current: dict) -> list[dict]:
    """Obligations whose status differs between the saved result and today's, in French."""
    before, now = saved.get("obligations", {}), current.get("obligations", {})
    changes = []
    for code, item in now.items():
        old = before.get(code, {}).get("status")
        if old != item["status"]:
            changes.append(
                {
                    "title": item["title"],
                    "before": _label(old, "absente"),
                    "now": _label(item["status"], "absente"),
                }
            )
    changes += [
        {"title": item["title"], "before": _label(item["status"], "absente"), "now": "retirée"}
        for code, item in before.items()
        if code not in now
    ]
    return changes


def share(project) -> str:
    if not project.share_token:
        project.share_token = secrets.token_urlsafe(32)
        project.save(update_fields=["share_token", "updated_at"])
    return project.share_token


def revoke(project):
    project.share_token = ""
    project.save(update_fields=["share_token", "updated_at"])
