"""What the readers raise when a file cannot be read, and how its causes are told in French."""

import gzip
import zlib


class ReadError(Exception):
    """The file cannot be read; `where` says where it broke (French)."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(message)
        self.where = where


# What reading a damaged gzip stream raises: EOFError when it is cut short, zlib.error on
# corrupted blocks, BadGzipFile (an OSError) on a bad header or checksum.
COMPRESSION_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)
DAMAGED_ARCHIVE = "archive gzip tronquée ou corrompue"


def damaged_archive(records: int) -> ReadError:
    """The error for a gzip stream that broke after `records` whole records were read
    (readers decompress ahead of what they parse: the damage lies somewhere after)."""
    return ReadError(DAMAGED_ARCHIVE, f"après l'enregistrement n° {records}" if records else "")


# Messages of the standard JSON decoder (C and Python versions), without their position.
JSON_MESSAGES = {
    "Expecting value": "valeur attendue",
    "Expecting property name enclosed in double quotes": "nom de champ entre guillemets attendu",
    "Expecting ':' delimiter": "«\u00a0: » attendu",
    "Expecting ',' delimiter": "virgule attendue",
    "Unterminated string starting at": "chaîne non terminée",
    "Invalid control character at": "caractère de contrôle dans une chaîne",
    "Invalid \\escape": "séquence d'échappement invalide",
    "Invalid \\uXXXX escape": "séquence \\uXXXX invalide",
    "Extra data": "contenu en trop après la valeur",
}


def french_json_message(message: str) -> str:
    """The decoder's English message in French (a generic phrase for an unknown one)."""
    if message.startswith("Invalid control character"):
        # The Python decoder names the character: « Invalid control character '\n' at ».
        message = "Invalid control character at"
    return JSON_MESSAGES.get(message, "syntaxe incorrecte")


class Unreadable:
    """Stands for one record that a reader could not decode although the file goes on (a
    record nested too deeply for the decoder): the normaliser turns it into a note."""

    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason  # French, completes « Enregistrement écarté : … »


TOO_DEEP = "imbrication trop profonde (des centaines de listes ou d'objets emboîtés)"


def unreadable_reason(error: Exception) -> str:
    """Why a record or a file could not be read, in French, from an unforeseen error."""
    if isinstance(error, RecursionError):
        return TOO_DEEP
    return f"erreur inattendue ({type(error).__name__})"
