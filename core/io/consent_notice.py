"""The "consent not documented" notice of an export (rule V56): a case whose consent status
is neither obtained nor waived by an ethics committee (not recorded, not obtained) is not to
be published or shared, and every export holding one says so where its format has room for
it: the CSV dataset in ``consent_notice.txt`` beside its tables, the Excel workbook on its
first sheet (``consent_notice``), the ODM file in an ``Annotation`` of each such subject and a
comment closing its clinical data, the FHIR Bundle in the Informed consent section of each
such case's Composition. The Casebook JSON export holds each case's consent status as it is
recorded and no notice (its wrapper takes no other field); the command line and the app warn
for every format (``warning_lines``).

Cases are named by their id as the export writes it (the keyed hash when ids are hashed),
never by a patient identifier.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.model.report import CONSENT_DOCUMENTED

FILE_NAME = "consent_notice.txt"  # the CSV dataset's notice
SHEET = "consent_notice"  # the Excel dataset's first sheet
TITLE = "Consent not documented"
SHOWN = 10  # case ids a warning names; the notice in the file names them all
ADVICE = ("Do not publish or share their data until consent is obtained or waived by an "
          "ethics committee, and recorded in the case's Consent section.")
# where each format carries the notice, as a warning says it
_WHERE = {"csv": f"The export says so in {FILE_NAME}.",
          "xlsx": f"The workbook says so on its first sheet, {SHEET}.",
          "fhir": "Each such case's Composition says so (Informed consent section).",
          "odm": "The file says so in an annotation of each such subject.",
          "json": "The JSON file holds each case's consent status as recorded; it carries no "
                  "notice."}


def undocumented(status: str | None) -> bool:
    """Consent not documented, as rule V56 judges it: neither obtained nor waived."""
    return status not in CONSENT_DOCUMENTED


def status_words(status: str | None) -> str:
    return "not recorded" if not status else status.replace("_", " ")


def case_notice(status: str | None) -> str:
    """The notice of one case (a FHIR section's text, an ODM subject's comment)."""
    return (f"{TITLE}: consent for publication is {status_words(status)}. Do not publish or "
            "share this case's data until consent is obtained or waived by an ethics "
            "committee.")


@dataclass(frozen=True)
class Unconsented:
    case_id: str  # the Casebook id (the user's warning)
    exported_id: str  # the id the export writes (the notice in the file)
    status: str | None


@dataclass
class ConsentCheck:
    """The cases of an export whose consent is not documented, as they are written."""

    cases: list[Unconsented] = field(default_factory=list)

    def check(self, case_id: str, exported_id: str, status: str | None) -> None:
        if undocumented(status):
            self.cases.append(Unconsented(case_id, exported_id, status))

    def notice_lines(self, total: int, hashed: bool) -> list[str]:
        """The notice in the file ([] when every case's consent is documented)."""
        if not self.cases:
            return []
        named = "their case id in this export" + (" (a keyed hash of the Casebook id)"
                                                  if hashed else "")
        return [TITLE, "",
                f"{len(self.cases)} of the {total} case(s) in this export have no documented "
                "consent for publication (obtained, or waived by an ethics committee). "
                f"{ADVICE}", "",
                f"The cases, by {named}:",
                *(f"{c.exported_id}: consent {status_words(c.status)}" for c in self.cases)]


def warning_lines(case_ids: list[str] | tuple[str, ...], total: int, fmt: str) -> list[str]:
    """The command line's and the app's warning after an export ([] when there is none)."""
    if not case_ids:
        return []
    shown = ", ".join(case_ids[:SHOWN])
    more = len(case_ids) - SHOWN
    if more > 0:
        shown += f" and {more} more"
    return [f"Warning: consent is not documented for {len(case_ids)} of the {total} exported "
            f"case(s) ({shown}). {ADVICE} {_WHERE.get(fmt, '')}".rstrip()]


def xml_comment(lines: list[str]) -> str:
    """The notice as an XML comment (which cannot hold "--" nor end with "-")."""
    text = "\n".join(lines)
    while "--" in text:
        text = text.replace("--", "- -")
    return f"<!--\n{text}\n-->"
