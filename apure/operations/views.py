from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import ERROR, run_checks


@never_cache
@require_safe
def health(request):
    """/sante/: 200 while the site can serve (ok or degraded), 503 otherwise."""
    result = run_checks()
    status = 503 if result["status"] == ERROR else 200
    return JsonResponse(result, status=status, json_dumps_params={"ensure_ascii": False})
