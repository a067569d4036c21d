"""
The media API's reads: the public list, one's own, one asset, and the links
to its files, for everyone who might ask.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from courses.models import Enrollment
from media_library.factories import MP4_BYTES, MediaAssetFactory, review, uploaded
from media_library.models import MediaAsset
from media_library.services import media_asset_hide
from members.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]

LIST_URL = reverse("api:media_list")
MINE_URL = reverse("api:media_mine")

# Those who look after the owner's media whatever its state.
CARETAKERS = {"owner", "teacher", "assigned_teacher", "moderator", "admin"}
EVERYONE = CARETAKERS | {"classmate", "other_student", "other_teacher", "anonymous"}


def detail_url(asset: MediaAsset) -> str:
    return reverse("api:media_detail", args=[asset.pk])


def made_public(asset: MediaAsset, django_capture_on_commit_callbacks) -> MediaAsset:
    """Approved, with its files moved to public storage."""
    with django_capture_on_commit_callbacks(execute=True):
        review(asset)
    return MediaAsset.objects.get(pk=asset.pk)


@pytest.fixture
def everyone(people, course):
    classmate = UserFactory()
    Enrollment.objects.create(user=classmate, course=course, source="free")
    return {**people, "classmate": classmate}


@pytest.fixture
def asset_in_state(student, course, django_capture_on_commit_callbacks):
    def make(state: str) -> MediaAsset:
        if state == "private":
            return MediaAssetFactory(owner=student, title="Secret sketch")
        if state == "course":
            return MediaAssetFactory(
                owner=student, title="Secret sketch", visibility="course", course=course
            )
        asset = MediaAssetFactory(
            owner=student, title="Secret sketch", visibility="public", course=course
        )
        if state == "in_review":
            return asset
        asset = made_public(asset, django_capture_on_commit_callbacks)
        if state == "hidden":
            with django_capture_on_commit_callbacks(execute=True):
                media_asset_hide(asset=asset, user=course.owner)
            asset.refresh_from_db()
        return asset

    return make


# One asset, and its files


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        ("private", CARETAKERS),
        ("course", CARETAKERS | {"classmate"}),
        # The course's teacher reviews it (here also the owner's teacher).
        ("in_review", CARETAKERS),
        ("public", EVERYONE),
        ("hidden", CARETAKERS),
    ],
)
def test_who_gets_an_asset_and_its_files(
    api_client, everyone, asset_in_state, state, allowed
):
    asset = asset_in_state(state)
    file_urls = _file_urls(api_client(everyone["owner"]).get(detail_url(asset)).json())

    for name, person in everyone.items():
        client = api_client(person)
        response = client.get(detail_url(asset))

        if name in allowed:
            assert response.status_code == 200, (state, name)
            assert response.json()["title"] == "Secret sketch"
            assert _file_urls(response.json()) == file_urls
        else:
            assert response.status_code == 404, (state, name)
            assert "Secret sketch" not in response.content.decode()
            assert response.json()["code"] == "not_found"
        # Public files are the web server's to serve (see the test below).
        gated_urls = [] if state == "public" else file_urls
        for url in gated_urls:
            assert _file_outcome(client, url) == (
                "allowed"
                if name in allowed
                else "sign in"
                if person is None
                else "refused"
            ), (state, name, url)


def _file_urls(body: dict) -> list[str]:
    urls = [body["file_url"], body["preview_url"], body["thumbnail_url"]]
    return [url for url in urls if url]


def _file_outcome(client, url: str) -> str:
    response = client.get(url)
    if response.status_code == 200:
        return "allowed"
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "sign in"
    assert response.status_code == 403, (url, response.status_code)
    return "refused"


def test_a_private_asset_links_to_the_files_view_that_asks_the_media_rule(
    api_client, student
):
    asset = MediaAssetFactory(owner=student)

    body = api_client(student).get(detail_url(asset)).json()

    assert body["file_url"] == "http://testserver" + reverse(
        "media_library:file", args=[asset.pk, "file"]
    )
    assert body["preview_url"] == "http://testserver" + reverse(
        "media_library:file", args=[asset.pk, "preview"]
    )
    assert body["thumbnail_url"] == "http://testserver" + reverse(
        "media_library:file", args=[asset.pk, "thumbnail"]
    )


def test_the_owner_fetches_a_private_file_with_the_token(api_client, student):
    asset = MediaAssetFactory(owner=student)
    client = api_client(student)
    file_url = client.get(detail_url(asset)).json()["file_url"]

    response = client.get(file_url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == asset.file.read()
    assert response["Cache-Control"].startswith("private")


def test_a_token_decides_who_asks_for_a_file_not_the_session(
    api_client, student, client
):
    asset = MediaAssetFactory(owner=student)
    file_url = reverse("media_library:file", args=[asset.pk, "file"])
    stranger = api_client(UserFactory())
    stranger.force_login(student)

    assert stranger.get(file_url).status_code == 403
    # The site's own pages keep working with the session alone.
    client.force_login(student)
    assert client.get(file_url).status_code == 200


def test_a_file_asked_for_with_a_bad_token_is_refused(client, student):
    asset = MediaAssetFactory(owner=student)
    client.force_login(student)

    response = client.get(
        reverse("media_library:file", args=[asset.pk, "file"]),
        headers={"Authorization": "Bearer not-a-token"},
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_approved_asset_links_to_its_public_files(
    api_client, student, django_capture_on_commit_callbacks, settings
):
    asset = made_public(
        MediaAssetFactory(owner=student, visibility="public"),
        django_capture_on_commit_callbacks,
    )

    body = api_client().get(detail_url(asset)).json()

    assert asset.stored_publicly
    assert (settings.MEDIA_ROOT / asset.file.name).exists()
    assert body["file_url"] == f"http://testserver/media/{asset.file.name}"
    assert body["thumbnail_url"] == f"http://testserver/media/{asset.thumbnail.name}"
    assert body["is_public"] is True
    assert body["state"] is None


def test_an_asset_links_to_its_page_owner_and_course(api_client, student, course):
    asset = MediaAssetFactory(
        owner=student,
        visibility="course",
        course=course,
        tags=["volcano", "science"],
        upload=uploaded("talk.mp4", MP4_BYTES),
    )

    body = api_client(student).get(detail_url(asset)).json()

    assert body["url"] == "http://testserver" + detail_url(asset)
    assert body["html_url"] == "http://testserver" + asset.get_absolute_url()
    assert body["owner"] == {
        "id": student.pk,
        "handle": student.handle,
        "display_name": student.name,
        "html_url": "http://testserver" + student.get_absolute_url(),
    }
    assert body["course"] == {
        "id": course.pk,
        "url": "http://testserver" + reverse("api:course_detail", args=[course.pk]),
        "title": course.title,
        "html_url": "http://testserver" + course.url,
    }
    assert sorted(body["tags"]) == ["science", "volcano"]
    assert (body["kind"], body["mime_type"]) == ("video", "video/mp4")
    assert body["preview_url"] is None
    assert body["thumbnail_url"] is None


def test_those_who_may_edit_an_asset_see_where_it_stands(
    api_client, student, teacher, course
):
    asset = MediaAssetFactory(owner=student, visibility="course", course=course)
    classmate = UserFactory()
    Enrollment.objects.create(user=classmate, course=course, source="free")

    for person in (student, teacher):
        assert api_client(person).get(detail_url(asset)).json()["state"] == {
            "code": "course",
            "label": f"Shared with {course.title}",
            "comment": "",
        }
    assert api_client(classmate).get(detail_url(asset)).json()["state"] is None


def test_an_asset_that_is_not_there_is_not_found(api_client, student):
    response = api_client(student).get(reverse("api:media_detail", args=[987654]))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    # An id past what the database stores is refused before it is looked up.
    beyond = api_client(student).get(reverse("api:media_detail", args=[2**63]))
    assert (beyond.status_code, beyond.json()["code"]) == (422, "invalid")


# The public list


def test_the_public_list_has_only_approved_public_media(
    api_client, asset_in_state, student
):
    public = asset_in_state("public")
    for state in ("private", "course", "in_review", "hidden"):
        asset_in_state(state)

    for person in (None, student):
        body = api_client(person).get(LIST_URL).json()

        assert body["count"] == 1
        assert [item["id"] for item in body["results"]] == [public.pk]


@pytest.fixture
def catalog(student, course, django_capture_on_commit_callbacks):
    """Public media of two kinds and uploaders, and a tag."""
    other = UserFactory(email_verified=True, display_name="Grace Hopper")
    assets = {
        "river": MediaAssetFactory(
            owner=student, visibility="public", title="River at dawn", course=course
        ),
        "talk": MediaAssetFactory(
            owner=other,
            visibility="public",
            title="Compilers talk",
            upload=uploaded("talk.mp4", MP4_BYTES),
            tags=["computing"],
        ),
    }
    return {
        name: made_public(asset, django_capture_on_commit_callbacks)
        for name, asset in assets.items()
    } | {"other": other, "course": course}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (lambda c: {}, ["talk", "river"]),
        (lambda c: {"kind": "video"}, ["talk"]),
        (lambda c: {"q": "river"}, ["river"]),
        (lambda c: {"q": "compil"}, ["talk"]),
        (lambda c: {"uploader": "grace hop"}, ["talk"]),
        (lambda c: {"uploader": str(c["other"].pk)}, ["talk"]),
        (lambda c: {"tag": "computing"}, ["talk"]),
        (lambda c: {"course": c["course"].pk}, ["river"]),
        (lambda c: {"subject": c["course"].subject.slug}, ["river"]),
        (lambda c: {"q": "river", "kind": "video"}, []),
        # A number larger than any id matches nobody.
        (lambda c: {"uploader": "9" * 30}, []),
    ],
)
def test_the_public_list_filters_as_the_media_page_does(
    api_client, catalog, query, expected
):
    body = api_client().get(LIST_URL, query(catalog)).json()

    assert [item["title"] for item in body["results"]] == [
        catalog[name].title for name in expected
    ]
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "spreadsheet"},
        {"tag": "not a slug"},
        {"q": "x" * 101},
        {"course": str(2**64)},
    ],
)
def test_the_public_list_refuses_filters_that_are_not_valid(api_client, query):
    response = api_client().get(LIST_URL, query)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_the_public_list_refuses_null_characters(api_client):
    response = api_client().get(LIST_URL, {"uploader": "a\x00b"})

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "uploader": ["Null characters are not allowed."]
    }


def test_the_public_list_comes_a_page_at_a_time(
    api_client, student, django_capture_on_commit_callbacks
):
    for number in range(3):
        made_public(
            MediaAssetFactory(
                owner=student, visibility="public", title=f"Shot {number}"
            ),
            django_capture_on_commit_callbacks,
        )

    first = api_client().get(LIST_URL, {"page_size": 2}).json()
    second = api_client().get(first["next"]).json()

    assert first["count"] == 3
    assert [item["title"] for item in first["results"]] == ["Shot 2", "Shot 1"]
    assert [item["title"] for item in second["results"]] == ["Shot 0"]
    assert second["next"] is None


def _queries(client, url: str, data: dict | None = None) -> int:
    """The queries of a request once the first has filled the caches (content
    types, the site's root paths)."""
    client.get(url, data)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("search", [{}, {"q": "shot"}])
def test_the_public_list_query_count_stays_flat(
    api_client, django_capture_on_commit_callbacks, search
):
    client = api_client()
    counts = []
    for size in (2, 6):
        while MediaAsset.objects.count() < size:
            made_public(
                MediaAssetFactory(
                    owner=UserFactory(email_verified=True),
                    visibility="public",
                    title="Shot",
                    tags=["one", "two"],
                ),
                django_capture_on_commit_callbacks,
            )
        counts.append(_queries(client, LIST_URL, search))

    assert counts[0] == counts[1]
    assert client.get(LIST_URL, search).json()["count"] == 6


# One's own media


def test_my_media_needs_a_token(api_client):
    response = api_client().get(MINE_URL)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_my_media_lists_only_mine_with_where_each_stands(
    api_client, student, course, teacher, django_capture_on_commit_callbacks
):
    MediaAssetFactory(owner=student, title="Kept")
    MediaAssetFactory(owner=student, title="Shared", visibility="course", course=course)
    MediaAssetFactory(owner=student, title="Waiting", visibility="public")
    refused = MediaAssetFactory(owner=student, title="Refused", visibility="public")
    review(refused, "reject", comment="Too dark to see anything.")
    approved = made_public(
        MediaAssetFactory(owner=student, title="Approved", visibility="public"),
        django_capture_on_commit_callbacks,
    )
    hidden = MediaAssetFactory(owner=student, title="Hidden")
    media_asset_hide(asset=hidden, user=teacher)
    MediaAssetFactory(title="Someone else's")

    body = api_client(student).get(MINE_URL).json()

    states = {item["title"]: item["state"] for item in body["results"]}
    assert body["count"] == 6
    assert {title: state["code"] for title, state in states.items()} == {
        "Kept": "private",
        "Shared": "course",
        "Waiting": "in_review",
        "Refused": "rejected",
        "Approved": "public",
        "Hidden": "hidden",
    }
    assert states["Refused"]["comment"] == "Too dark to see anything."
    assert states["Hidden"]["label"] == "Hidden by a teacher"
    assert approved.stored_publicly


def test_my_media_query_count_stays_flat(api_client, student, course):
    client = api_client(student)
    counts = []
    for size in (2, 6):
        while MediaAsset.objects.count() < size:
            MediaAssetFactory(
                owner=student,
                visibility="public" if MediaAsset.objects.count() % 2 else "course",
                course=course,
                tags=["one", "two"],
            )
        counts.append(_queries(client, MINE_URL))

    assert counts[0] == counts[1]
