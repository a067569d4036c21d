from io import BytesIO

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

import pytest
from PIL import Image

from media_library.factories import MediaAssetFactory, review
from members.factories import TeacherFactory, UserFactory
from members.models import User

pytestmark = pytest.mark.django_db

EDIT_URL = "/accounts/profile/"


def image_upload(name="me.jpg", size=(800, 600), image_format="JPEG", exif=None):
    buffer = BytesIO()
    save_options = {"exif": exif} if exif else {}
    Image.new("RGB", size, "teal").save(buffer, image_format, **save_options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def profile_data(**extra):
    return {
        "display_name": "Baraka O.",
        "handle": "baraka_o",
        "bio": "I teach chemistry.",
        "phone_number": "+254712345678",
        **extra,
    }


def test_member_edits_their_profile(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(EDIT_URL, profile_data(profile_is_public="on"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Baraka O."
    assert user.bio == "I teach chemistry."
    assert user.phone_number == "+254712345678"
    assert user.profile_is_public


def test_profile_edit_needs_login(client):
    response = client.get(EDIT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_tampered_fields_cannot_change_another_user_or_the_role(client):
    user, other = UserFactory(), UserFactory(display_name="Untouched")
    client.force_login(user)

    client.post(
        EDIT_URL,
        profile_data(id=other.pk, pk=other.pk, email=other.email, role="admin"),
    )

    other.refresh_from_db()
    user.refresh_from_db()
    assert other.display_name == "Untouched"
    assert user.display_name == "Baraka O."
    assert user.role == User.Role.STUDENT
    assert user.email != other.email


@pytest.mark.parametrize(
    "phone", ["0712345678", "+2547", "phone me", "+25471234567890123"]
)
def test_phone_number_must_be_e164(client, phone):
    user = UserFactory(display_name="Before")
    client.force_login(user)

    response = client.post(EDIT_URL, profile_data(phone_number=phone))

    assert response.status_code == 400
    assert "Enter a valid phone number" in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Before"
    assert not user.phone_number


def test_profile_form_says_where_the_shown_name_comes_from(client):
    client.force_login(UserFactory())

    form = client.get(EDIT_URL).context["form"]

    assert form["display_name"].help_text == (
        "Others see this name wherever you appear: on your profile, "
        "in courses and in chats."
    )


def test_an_account_that_never_chose_a_name_is_offered_the_one_others_see(client):
    user = UserFactory(first_name="Wanjiru", last_name="Kamau", display_name="")
    client.force_login(user)

    form = client.get(EDIT_URL).context["form"]

    assert form["display_name"].value() == "Wanjiru Kamau" == user.name


def test_profile_keeps_the_name_when_it_is_blanked(client):
    user = UserFactory(display_name="Before")
    client.force_login(user)

    response = client.post(EDIT_URL, profile_data(display_name="  "))

    assert response.status_code == 400
    assert response.context["form"].errors["display_name"] == [
        "Enter your name: it is how others see you on Lectern."
    ]
    user.refresh_from_db()
    assert user.display_name == "Before"


def test_a_member_without_a_name_is_neither_numbered_nor_shown_by_email(client):
    nameless = TeacherFactory(first_name="", last_name="", display_name="")

    content = client.get(f"/people/{nameless.pk}/").content.decode()

    assert str(nameless) == "Unnamed member"
    assert "<h1" in content
    assert "Unnamed member" in content
    assert f"Member {nameless.pk}" not in content
    assert nameless.email not in content


def test_avatar_is_cropped_square_and_stripped_of_metadata(client, settings):
    user = UserFactory()
    client.force_login(user)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make

    client.post(EDIT_URL, {**profile_data(), "avatar": image_upload(exif=exif)})

    user.refresh_from_db()
    with Image.open(user.avatar) as saved:
        assert saved.size == (settings.AVATAR_SIZE, settings.AVATAR_SIZE)
        assert not saved.getexif()
    assert "me.jpg" not in user.avatar.name


def test_replacing_or_clearing_an_avatar_removes_the_old_file(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client.force_login(user)
    client.post(EDIT_URL, {**profile_data(), "avatar": image_upload()})
    user.refresh_from_db()
    first = user.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(EDIT_URL, {**profile_data(), "avatar": image_upload("new.png")})
    user.refresh_from_db()
    second = user.avatar.name
    assert second != first
    assert not default_storage.exists(first)
    assert default_storage.exists(second)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(EDIT_URL, {**profile_data(), "avatar-clear": "on"})
    user.refresh_from_db()
    assert not user.avatar
    assert not default_storage.exists(second)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("me.png", b"", content_type="image/png"), "empty"),
        (
            SimpleUploadedFile(
                "me.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg"
            ),
            "Upload a valid image",
        ),
        (
            SimpleUploadedFile("me.txt", b"just some text", content_type="text/plain"),
            "Upload a valid image",
        ),
    ],
)
def test_bad_avatar_is_refused_and_the_old_one_kept(client, upload, message):
    user = UserFactory()
    client.force_login(user)
    client.post(EDIT_URL, {**profile_data(), "avatar": image_upload()})
    user.refresh_from_db()
    kept = user.avatar.name

    response = client.post(EDIT_URL, {**profile_data(bio="Changed"), "avatar": upload})

    assert response.status_code == 400
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.avatar.name == kept
    assert user.bio == "I teach chemistry."
    assert default_storage.exists(kept)


@override_settings(AVATAR_MAX_UPLOAD_SIZE=1000)
def test_oversized_avatar_is_refused(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(EDIT_URL, {**profile_data(), "avatar": image_upload()})

    assert "avatars may be at most" in response.content.decode()
    user.refresh_from_db()
    assert not user.avatar


@override_settings(AVATAR_MAX_PIXELS=10_000)
def test_avatar_with_too_many_pixels_is_refused(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        EDIT_URL, {**profile_data(), "avatar": image_upload(size=(200, 200))}
    )

    assert "too many pixels" in response.content.decode()


def test_signup_takes_a_display_name_and_an_avatar(client, home_page):
    client.post(
        "/accounts/signup/",
        {
            "email": "imani@example.com",
            "display_name": "Imani",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "avatar": image_upload(),
        },
    )

    user = User.objects.get(email="imani@example.com")
    assert user.display_name == "Imani"
    assert user.avatar
    assert user.role == User.Role.STUDENT


def test_teacher_profile_is_public(client):
    teacher = TeacherFactory(display_name="Ms. Njeri", bio="Physics, mostly.")

    content = client.get(f"/people/{teacher.pk}/").content.decode()

    assert "Ms. Njeri" in content
    assert "Physics, mostly." in content
    assert teacher.email not in content


def test_student_bio_shows_only_when_they_make_it_public(client):
    student = UserFactory(display_name="Otieno", bio="Learning Python.")

    content = client.get(f"/people/{student.pk}/").content.decode()
    assert "Otieno" in content
    assert "Learning Python." not in content
    assert "keeps their profile private" in content

    student.profile_is_public = True
    student.save()
    assert "Learning Python." in client.get(f"/people/{student.pk}/").content.decode()


def test_phone_number_and_email_never_appear_on_a_profile(client):
    teacher = TeacherFactory(phone_number="+254712345678")

    content = client.get(f"/people/{teacher.pk}/").content.decode()

    assert "712345678" not in content
    assert teacher.email not in content


def test_inactive_members_have_no_profile_page(client):
    user = UserFactory(is_active=False)

    assert client.get(f"/people/{user.pk}/").status_code == 404


def test_members_without_an_avatar_get_their_own_initials(client):
    first = UserFactory(display_name="Amani Kiprop")
    second = UserFactory(display_name="Zuri Wanjiku")

    assert ">AK</span>" in client.get(f"/people/{first.pk}/").content.decode()
    assert ">ZW</span>" in client.get(f"/people/{second.pk}/").content.decode()


def test_a_profile_shows_the_members_public_media(
    client, django_capture_on_commit_callbacks
):
    member = UserFactory(email_verified=True)
    shared = MediaAssetFactory(owner=member, visibility="public", title="Harbour")
    with django_capture_on_commit_callbacks(execute=True):
        review(shared)
    MediaAssetFactory(owner=member, title="Diary")

    page = client.get(member.get_absolute_url()).content.decode()

    assert "Harbour" in page
    assert "Diary" not in page
    assert f"?uploader={member.pk}" in page


def test_member_changes_their_handle_and_others_see_it(client):
    user = UserFactory(display_name="Baraka O.")
    client.force_login(user)
    assert client.get(EDIT_URL).context["form"]["handle"].value() == user.handle

    response = client.post(EDIT_URL, profile_data(handle="@Baraka_Chem"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.handle == "Baraka_Chem"
    assert "@Baraka_Chem" in client.get(f"/people/{user.pk}/").content.decode()


def test_a_member_may_change_the_case_of_their_own_handle(client):
    user = UserFactory(handle="baraka")
    client.force_login(user)

    client.post(EDIT_URL, profile_data(handle="Baraka"))

    user.refresh_from_db()
    assert user.handle == "Baraka"


@pytest.mark.parametrize("is_active", [True, False])
def test_a_handle_taken_in_any_case_is_refused_and_nothing_changes(client, is_active):
    UserFactory(handle="ada", is_active=is_active)
    user = UserFactory(display_name="Before", handle="before")
    client.force_login(user)

    response = client.post(EDIT_URL, profile_data(handle="ADA"))

    assert response.status_code == 400
    assert response.context["form"].errors["handle"] == [
        "@ADA is taken: choose another handle."
    ]
    user.refresh_from_db()
    assert (user.handle, user.display_name) == ("before", "Before")


@pytest.mark.parametrize(
    ("handle", "error"),
    [
        ("", "Enter a handle: it is how others mention you, as @handle."),
        ("zoë", "A handle is 3 to 30 characters"),
        ("ab", "A handle is 3 to 30 characters"),
        ("a b c", "A handle is 3 to 30 characters"),
        ("ada-lovelace", "A handle is 3 to 30 characters"),
        ("<script>", "A handle is 3 to 30 characters"),
        ("x" * 31, "A handle is 3 to 30 characters"),
    ],
)
def test_a_malformed_handle_is_refused_and_nothing_changes(client, handle, error):
    user = UserFactory(display_name="Before", handle="before")
    client.force_login(user)

    response = client.post(EDIT_URL, profile_data(handle=handle))

    assert response.status_code == 400
    (message,) = response.context["form"].errors["handle"]
    assert message.startswith(error)
    user.refresh_from_db()
    assert (user.handle, user.display_name) == ("before", "Before")


def test_a_private_profile_still_shows_the_handle(client):
    student = UserFactory(handle="quiet_one", bio="Hidden.")

    content = client.get(f"/people/{student.pk}/").content.decode()

    assert "@quiet_one" in content
    assert "Hidden." not in content
