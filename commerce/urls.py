from django.urls import path

from . import views

app_name = "commerce"

urlpatterns = [
    path("courses/<int:course_id>/buy/", views.course_checkout, name="course_checkout"),
    path("courses/<int:course_id>/buy/mpesa/", views.course_mpesa, name="course_mpesa"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:plan_id>/buy/", views.plan_checkout, name="plan_checkout"),
    path("donate/<int:recipient_id>/", views.donate, name="donate"),
    path("orders/<uuid:public_id>/", views.order, name="order"),
    path("donations/received/", views.donations_received, name="donations_received"),
    path("donations/<uuid:public_id>/", views.donation, name="donation"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("mpesa/callback/<str:token>/", views.mpesa_callback, name="mpesa_callback"),
]
