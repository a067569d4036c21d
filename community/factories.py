"""Community records for tests: posts, comments, likes, reports and mutes,
stored as they are (no access rules, no notifications), bodies rendered."""

from datetime import timedelta

from django.utils import timezone

import factory

from members.factories import UserFactory

from .markdown import markdown_render
from .models import Comment, Like, Mute, Post, Report


class PostFactory(factory.django.DjangoModelFactory):
    """A feed post; give `course` for a board post, `lesson` and its
    `course` for a lesson question."""

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Post {n}")
    body = factory.Sequence(lambda n: f"What post {n} says.")
    body_html = factory.LazyAttribute(lambda post: markdown_render(post.body))

    class Meta:
        model = Post
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(post, create, extracted, **kwargs):
        """`PostFactory(tags=["python", ...])`."""
        if create and extracted:
            post.tags.set(extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment on a new post; give `parent` (and its `post`) for a reply."""

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}.")
    body_html = factory.LazyAttribute(lambda comment: markdown_render(comment.body))

    class Meta:
        model = Comment


class LikeFactory(factory.django.DjangoModelFactory):
    """A like of a new post; give `comment` (and `post=None`) for a comment's."""

    user = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)

    class Meta:
        model = Like


class ReportFactory(factory.django.DjangoModelFactory):
    """A report on a new post; give `comment` (and `post=None`) for a comment's."""

    reporter = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)
    reason = Report.Reason.SPAM

    class Meta:
        model = Report


class MuteFactory(factory.django.DjangoModelFactory):
    """A site-wide mute for a day; give `course` for a course's."""

    user = factory.SubFactory(UserFactory)
    until = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))

    class Meta:
        model = Mute
