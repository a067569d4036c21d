"""What teachers see in the Wagtail admin: their own courses and files, shared
files and published pages, never another teacher's drafts."""

import re

from django.contrib.auth.models import Group, Permission

from wagtail.models import Collection, GroupPagePermission, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
import wagtail_factories

from courses.admin_visibility import pages_explorable_by
from courses.factories import CoursePageFactory, LessonPageFactory, ModulePageFactory
from courses.models import LessonPage
from courses.services import course_review_workflow
from media_library.factories import MediaAssetFactory
from media_library.models import MediaAsset
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


def draft_course(index, owner, title: str):
    """A draft course with a draft module and lesson, named after `title`."""
    course = CoursePageFactory(parent=index, owner=owner, title=title, live=False)
    module = ModulePageFactory(
        parent=course, owner=owner, title=f"{title} module", live=False
    )
    LessonPageFactory(parent=module, owner=owner, title=f"{title} lesson", live=False)
    return course


@pytest.fixture
def other_teacher(db):
    return TeacherFactory()


@pytest.fixture
def courses(course_index, teacher, other_teacher):
    return (
        draft_course(course_index, teacher, "Knots"),
        draft_course(course_index, other_teacher, "Secret sauces"),
    )


def root_collection() -> Collection:
    return Collection.get_first_root_node()


def shared_collection() -> Collection:
    return Collection.objects.get(name="Shared")


def image(title: str, owner, collection=None):
    return wagtail_factories.ImageFactory(
        title=title,
        uploaded_by_user=owner,
        collection=collection or root_collection(),
    )


def document(title: str, owner, collection=None):
    return wagtail_factories.DocumentFactory(
        title=title,
        uploaded_by_user=owner,
        collection=collection or root_collection(),
    )


# Pages


def test_page_search_finds_no_draft_of_another_teacher(client, teacher, courses):
    client.force_login(teacher)

    mine = client.get("/admin/pages/search/", {"q": "Knots"}).content.decode()
    theirs = client.get("/admin/pages/search/", {"q": "Secret"}).content.decode()

    assert "Knots lesson" in mine
    assert "Secret sauces" not in theirs


def test_the_catalog_lists_only_the_teachers_own_courses(
    client, home_page, course_index, teacher, courses
):
    client.force_login(teacher)

    listing = client.get(f"/admin/pages/{course_index.pk}/").content.decode()
    searched = client.get(
        f"/admin/pages/{course_index.pk}/", {"q": "sauces", "search_all": "1"}
    ).content.decode()
    explorer_menu = client.get(
        "/admin/api/main/pages/",
        {"child_of": course_index.pk, "for_explorer": "1"},
    ).json()
    home_menu = client.get(
        "/admin/api/main/pages/",
        {"child_of": home_page.pk, "for_explorer": "1", "fields": "parent"},
    ).json()

    assert "Knots" in listing
    assert "Secret sauces" not in listing
    assert "Secret sauces" not in searched
    assert [item["title"] for item in explorer_menu["items"]] == ["Knots"]
    # The sidebar counts the catalog's courses the teacher may explore.
    [catalog] = home_menu["items"]
    assert catalog["meta"]["children"]["count"] == 1
    assert catalog["meta"]["parent"]["id"] == home_page.pk


def test_another_teachers_course_is_not_found_in_the_explorer(client, teacher, courses):
    mine, theirs = courses
    client.force_login(teacher)

    assert client.get(f"/admin/pages/{mine.pk}/").status_code == 200
    response = client.get(f"/admin/pages/{theirs.pk}/")

    assert response.status_code == 404
    assert b"Secret sauces" not in response.content
    assert client.get(f"/admin/api/main/pages/{theirs.pk}/").status_code == 404


def explorer_filter_people(client, page, filter_name: str, **query) -> set[str]:
    """The people the explorer's filter `filter_name` offers, by label."""
    response = client.get(f"/admin/pages/{page.pk}/", query)
    filters = response.context["filters"]
    return {label for _, label in filters.form.fields[filter_name].choices}


def test_the_explorers_filters_name_only_people_of_pages_the_teacher_sees(
    client, home_page, course_index, teacher, other_teacher, courses
):
    mine, theirs = courses
    editor = AdminFactory(first_name="Ada", last_name="Editor")
    theirs.save_revision(user=editor, log_action=True)
    mine.get_children().get().specific.save_revision(user=teacher, log_action=True)
    client.force_login(teacher)

    # On the catalog, where every course is below the page explored, and
    # searching the whole tree.
    for query in ({}, {"search_all": "1"}):
        owners = explorer_filter_people(client, course_index, "owner", **query)
        editors = explorer_filter_people(client, course_index, "edited_by", **query)
        assert str(teacher) in owners
        assert str(other_teacher) not in owners
        assert editors == {str(teacher)}
    # Below one of their courses, the people of that course.
    assert explorer_filter_people(client, mine, "edited_by") == {str(teacher)}
    # Filtering lists the whole tree below, and still only the teacher's.
    for search_all in ("", "1"):
        listed = client.get(
            f"/admin/pages/{course_index.pk}/",
            {"has_child_pages": "false", "search_all": search_all},
        ).content.decode()
        assert "Knots lesson" in listed
        assert "Secret sauces lesson" not in listed
    # Someone the filter does not offer is refused, not filtered by.
    response = client.get(
        f"/admin/pages/{course_index.pk}/", {"owner": other_teacher.pk}
    )
    assert "owner" in response.context["filters"].errors

    client.force_login(editor)
    owners = explorer_filter_people(client, home_page, "owner", search_all="1")
    editors = explorer_filter_people(client, course_index, "edited_by")
    assert {str(teacher), str(other_teacher)} <= owners
    assert editors == {str(teacher), str(editor)}


def test_the_forms_listing_is_only_for_those_who_see_every_page(client, teacher):
    # Its filters name everyone who owns or edited a page.
    client.force_login(teacher)
    for path in ("/admin/forms/", "/admin/forms/results/"):
        assert client.get(path).status_code in (302, 403)

    client.force_login(AdminFactory())
    assert client.get("/admin/forms/").status_code == 200


def test_the_workflows_report_names_only_those_who_requested_what_it_lists(
    client, teacher, other_teacher, courses
):
    mine, theirs = courses
    for course in courses:
        course.save_revision(user=course.owner)
        course_review_workflow().start(course, course.owner)
    student = UserFactory(first_name="Sam", last_name="Student", email_verified=True)
    MediaAssetFactory(
        owner=student, title="Holiday photo", visibility=MediaAsset.Visibility.PUBLIC
    )
    client.force_login(teacher)

    report = client.get("/admin/reports/workflow/")
    offered = report.context["filters"].form.fields["requested_by"].queryset
    assert list(offered) == [teacher]
    assert "Knots" in report.content.decode()
    assert "Secret sauces" not in report.content.decode()
    assert str(student) not in report.content.decode()
    # Someone it does not offer is refused, not filtered by.
    results = client.get(
        "/admin/reports/workflow/results/", {"requested_by": other_teacher.pk}
    )
    assert "requested_by" in results.context["filters"].errors
    assert "Secret sauces" not in results.content.decode()

    client.force_login(AdminFactory())
    report = client.get("/admin/reports/workflow/")
    offered = report.context["filters"].form.fields["requested_by"].queryset
    assert set(offered) == {teacher, other_teacher, student}


def dashboard_page_count(client) -> str:
    response = client.get("/admin/")
    summary = response.content.decode().split('class="w-summary"')[1]
    return re.search(r"([\d,]+) Pages?", summary).group(1)


def test_the_dashboard_counts_the_pages_the_teacher_sees(
    client, course_index, teacher, courses
):
    client.force_login(teacher)
    explorable = pages_explorable_by(user=teacher).descendant_of(
        course_index, inclusive=True
    )

    # The catalog, and the teacher's course, module and lesson: not the
    # other teacher's three.
    assert dashboard_page_count(client) == str(explorable.count()) == "4"

    client.force_login(AdminFactory())
    every_page = Page.objects.exclude(depth=1).count()
    assert dashboard_page_count(client) == str(every_page) != "4"


def test_co_teachers_see_the_course_they_share(client, other_teacher, courses):
    mine, _ = courses
    mine.co_teachers.add(other_teacher)
    mine.save()
    client.force_login(other_teacher)

    found = client.get("/admin/pages/search/", {"q": "Knots"}).content.decode()

    assert "Knots lesson" in found
    assert client.get(f"/admin/pages/{mine.pk}/").status_code == 200


def test_site_history_leaves_out_other_teachers_pages(client, teacher, courses):
    for course in courses:
        course.save_revision(user=course.owner, log_action=True)
    client.force_login(teacher)

    history = client.get("/admin/reports/site-history/").content.decode()

    assert "Knots" in history
    assert "Secret sauces" not in history


def test_page_types_report_is_only_for_those_who_see_every_page(
    client, teacher, courses
):
    client.force_login(teacher)
    refused = client.get("/admin/reports/page-types-usage/")
    menu = client.get("/admin/").content.decode()

    client.force_login(AdminFactory())
    report = client.get("/admin/reports/page-types-usage/")

    assert refused.status_code in (302, 403)
    assert b"Secret sauces" not in refused.content
    assert "/admin/reports/page-types-usage/" not in menu
    assert report.status_code == 200


def test_page_chooser_offers_own_drafts_and_published_pages(
    client, course_index, teacher, other_teacher, courses
):
    published = CoursePageFactory(
        parent=course_index, owner=other_teacher, title="Published sauces"
    )
    hidden_module = ModulePageFactory(
        parent=published, owner=other_teacher, title="Draft sauces module", live=False
    )
    LessonPageFactory(
        parent=hidden_module, owner=other_teacher, title="Live sauces lesson"
    )
    client.force_login(teacher)

    browsed = client.get(f"/admin/choose-page/{course_index.pk}/").content.decode()
    searched = client.get(
        "/admin/choose-page/search/", {"q": "sauces"}
    ).content.decode()

    assert "Knots" in browsed
    assert "Published sauces" in browsed
    assert "Secret sauces" not in browsed
    assert "Published sauces" in searched
    assert "Secret sauces" not in searched
    # A live lesson under a draft module would show the module as its parent.
    assert "Live sauces lesson" not in searched
    assert "Draft sauces module" not in searched


def test_page_chooser_looks_up_no_draft_of_another_teacher_by_id(
    client, teacher, courses
):
    mine, theirs = courses
    client.force_login(teacher)

    browsed = client.get(f"/admin/choose-page/{theirs.pk}/")
    chosen = client.get("/admin/choose-page/chosen-multiple/", {"id": [theirs.pk]})
    garbled = client.get("/admin/choose-page/chosen-multiple/", {"id": ["x"]})
    own = client.get("/admin/choose-page/chosen-multiple/", {"id": [mine.pk]})

    assert browsed.status_code == 404
    assert chosen.status_code == 404
    assert b"Secret sauces" not in browsed.content + chosen.content
    assert garbled.status_code == 404
    assert own.status_code == 200
    assert "Knots" in own.content.decode()


def test_choosing_a_parent_names_no_module_of_another_teacher(client, teacher, courses):
    _, theirs = courses
    their_module = theirs.get_children().get()
    client.force_login(teacher)

    response = client.post(
        "/admin/pages/create/courses/lessonpage", {"parent_page": their_module.pk}
    )

    assert response.status_code == 404
    assert b"Secret sauces" not in response.content


def test_moving_a_page_names_no_destination_out_of_reach(client, teacher, courses):
    mine, theirs = courses
    my_module = mine.get_children().get()
    their_module = theirs.get_children().get()
    lesson = my_module.get_children().get()
    client.force_login(teacher)

    refused = client.get(f"/admin/pages/{lesson.pk}/move/{their_module.pk}/confirm/")
    allowed = client.get(f"/admin/pages/{lesson.pk}/move/{my_module.pk}/confirm/")

    assert refused.status_code in (302, 403)
    assert b"Secret sauces" not in refused.content
    assert allowed.status_code == 200


def test_bulk_actions_name_no_page_of_another_teacher(
    client, course_index, teacher, courses
):
    _, theirs = courses
    client.force_login(teacher)

    by_id = client.get("/admin/bulk/wagtailcore/page/publish/", {"id": theirs.pk})
    whole_listing = client.get(
        "/admin/bulk/wagtailcore/page/delete/",
        {"id": "all", "childOf": course_index.pk},
    )

    assert by_id.status_code == 404
    assert b"Secret sauces" not in by_id.content
    assert whole_listing.status_code == 200
    assert b"Secret sauces" not in whole_listing.content
    assert b"Knots" in whole_listing.content


def test_moderators_still_see_every_page(client, course_index, courses):
    _, theirs = courses
    client.force_login(AdminFactory())

    found = client.get("/admin/pages/search/", {"q": "Secret"}).content.decode()
    listing = client.get(f"/admin/pages/{course_index.pk}/").content.decode()
    chooser = client.get(f"/admin/choose-page/{theirs.pk}/")

    assert "Secret sauces lesson" in found
    assert "Secret sauces" in listing
    assert chooser.status_code == 200


def test_teachers_explore_the_catalog_and_its_ancestors(teacher, course_index, courses):
    explorable = set(pages_explorable_by(user=teacher).values_list("title", flat=True))

    assert {"Courses", "Knots", "Knots module", "Knots lesson"} <= explorable
    assert not explorable & {"Secret sauces", "Secret sauces module"}


# Images and documents


def test_document_chooser_offers_own_and_shared_documents(
    client, teacher, other_teacher
):
    document("My worksheet", teacher)
    document("Their worksheet", other_teacher)
    document("Shared glossary", AdminFactory(), collection=shared_collection())
    document("Moderators' notes", AdminFactory())
    client.force_login(teacher)

    listed = client.get("/admin/documents/chooser/").content.decode()
    searched = client.get("/admin/documents/chooser/", {"q": "worksheet"})

    assert "My worksheet" in listed
    assert "Shared glossary" in listed
    assert "Their worksheet" not in listed
    assert "Moderators&#x27; notes" not in listed
    assert "Their worksheet" not in searched.content.decode()


def test_image_chooser_offers_own_and_shared_images(client, teacher, other_teacher):
    image("My diagram", teacher)
    image("Their diagram", other_teacher)
    image("Shared logo", AdminFactory(), collection=shared_collection())
    client.force_login(teacher)

    listed = client.get("/admin/images/chooser/").content.decode()
    searched = client.get("/admin/images/chooser/", {"q": "diagram"}).content.decode()

    assert "My diagram" in listed
    assert "Shared logo" in listed
    assert "Their diagram" not in listed
    assert "Their diagram" not in searched


def test_choosers_look_up_no_file_of_another_teacher_by_id(
    client, teacher, other_teacher
):
    their_document = document("Their worksheet", other_teacher)
    their_image = image("Their diagram", other_teacher)
    my_image = image("My diagram", teacher)
    client.force_login(teacher)

    responses = [
        client.get(f"/admin/documents/chooser/chosen/{their_document.pk}/"),
        client.get(
            "/admin/documents/chooser/chosen-multiple/", {"id": [their_document.pk]}
        ),
        client.get(f"/admin/images/chooser/chosen/{their_image.pk}/"),
        client.get(f"/admin/images/chooser/{their_image.pk}/select_format/"),
        client.get("/admin/images/chooser/chosen-multiple/", {"id": [their_image.pk]}),
    ]
    own = client.get(f"/admin/images/chooser/{my_image.pk}/select_format/")

    for response in responses:
        assert b"Their worksheet" not in response.content
        assert b"Their diagram" not in response.content
    assert own.status_code == 200
    assert b"My diagram" in own.content


def test_the_admin_api_offers_own_and_shared_files(client, teacher, other_teacher):
    their_document = document("Their worksheet", other_teacher)
    their_image = image("Their diagram", other_teacher)
    image("My diagram", teacher)
    document("Shared glossary", AdminFactory(), collection=shared_collection())
    client.force_login(teacher)

    images = client.get("/admin/api/main/images/").json()
    documents = client.get("/admin/api/main/documents/").json()

    assert [item["title"] for item in images["items"]] == ["My diagram"]
    assert [item["title"] for item in documents["items"]] == ["Shared glossary"]
    for url in (
        f"/admin/api/main/images/{their_image.pk}/",
        f"/admin/api/main/documents/{their_document.pk}/",
    ):
        assert client.get(url).status_code == 404


def test_bulk_actions_name_no_file_of_another_teacher(client, teacher, other_teacher):
    their_image = image("Their diagram", other_teacher)
    their_document = document("Their worksheet", other_teacher)
    client.force_login(teacher)

    responses = [
        client.get("/admin/bulk/wagtailimages/image/delete/", {"id": their_image.pk}),
        client.get(
            "/admin/bulk/wagtaildocs/document/add_to_collection/",
            {"id": their_document.pk},
        ),
    ]

    for response in responses:
        assert response.status_code == 404
        assert b"Their diagram" not in response.content
        assert b"Their worksheet" not in response.content


def test_moderators_choose_from_every_file(client, teacher):
    document("A teacher's worksheet", teacher)
    client.force_login(AdminFactory())

    listed = client.get("/admin/documents/chooser/").content.decode()

    assert "A teacher&#x27;s worksheet" in listed


def test_a_teacher_cannot_place_another_teachers_files_in_a_lesson(
    client, teacher, other_teacher, courses
):
    mine, _ = courses
    lesson = LessonPage.objects.descendant_of(mine).get()
    theirs = document("Their worksheet", other_teacher)
    their_image = image("Their diagram", other_teacher)
    own = document("My worksheet", teacher)
    client.force_login(teacher)

    def save(*blocks):
        data = nested_form_data(
            {
                "title": lesson.title,
                "slug": lesson.slug,
                "summary": "",
                "body": streamfield(list(blocks)),
                "comments": inline_formset([]),
            }
        )
        return client.post(f"/admin/pages/{lesson.pk}/edit/", data)

    refused = save(("file", {"document": theirs.pk, "title": ""}))
    refused_image = save(
        (
            "image",
            {
                "image": {"image": their_image.pk, "decorative": True, "alt_text": ""},
                "caption": "",
            },
        )
    )
    accepted = save(("file", {"document": own.pk, "title": ""}))

    for response in (refused, refused_image):
        assert response.status_code in (302, 403)
        assert response.url == "/admin/"
    assert accepted.status_code == 302
    assert accepted.url != "/admin/"
    lesson.refresh_from_db()
    body = lesson.get_latest_revision_as_object().body
    assert [block.value["document"] for block in body] == [own]


def test_files_already_in_a_lesson_stay_when_a_co_teacher_saves_it(
    client, teacher, other_teacher, courses
):
    mine, _ = courses
    mine.co_teachers.add(other_teacher)
    mine.save()
    lesson = LessonPage.objects.descendant_of(mine).get()
    worksheet = document("My worksheet", teacher)
    lesson.body = [("file", {"document": worksheet, "title": ""})]
    lesson.save_revision(user=teacher)
    client.force_login(other_teacher)

    data = nested_form_data(
        {
            "title": "Knots, revised",
            "slug": lesson.slug,
            "summary": "",
            "body": streamfield([("file", {"document": worksheet.pk, "title": ""})]),
            "comments": inline_formset([]),
        }
    )
    response = client.post(f"/admin/pages/{lesson.pk}/edit/", data)

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.get_latest_revision_as_object().title == "Knots, revised"


def test_what_a_teacher_may_explore_is_one_query_however_many_courses_they_teach(
    course_index, teacher, courses
):
    def explorable_sql() -> str:
        return str(pages_explorable_by(user=teacher).query)

    one_course = explorable_sql()
    for number in range(10):
        draft_course(course_index, teacher, f"Rope {number}")

    assert explorable_sql() == one_course
    explorable = set(pages_explorable_by(user=teacher).values_list("title", flat=True))
    assert {"Knots lesson", "Rope 9", "Rope 9 module"} <= explorable
    assert not explorable & {"Secret sauces", "Secret sauces lesson"}


def test_a_teacher_who_may_add_higher_up_still_sees_their_courses(
    home_page, course_index, teacher, courses
):
    GroupPagePermission.objects.create(
        group=Group.objects.get(name="Teachers"),
        page=home_page,
        permission=Permission.objects.get(codename="add_page"),
    )
    fresh = type(teacher).objects.get(pk=teacher.pk)

    explorable = set(pages_explorable_by(user=fresh).values_list("title", flat=True))

    assert {"Knots", "Knots module", "Knots lesson"} <= explorable
    assert not explorable & {"Secret sauces", "Secret sauces lesson"}
