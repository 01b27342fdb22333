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
