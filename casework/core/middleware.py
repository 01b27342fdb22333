from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    """Pages shown to a signed-in user may hold personal data, and so does any answer to a
    form sent (a public form re-rendered with what the person typed, a failed sign-in with their
    email address): browsers and proxies must not keep a copy (`Cache-Control: no-store`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.method not in ("GET", "HEAD", "OPTIONS"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


UNSTORABLE = (
    "What was sent contains a character that cannot be stored (a NUL byte, often pasted from "
    "another program by mistake). Remove it and try again"
)


def _has_nul(data) -> str | None:
    for key, values in data.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return key.replace("\x00", "")
    return None


class RejectUnstorableInputMiddleware:
    """A NUL byte in a query string, a form or a path answers 400 with a clear message: the
    database (PostgreSQL) cannot store one, and would otherwise fail with a 500. JSON bodies
    are checked by the API's parser (casework.core.parsers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = None
        if "\x00" in request.path:
            field = "path"
        else:
            field = _has_nul(request.GET)
            if field is None and request.method == "POST" and not _is_json(request):
                field = _has_nul(request.POST)
        if field is not None:
            return _bad_request(request, UNSTORABLE)
        return self.get_response(request)


def _is_json(request) -> bool:
    return request.content_type == "application/json"


def _bad_request(request, message: str):
    from django.http import JsonResponse
    from django.shortcuts import render

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "casework/400.html", {"message": message}, status=400)
