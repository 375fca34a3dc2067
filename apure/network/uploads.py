"""What an uploaded file really is, read from its bytes: never trust its name or browser type."""

import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# The `mimetype` entry of an OpenDocument package names its kind.
OPENDOCUMENT_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
# Office Open XML packages are told apart by their main part.
OFFICE_MAIN_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
# The `mimetype` entry holds one short line; a bigger one is a decompression bomb, not ODF.
MIMETYPE_MAX_BYTES = 100


def _zip_format(uploaded):
    try:
        with zipfile.ZipFile(uploaded) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                if package.getinfo("mimetype").file_size > MIMETYPE_MAX_BYTES:
                    return None
                return OPENDOCUMENT_MIMETYPES.get(package.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for part, kind in OFFICE_MAIN_PARTS.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        uploaded.seek(0)
    return None


def document_format(uploaded):
    """'pdf', 'docx', 'odt', 'xlsx', 'ods' or None, from the file's content."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(uploaded)
    return None


# What `image_format` recognises (attachments of these formats are shown inline).
IMAGE_FORMATS = frozenset({"png", "jpeg", "webp"})


def image_format(uploaded):
    """'png', 'jpeg', 'webp' or None, from the file's signature."""
    uploaded.seek(0)
    head = uploaded.read(12)
    uploaded.seek(0)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def _check_size(uploaded, limit):
    if uploaded.size > limit:
        raise ValidationError(
            "Le fichier « %(name)s » pèse %(size)s\u00a0: la limite est de %(limit)s.",
            params={
                "name": uploaded.name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(limit),
            },
        )


def _name_after_content(uploaded, kind):
    """Store the file under a random name with the extension of what it really is: a name such
    as `page.html` on image bytes must never reach the media folder, where a web server would
    serve it by its extension."""
    uploaded.name = f"{uuid.uuid4().hex}.{kind}"


def check_document(uploaded):
    """Return the document's format or raise a French ValidationError naming the file.
    The file is renamed after its content."""
    _check_size(uploaded, settings.NETWORK_DOCUMENT_MAX_BYTES)
    kind = document_format(uploaded)
    if kind is None:
        raise ValidationError(
            "Le fichier « %(name)s » n'est pas un document accepté (PDF, DOCX, ODT, XLSX ou "
            "ODS)\u00a0: son contenu ne correspond à aucun de ces formats, quel que soit son nom.",
            params={"name": uploaded.name},
        )
    _name_after_content(uploaded, kind)
    return kind


def check_image(uploaded):
    _check_size(uploaded, settings.NETWORK_IMAGE_MAX_BYTES)
    kind = image_format(uploaded)
    if kind is None:
        raise ValidationError(
            "Le fichier « %(name)s » n'est pas une image PNG, JPEG ou WebP.",
            params={"name": uploaded.name},
        )
    _name_after_content(uploaded, kind)
    return kind


class CheckedUploadsMixin:
    """For model forms of news and resources, on the site and in the admin: a newly uploaded
    image or document is checked from its bytes and renamed after them."""

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            check_image(image)
        return image

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and hasattr(file, "content_type"):
            self.instance.file_format = check_document(file)
        return file


def check_attachment(uploaded):
    """A document or an image joined to a discussion (a photo of a product, a spreadsheet…).
    Return its real format or raise a French ValidationError; the file is renamed after it."""
    if image_format(uploaded) is not None:
        return check_image(uploaded)
    if document_format(uploaded) is not None:
        return check_document(uploaded)
    raise ValidationError(
        "Le fichier « %(name)s » n'est ni un document (PDF, DOCX, ODT, XLSX, ODS) ni une image "
        "(PNG, JPEG, WebP)\u00a0: son contenu ne correspond à aucun de ces formats, quel que soit "
        "son nom.",
        params={"name": uploaded.name},
    )
