from django.shortcuts import render


def index(request):
    return render(request, "catalog/index.html")


def detail(request, pk):
    return render(request, "catalog/detail.html", {"pk": pk})
