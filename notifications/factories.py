import factory

from members.factories import UserFactory

from .models import EmailDigest, Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    recipient = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(UserFactory)
    kind = "community.reply"
    text = factory.Sequence(lambda n: f"Ada replied to your post “Post {n}”")
    url = factory.Sequence(lambda n: f"/community/posts/{n}/")

    class Meta:
        model = Notification


class EmailDigestFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)

    class Meta:
        model = EmailDigest
