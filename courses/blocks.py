from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from wagtail import blocks
from wagtail.blocks.base import get_error_json_data
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import expand_db_html

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name

from media_library.blocks import PlayableAssetChooserBlock

from .captions import CAPTION_LANGUAGES, language_name, validate_caption_file
from .published import published_memo

# The size lesson images are shown at (blocks/captioned_image_block.html).
LESSON_IMAGE = "max-1200x900"


def absolute_url(url: str, context: dict | None) -> str:
    """`url` made absolute for the API, when its context has a request."""
    request = (context or {}).get("request")
    return request.build_absolute_uri(url) if request is not None else url


def asset_file_url(asset, rendition: str, context: dict | None) -> str:
    """
    A file of a media library asset: at its checked view, which asks who
    may have it (media_library.access), and sends public files on.
    """
    return absolute_url(
        reverse("media_library:file", args=[asset.pk, rendition]), context
    )


def rich_text_html(value) -> str:
    """Rich text for the API as pages show it: links to pages and documents
    expanded to their URLs."""
    return expand_db_html(value.source)


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        features = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]
        preview_value = "<p>Lectern brings teachers and students together.</p>"
        description = "A passage of formatted text."

    def get_api_representation(self, value, context=None):
        return rich_text_html(value)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    size = blocks.ChoiceBlock(
        choices=[("h2", "Section"), ("h3", "Subsection")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Why variables matter", "size": "h2"}
        description = "A heading that structures the lesson."


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        description = "An image with alternative text and an optional caption."

    def get_api_representation(self, value, context=None):
        image = value["image"]
        if image is None:
            shown = None
        else:
            # Its URL follows the file rule: a private image's goes through
            # courses.views.gated_file (see courses/storage.py).
            rendition = image.get_rendition(LESSON_IMAGE)
            shown = {
                "id": image.pk,
                "url": absolute_url(rendition.url, context),
                "width": rendition.width,
                "height": rendition.height,
                "alt": image.contextual_alt_text,
                "decorative": image.decorative,
            }
        return {"image": shown, "caption": value["caption"]}


class CaptionTrackBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=CAPTION_LANGUAGES)
    file = DocumentChooserBlock(
        label="Caption file", help_text="A WebVTT (.vtt) file: upload it here."
    )

    class Meta:
        icon = "openquote"

    def clean(self, value):
        value = super().clean(value)
        document = value["file"]
        if document is not None:
            try:
                if document.file_extension != "vtt":
                    raise ValidationError("Choose a WebVTT (.vtt) caption file.")
                with document.open_file() as file:
                    validate_caption_file(file)
            except ValidationError as error:
                raise blocks.StructBlockValidationError(
                    block_errors={"file": error}
                ) from None
        return value


class VideoBlock(blocks.StructBlock):
    asset = PlayableAssetChooserBlock(
        required=False,
        label="From the media library",
        help_text="A video or recording of yours, or a public one.",
    )
    embed = EmbedBlock(
        required=False,
        label="Or from the web",
        help_text="A YouTube or Vimeo address, for example.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)
    captions = blocks.ListBlock(
        CaptionTrackBlock(),
        default=[],
        label="Caption tracks",
        help_text="For a file from the media library, besides the captions it "
        "has there (these win for the same language). A web video shows its own.",
    )
    transcript = blocks.TextBlock(
        required=False,
        default="",
        help_text="What is said: shown under the video, and found by search by "
        "those who may read the lesson.",
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        description = "A video or recording played in the lesson."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["tracks"] = video_tracks(value)
        return context

    def get_searchable_content(self, value) -> list[str]:
        # Not the caption tracks' language names.
        return [text for text in (value["caption"], value.get("transcript")) if text]

    def get_api_representation(self, value, context=None):
        asset = value["asset"]
        embed = value["embed"]
        return {
            "asset": {
                "id": asset.pk,
                "kind": asset.kind,
                "title": asset.title,
                "mime_type": asset.mime_type,
                "url": asset_file_url(asset, "file", context),
                "poster_url": asset_file_url(asset, "thumbnail", context)
                if asset.thumbnail
                else None,
            }
            if asset
            else None,
            "embed_url": embed.url if embed else None,
            "caption": value["caption"],
            "captions": [
                {**track, "url": absolute_url(track["url"], context)}
                for track in video_tracks(value)
            ],
            "transcript": value.get("transcript", ""),
        }

    def clean(self, value):
        value = super().clean(value)
        asset = value["asset"]
        if asset and not asset.is_playable:
            raise blocks.StructBlockValidationError(
                block_errors={"asset": ValidationError("Choose a video or audio file.")}
            )
        # Values built in code before captions existed lack the two newer fields.
        captions = value.get("captions", [])
        languages = [track["language"] for track in captions]
        if len(set(languages)) < len(languages):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "captions": ValidationError("Give each language one caption file.")
                }
            )
        if captions and value["embed"] and not asset:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "captions": ValidationError(
                        "Caption files play with a file from the media library; "
                        "a video from the web shows its own captions."
                    )
                }
            )
        # A draft may have neither yet, or both while one replaces the other.
        if not self.is_deferred_validation and bool(asset) == bool(value["embed"]):
            raise blocks.StructBlockValidationError(
                non_block_errors=ValidationError(
                    "Choose a file from the media library or give a web address "
                    "(one of the two)."
                )
            )
        return value


def video_tracks(value) -> list[dict]:
    """
    The caption tracks a video block plays: its own, then those of its media
    library file in other languages, approved. (Each goes through its file's
    checked view: the lesson's rule for the block's, the media rule for the
    file's.)
    """
    tracks = [
        {
            "language": track["language"],
            "label": language_name(track["language"]),
            "url": track["file"].url,
        }
        for track in value.get("captions", [])
        if track["file"] is not None
    ]
    asset = value["asset"]
    if asset is not None:
        given = {track["language"] for track in tracks}
        tracks += [
            {"language": track.language, "label": track.label, "url": track.url}
            for track in asset.captions.approved()
            if track.language not in given
        ]
    return tracks


class FileBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=120, help_text="Defaults to the document's title."
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/file_block.html"
        description = "A file students download: worksheet, slides, data."

    def get_api_representation(self, value, context=None):
        document = value["document"]
        if document is None:  # a draft's file block may have none yet
            return {"document": None, "title": value["title"]}
        # Wagtail's document view, which asks the course rule first
        # (courses.wagtail_hooks.guard_lesson_files).
        return {
            "document": {
                "id": document.pk,
                "url": absolute_url(document.url, context),
                "file_extension": document.file_extension,
                "file_size": document.file_size,
            },
            "title": value["title"] or document.title,
        }


LANGUAGES = [
    ("python", "Python"),
    ("javascript", "JavaScript"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("sql", "SQL"),
    ("bash", "Shell"),
    ("java", "Java"),
    ("c", "C"),
    ("text", "Plain text"),
]


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=LANGUAGES, default="python")
    code = blocks.TextBlock()

    class Meta:
        icon = "code"
        template = "blocks/code_block.html"
        preview_value = {"language": "python", "code": "print('Hello, Lectern!')"}
        description = "Source code, highlighted."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        lexer = get_lexer_by_name(value["language"], stripall=False)
        # Pygments escapes the code; the result is safe HTML.
        context["highlighted"] = mark_safe(  # noqa: S308
            highlight(value["code"], lexer, HtmlFormatter(cssclass="highlight"))
        )
        return context


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", "Info"), ("warning", "Warning"), ("tip", "Tip")],
        default="info",
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "code"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        preview_value = {"kind": "tip", "text": "<p>Save your work often.</p>"}
        description = "A highlighted note: information, a warning or a tip."

    def get_api_representation(self, value, context=None):
        return {"kind": value["kind"], "text": rich_text_html(value["text"])}


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=250)
    correct = blocks.BooleanBlock(required=False)


class QuizQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock()
    choices = blocks.ListBlock(QuizChoiceBlock(), min_num=2, max_num=8)
    explanation = blocks.TextBlock(
        required=False,
        help_text=(
            "Shown once the student answers this question right, or has used "
            "the quiz's tries."
        ),
    )

    def get_searchable_content(self, value) -> list[str]:
        # The explanation is shown once the question is answered: search
        # must not give it away.
        return [
            value["prompt"],
            *(choice["text"] for choice in value["choices"]),
        ]

    def clean(self, value):
        value = super().clean(value)
        if not self.is_deferred_validation and not any(
            choice["correct"] for choice in value["choices"]
        ):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "choices": ValidationError("Mark at least one choice as correct.")
                }
            )
        return value


class QuizBlock(blocks.StructBlock):
    """
    Questions with choices. Which choices are correct stays on the server:
    the template and the API show the prompts and choices only
    (`quiz_questions_shown`), and answers
    are scored by courses.services.quiz_attempt_create. A lesson with
    quizzes is complete once each of them is passed.
    """

    title = blocks.CharBlock(max_length=120, default="Check your understanding")
    questions = blocks.ListBlock(QuizQuestionBlock(), min_num=1)
    pass_mark = blocks.IntegerBlock(
        min_value=0,
        max_value=100,
        default=70,
        label="Pass mark (%)",
        help_text="The share of right answers needed to pass, and complete the lesson.",
    )
    tries = blocks.IntegerBlock(
        min_value=1,
        max_value=10,
        default=3,
        label="Tries before the explanations show",
        help_text=(
            "A question's explanation shows once it is answered right; after "
            "this many tries, every explanation shows. Students may keep "
            "trying until they pass."
        ),
    )

    class Meta:
        icon = "tasks"
        template = "blocks/quiz_block.html"
        description = "A quiz, scored on the server."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The student's standing (courses.selectors.QuizStanding), where the
        # lesson page knows it: their last answers are shown chosen.
        standing = context.get("quiz_standings", {}).get(str(context.get("id")))
        chosen = standing.last.answers if standing and standing.last else []
        context["standing"] = standing
        context["questions"] = []
        for index, question in enumerate(quiz_questions_shown(value)):
            chosen_here = chosen[index] if index < len(chosen) else []
            context["questions"].append(
                {
                    **question,
                    "choices": [
                        {"text": text, "chosen": position in chosen_here}
                        for position, text in enumerate(question["choices"])
                    ],
                }
            )
        return context

    def get_api_representation(self, value, context=None):
        # Answers go, as the form posts them, to
        # POST /api/v1/lessons/{id}/quizzes/{block id}/attempts:
        # {"answers": {"q<question index>": [<choice index>, ...]}}.
        return {
            "title": value["title"],
            "pass_mark": value["pass_mark"],
            "tries": value["tries"],
            "questions": [
                {**question, "key": f"q{index}"}
                for index, question in enumerate(quiz_questions_shown(value))
            ],
        }


def quiz_questions_shown(value) -> list[dict]:
    """
    A quiz's questions as students see them: each prompt, its choices'
    texts, and whether several choices are right (a question with one right
    answer shows radio buttons, with several checkboxes); never which.
    """
    return [
        {
            "prompt": question["prompt"],
            "multiple": sum(choice["correct"] for choice in question["choices"]) > 1,
            "choices": [choice["text"] for choice in question["choices"]],
        }
        for question in value["questions"]
    ]


class LessonStreamBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    file = FileBlock()
    code = CodeBlock()
    callout = CalloutBlock()
    quiz = QuizBlock()

    # A quiz shows the reader's own answers; a video, the caption tracks
    # approved by now in the media library (no publish tells of those); an
    # image, an address that a private file's storage (Cloudinary) signs for
    # a while only. Every other block renders alike for every reader of a
    # published lesson.
    RENDERED_EACH_TIME = frozenset({"quiz", "video", "image"})

    def render_basic(self, value, context=None):
        return format_html_join(
            "\n",
            '<div class="w-block-{1} block-{1}">{0}</div>',
            [(self._render_child(child, context), child.block_type) for child in value],
        )

    def _render_child(self, child, context) -> str:
        """
        The block's HTML; on a published lesson's page, that of the blocks
        every reader sees alike is kept per generation of the published site
        (courses.published): a code block's highlighting, say.
        """
        page = (context or {}).get("page")
        request = (context or {}).get("request")
        if (
            child.block_type in self.RENDERED_EACH_TIME
            or not child.id
            or page is None
            or not page.live
            or request is None
            or getattr(request, "is_preview", False)
        ):
            return child.render(context=context)
        return published_memo(
            ("lesson-block", page.pk, child.id), lambda: child.render(context=context)
        )


def error_messages(error: ValidationError) -> list[str]:
    """The messages of a block's validation error, its child blocks' included."""

    def messages(data: dict) -> list[str]:
        children = data.get("blockErrors", {}).values()
        return [*data.get("messages", []), *(m for c in children for m in messages(c))]

    return messages(get_error_json_data(error))
