import pytest
from django.core.exceptions import ValidationError

from apure.network import uploads

from . import documents


@pytest.mark.parametrize(
    ("builder", "expected"),
    [
        (documents.pdf_bytes, "pdf"),
        (documents.docx_bytes, "docx"),
        (documents.xlsx_bytes, "xlsx"),
        (documents.odt_bytes, "odt"),
        (documents.ods_bytes, "ods"),
    ],
)
def test_each_accepted_format_is_recognised_from_its_bytes(builder, expected):
    # The name lies on purpose: only the content counts.
    assert uploads.check_document(documents.upload("fichier.bin", builder())) == expected


def test_a_program_renamed_pdf_is_refused_with_its_name_in_the_message():
    fake = documents.upload("guide.pdf", b"MZ\x90\x00 this is an executable")
    with pytest.raises(ValidationError) as error:
        uploads.check_document(fake)
    assert "guide.pdf" in error.value.messages[0]
    assert "n'est pas un document accepté" in error.value.messages[0]


def test_a_zip_that_is_not_an_office_document_is_refused():
    with pytest.raises(ValidationError):
        uploads.check_document(documents.upload("archive.docx", documents.plain_zip_bytes()))


def test_a_word_file_named_pdf_is_recognised_as_docx():
    assert uploads.check_document(documents.upload("x.pdf", documents.docx_bytes())) == "docx"


def test_documents_over_the_size_limit_are_refused(settings):
    settings.NETWORK_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        uploads.check_document(documents.upload("gros.pdf", documents.pdf_bytes() + b" " * 200))
    assert "la limite est de 100" in error.value.messages[0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [(documents.PNG, "png"), (documents.JPEG, "jpeg"), (documents.WEBP, "webp")],
)
def test_images_are_recognised_from_their_signature(data, expected):
    assert uploads.check_image(documents.upload("photo.gif", data, "image/gif")) == expected


def test_an_svg_or_html_posing_as_png_is_refused():
    fake = documents.upload("photo.png", b"<svg onload='alert(1)'></svg>", "image/png")
    with pytest.raises(ValidationError):
        uploads.check_image(fake)
