from django.shortcuts import render

from apure.carbon import pages


def method(request):
    return render(request, "carbon/method.html", pages.method_page())
