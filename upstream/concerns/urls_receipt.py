from django.urls import path

from upstream.concerns.views import receipt

app_name = "receipt"
urlpatterns = [
    path("", receipt.lookup, name="lookup"),
    path("reply", receipt.reply, name="reply"),
]
