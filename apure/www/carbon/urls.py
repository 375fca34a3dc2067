from django.urls import path

from . import views

app_name = "carbon"

urlpatterns = [
    path("", views.method, name="method"),
]
