from django.shortcuts import render

from floor_django.models import Row


def rows(request, thread_id):
    count = int(request.GET.get("n", "200"))
    posts = Row.objects.filter(thread_id=thread_id).order_by("created", "id")[:count]
    return render(request, "floor/rows.html", {"posts": posts})
