"""Reader of tabular DECP exports: decp.info / decp-processing CSV and Parquet, MINEF
"decp augmenté" CSV, and similar flat files.

These hold one row per contract × holder × modification. DuckDB reads the file (CSV dialect
sniffed, every column as text) and sorts it by contract; rows of one contract are folded
back into one record in the JSON shape of the regulatory format, keeping the current state
(`donneesActuelles`, else the highest `modification_id`) and every holder of that state.
"""

import csv
import re
import tempfile
import threading

import duckdb

from .jsonstream import ReadError
from .limits import FileLimits

_NON_ALNUM = re.compile(r"[^a-z0-9]")

# folded column name → canonical name
ALIASES = {
    "uid": "uid",
    "id": "id",
    "acheteurid": "acheteur_id",
    "acheteurnom": "acheteur_nom",
    # decp.info publishes where the buyer is and its category (from SIRENE)
    "acheteurcategorie": "acheteur_categorie",
    "acheteurdepartementcode": "acheteur_departement",
    "acheteurcommunecode": "acheteur_commune",
    "acheteurregioncode": "acheteur_region",
    "autoriteconcedanteid": "acheteur_id",
    "titulaireid": "titulaire_id",
    "titulairesid": "titulaire_id",
    "titulairetypeidentifiant": "titulaire_type",
    "titulairestypeidentifiant": "titulaire_type",
    "titulairestypeidentifianttypeidentifiant": "titulaire_type",
    "titulairenom": "titulaire_nom",
    "titulairedenominationsociale": "titulaire_nom",
    "titulairesdenominationsociale": "titulaire_nom",
    "objet": "objet",
    "nature": "nature",
    "procedure": "procedure",
    # format 2022 purchasing techniques: decp.info joins them with ", ", the ministry's
    # « DECP augmenté » writes a Python list (`['Accord-cadre']`)
    "techniques": "techniques",
    "technique": "techniques",
    "techniquestechnique": "techniques",
    "codecpv": "codeCPV",
    "montant": "montant",
    "valeurglobale": "valeurGlobale",
    "dureemois": "dureeMois",
    "datenotification": "dateNotification",
    "datesignature": "dateSignature",
    "datepublicationdonnees": "datePublicationDonnees",
    "lieuexecutioncode": "lieu_code",
    "lieuexecutiontypecode": "lieu_type",
    "considerationssociales": "considerationsSociales",
    "considerationssocialesconsiderationsociale": "considerationsSociales",
    "considerationsenvironnementales": "considerationsEnvironnementales",
    "considerationsenvironnementalesconsiderationenvironnementale": (
        "considerationsEnvironnementales"
    ),
    "modificationid": "modification_id",
    "donneesactuelles": "donnees_actuelles",
    "montantmodification": "montant_modification",
    "dureemoismodification": "duree_modification",
    "datepublicationdonneesmodificationmodification": "pub_modification",
    "datepublicationdonneesmodification": "pub_modification",
    "typecontrat": "_type",
    "type": "type",
}
BUYER_FIELDS = ("categorie", "departement", "commune", "region")
_NUMBERED = re.compile(r"^(titulaire(?:s)?(?:id|typeidentifiant|nom|denominationsociale))(\d)$")


def canonical(column: str) -> str | None:
    folded = _NON_ALNUM.sub("", column.lower().lstrip("\ufeff"))
    numbered = _NUMBERED.match(folded)
    if numbered:
        base = ALIASES.get(numbered.group(1))
        return f"{base}#{numbered.group(2)}" if base else None
    return ALIASES.get(folded)


def _truthy(value) -> bool:
    return str(value).strip().lower() in {"true", "1", "oui", "t", "yes"}


def _int(value) -> int:
    try:
        return int(float(str(value).strip()))
    except ValueError:
        return 0


def fold_rows(rows: list[dict]) -> dict:
    """Rows of one contract → one record in the JSON shape."""
    if any("donnees_actuelles" in row for row in rows):
        current = [row for row in rows if _truthy(row.get("donnees_actuelles"))] or rows
    elif any("modification_id" in row for row in rows):
        top = max(_int(row.get("modification_id")) for row in rows)
        current = [row for row in rows if _int(row.get("modification_id")) == top]
    else:
        current = rows
    first = current[0]
    record = {
        key: value
        for key, value in first.items()
        if key[0] != "_" and "#" not in key and not key.startswith(("titulaire", "lieu"))
    }
    record["acheteur"] = {"id": first.get("acheteur_id"), "nom": first.get("acheteur_nom")}
    for field in BUYER_FIELDS:
        if first.get("acheteur_" + field) is not None:
            record["acheteur"][field] = first["acheteur_" + field]
    for field in ("id", "nom", *BUYER_FIELDS):
        record.pop("acheteur_" + field, None)
    if first.get("lieu_code") is not None:
        record["lieuExecution"] = {
            "code": first.get("lieu_code"),
            "typeCode": first.get("lieu_type"),
        }
    holders = []
    for row in current:
        for suffix in ["", "#1", "#2", "#3", "#4", "#5"]:
            holder_id = row.get("titulaire_id" + suffix)
            if holder_id:
                holders.append(
                    {
                        "id": holder_id,
                        "typeIdentifiant": row.get("titulaire_type" + suffix),
                        "denominationSociale": row.get("titulaire_nom" + suffix),
                    }
                )
    record["titulaires"] = holders
    if "modification_id" in first and len(rows) > len(current):
        initial = min(rows, key=lambda row: _int(row.get("modification_id")))
        record["montant"] = initial.get("montant")
        record["modifications"] = [
            {"id": 1, "montant": first.get("montant"), "dureeMois": first.get("dureeMois")}
        ]
    elif first.get("montant_modification") not in (None, "", "CDL", "MQ"):
        record["modifications"] = [
            {
                "id": 1,
                "montant": first.get("montant_modification"),
                "dureeMois": first.get("duree_modification"),
                "datePublicationDonneesModification": first.get("pub_modification"),
            }
        ]
    for key in ("montant_modification", "duree_modification", "pub_modification"):
        record.pop(key, None)
    record.pop("modification_id", None)
    record.pop("donnees_actuelles", None)
    if first.get("valeurGlobale") and not first.get("montant"):
        record["autoriteConcedante"] = record.pop("acheteur")
    return record


CSV_DELIMITERS = (",", ";", "|", "\t")


def ragged_line(path, limits: FileLimits) -> str | None:
    """Where a CSV file has a row with more or fewer fields than its header, in French (the
    first such row), else None. DuckDB then guesses another dialect or header, and tells of
    missing columns or of a dialect it cannot find: this names the real defect."""
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            header_line = handle.readline()
            delimiter = max(CSV_DELIMITERS, key=header_line.count)
            handle.seek(0)
            rows = csv.reader(handle, delimiter=delimiter)
            header = next(rows, [])
            for number, row in enumerate(rows):
                if row and len(row) != len(header):
                    shown = "tabulation" if delimiter == "\t" else delimiter
                    return (
                        f"CSV irrégulier\u00a0: la ligne {rows.line_num} a {len(row)} champs, "
                        f"l'en-tête en a {len(header)} (séparateur « {shown} »)"
                    )
                if number % 10_000 == 0:
                    limits.check_time()
    except csv.Error:  # a field longer than the csv module accepts: no diagnosis
        return None
    return None


def _quoted(column: str) -> str:
    """A column name from the file as a SQL identifier (a quote in it cannot end it)."""
    return '"' + column.replace('"', '""') + '"'


class TabularRecords:
    """Iterate (hint, record) over a CSV or Parquet file; `format` names the variant."""

    def __init__(
        self, path, parquet: bool, part: int = 0, parts: int = 1, limits: FileLimits | None = None
    ):
        """With parts > 1, only the contracts whose key hashes to `part` (a worker's share;
        the contract's rows stay together and keep their position in the whole file)."""
        self.path = str(path)
        self.parquet = parquet
        self.limits = limits or FileLimits.from_environment()
        self.part, self.parts = part, parts
        self.records = 0
        self.format = None

    def _relation(self, connection):
        if self.parquet:
            return connection.sql("SELECT * FROM read_parquet(?)", params=[self.path])
        return connection.sql(
            "SELECT * FROM read_csv(?, all_varchar = true, header = true, sample_size = -1)",
            params=[self.path],
        )

    def _unreadable(self, error: duckdb.Error) -> ReadError:
        """The error of a file DuckDB could not read, with its real cause when it is known."""
        left = self.limits.seconds_left()
        if isinstance(error, duckdb.InterruptException) and left is not None and left <= 0:
            return self.limits.too_slow()  # interrupted by the timer of __iter__
        ragged = None if self.parquet else ragged_line(self.path, self.limits)
        return ReadError(ragged or f"fichier tabulaire illisible ({str(error).splitlines()[0]})")

    def __iter__(self):
        connection = duckdb.connect()
        # DuckDB reads and sorts in C: past the file's deadline, the timer interrupts it.
        left = self.limits.seconds_left()
        timer = None
        if left is not None:
            timer = threading.Timer(max(0.0, left), connection.interrupt)
            timer.daemon = True
            timer.start()
        try:
            yield from self._rows(connection)
        finally:
            if timer is not None:
                timer.cancel()
            connection.close()

    def _rows(self, connection):
        # The national file has millions of rows: sort them on disk rather than in memory.
        connection.execute("SET threads = 1")
        connection.execute("SET memory_limit = '400MB'")
        connection.execute(f"SET temp_directory = '{tempfile.gettempdir()}/apure-decp-sort'")
        try:
            relation = self._relation(connection)
            columns = relation.columns
        except duckdb.Error as error:
            raise self._unreadable(error) from error
        names = [canonical(column) for column in columns]
        self._names = names
        known = set(names)
        if "id" not in known or "acheteur_id" not in known:
            ragged = None if self.parquet else ragged_line(self.path, self.limits)
            raise ReadError(
                ragged
                or "colonnes « id » et « acheteur.id » introuvables\u00a0: "
                "ce n'est pas un fichier DECP"
            )
        has_markers = any(column.startswith("titulaire_id_") for column in columns)
        kind = "parquet" if self.parquet else "csv"
        self._consolidated = False
        if "donnees_actuelles" in known or "uid" in known:
            self.format = f"decp-processing-{kind}"
            self._consolidated = "techniques" in known
        elif has_markers:
            self.format = f"minef-{kind}"
        else:
            self.format = f"tabular-{kind}"
        selected = ", ".join(f"CAST({_quoted(c)} AS VARCHAR)" for c in columns)
        if "uid" in known:
            key = _quoted(columns[names.index("uid")])
        else:
            buyer = _quoted(columns[names.index("acheteur_id")])
            key = f"concat_ws('/', {buyer}, {_quoted(columns[names.index('id')])})"
        source = (
            "read_parquet(?)"
            if self.parquet
            else "read_csv(?, all_varchar = true, header = true, sample_size = -1)"
        )
        # Column names come from the file: quoted by _quoted, the rest is constant SQL.
        query = (
            f"SELECT {key} AS _key, row_number() OVER () - 1 AS _row, {selected} "  # noqa: S608
            f"FROM {source}"
        )
        if self.parts > 1:
            share = f"hash(_key) % {int(self.parts)} = {int(self.part)}"
            query = f"SELECT * FROM ({query}) WHERE {share}"  # noqa: S608
        try:
            cursor = connection.execute(f"{query} ORDER BY _key, _row", [self.path])
        except duckdb.Error as error:
            raise self._unreadable(error) from error
        group_key, group = object(), []
        while True:
            self.limits.check_time()
            try:
                batch = cursor.fetchmany(10_000)
            except duckdb.Error as error:
                raise self._unreadable(error) from error
            if not batch:
                break
            for row in batch:
                if row[0] != group_key and group:
                    yield from self._emit(group)
                    group = []
                group_key = row[0]
                group.append(row)
        if group:
            yield from self._emit(group)

    def _emit(self, group):
        names = self._names
        rows = []
        for raw in group:
            row = {}
            for name, value in zip(names, raw[2:], strict=True):
                if name is not None and value is not None and value != "":
                    row.setdefault(name, value)
            rows.append(row)
        self.records += 1
        record = fold_rows(rows)
        if self._consolidated:
            # decp.info puts every record, whatever its source format, in the shape of the
            # format 2022: an empty `techniques` there says nothing (columnar._techniques_of).
            record.setdefault("techniques", None)
        record["_row"] = group[0][1]
        yield "marche", record
