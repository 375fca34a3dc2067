"""A project as the buyer typed it (query parameters or saved inputs) run through the recommender.

The page, its documents and the saved projects all go through `run`: every figure a document
prints comes from this computation, never from values a URL carries.
"""

from dataclasses import dataclass

from apure.obligations import ContractDraft

from .cpv import resolve_input
from .draft_form import RecommendForm
from .recommend import Recommendation, recommend

# The parameters of a project: the recommender form's fields.
PROJECT_FIELDS = tuple(RecommendForm.base_fields)


@dataclass
class ProjectRun:
    form: RecommendForm
    result: Recommendation | None = None
    # The CPV entry names no code: the buyer must choose among these first.
    choose_cpv: bool = False
    no_cpv_match: bool = False


def project_inputs(data) -> dict:
    """The project's own parameters among a request's (clauses, format… left out)."""
    return {name: data.get(name, "") for name in PROJECT_FIELDS if data.get(name, "") != ""}


def run(data) -> ProjectRun:
    code, options = resolve_input(data.get("cpv", ""), data.get("cpv_choice", ""),
                                  data.get("objet", ""))  # fmt: skip
    form = RecommendForm(data, cpv_options=options)
    if not form.is_valid():
        return ProjectRun(form)
    if options:
        return ProjectRun(form, choose_cpv=True)
    draft = ContractDraft(cpv=code.code if code else None, **form.draft_arguments())
    return ProjectRun(
        form,
        result=recommend(draft, **form.sizing_arguments()),
        no_cpv_match=bool(form.cleaned_data["cpv"] and code is None),
    )
