from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "casework/404.html", status=404)


def forbidden(request, exception=None):
    message = str(exception) if exception else ""
    return render(request, "casework/403.html", {"message": message}, status=403)


def server_error(request):
    return render(request, "casework/500.html", status=500)
