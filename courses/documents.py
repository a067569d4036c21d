from django.core.files.uploadedfile import UploadedFile

from wagtail.documents.forms import BaseDocumentForm

from .captions import validate_caption_file


class DocumentForm(BaseDocumentForm):
    """
    Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE), which checks
    caption files as they are uploaded: a lesson video's tracks are
    documents, and a malformed one would silently show nothing.
    """

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile) and file.name.lower().endswith(".vtt"):
            validate_caption_file(file)
        return file
