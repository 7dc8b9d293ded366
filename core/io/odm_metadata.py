"""The study metadata of a CDISC ODM 1.3.2 export, generated from the model through the
dataset's tables (``core.io.tables``), so that ODM, CSV and the data dictionary agree.

One study event (``SE.CASE``: the case) holds a form per section of the case (``F.labs``);
a form holds the item group of its section and those of the lists inside it (a treatment
line's drug administrations); an item group is repeating when its records come from a list,
and its ``ItemGroupRepeatKey`` is the dataset's row key (``2.1``). Every exported column is an
item (``IT.lab_value``) with its ODM data type, its unit (``MeasurementUnit``), its bounds
(``RangeCheck``) and, for a closed list (``Literal`` choices) or a yes/no, a ``CodeList`` whose
decodes are the labels: a code's label column is then left out, the code list says it. A
vocabulary (ICD-10, drugs, analytes...) is an open list in Casebook (a value outside it is
allowed), so its codes are a text item with their label item beside it and the vocabulary's
name in an ``Alias`` (context ``Casebook vocabulary``); a list of codes is a text item too
(`` | `` between codes). The case id is the ``SubjectKey``. De-identification options drop the items of
the columns they drop (``DeidOptions.keeps``), so the metadata declares only what is sent.
"""

from __future__ import annotations

import typing
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel

from core.io.deident import DeidOptions
from core.io.dictionary import REQUIRED_PARTS, exported_columns
from core.io.tables import Column, Table, tables
from core.model import Case
from core.model.base import field_meta

NS = "http://www.cdisc.org/ns/odm/v1.3"
STUDY_OID = "ST.CASEBOOK"
MDV_OID = "MDV.CASEBOOK.1"
EVENT_OID = "SE.CASE"
YESNO_OID = "CL.YESNO"
DATA_TYPES = {"text": "text", "notes": "text", "code": "text", "label": "text",
              "integer": "integer", "day": "integer", "number": "float", "yesno": "integer",
              "date": "partialDate"}


@dataclass(frozen=True)
class Item:
    oid: str
    column: Column
    codelist: str | None = None  # the OID of its code list
    unit: str | None = None  # the OID of its measurement unit


@dataclass
class Group:
    """An item group: one table of the dataset."""

    oid: str
    table: Table
    repeating: bool
    items: list[Item] = field(default_factory=list)


@dataclass
class Form:
    oid: str
    name: str
    groups: list[Group] = field(default_factory=list)


@dataclass
class Layout:
    """Everything the metadata declares, for one set of de-identification options."""

    forms: list[Form] = field(default_factory=list)
    codelists: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = field(
        default_factory=dict)  # oid -> (name, (code, decode)...)
    units: dict[str, str] = field(default_factory=dict)  # unit -> its OID

    @property
    def groups(self) -> list[Group]:
        return [g for f in self.forms for g in f.groups]


def _is_list_field(name: str) -> bool:
    annotation = Case.model_fields[name].annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    inner = args[0] if typing.get_origin(annotation) in (typing.Union, type(int | None)) \
        and len(args) == 1 else annotation
    return typing.get_origin(inner) is list


def _field_model(table: Table, path: tuple[str, ...]) -> type[BaseModel] | None:
    """The model that holds the last field of ``path`` in ``table``'s records."""
    model: type[BaseModel] = table.model
    for name in path[:-1]:
        annotation = model.model_fields[name].annotation
        found = [a for a in (annotation, *typing.get_args(annotation))
                 if isinstance(a, type) and issubclass(a, BaseModel)]
        if not found:
            return None
        model = found[0]
    return model if path and path[-1] in model.model_fields else None


def _vocab_name(table: Table, col: Column) -> str | None:
    """The vocabulary a code column's field is picked from (an open list: values outside it
    are allowed, so it is no code list of the item)."""
    model = _field_model(table, col.path) if col.path and col.kind == "code" else None
    name = field_meta(model, col.path[-1]).get("vocab") if model is not None else None
    return str(name) if name else None


@cache
def odm_layout(options: DeidOptions) -> Layout:
    """The forms, item groups, items, code lists and units of an export with ``options``."""
    out = Layout()
    forms: dict[str, Form] = {}
    for table in tables():
        top = table.location[0]
        form = forms.get(top)
        if form is None:
            form = forms[top] = Form(f"F.{top}", table.label)
            out.forms.append(form)
        repeating = len(table.location) > 1 or _is_list_field(top)
        group = Group(f"IG.{table.name}", table, repeating)
        columns = [c for c in exported_columns(table, options) if c.kind != "row"]
        listed = {(c.path, c.part) for c in columns if _choices(table, c)}
        for col in columns:
            if col.kind == "label" and ((col.path, "value") in listed
                                        or (col.path, "code") in listed):
                continue  # the code list's decodes are the labels
            group.items.append(_item(out, table, col))
        form.groups.append(group)
    return out


def _is_list(table: Table, path: tuple[str, ...]) -> bool:
    """Whether the field at ``path`` holds a list of values (one cell, `` | `` between)."""
    model = _field_model(table, path)
    if model is None:
        return False
    annotation = model.model_fields[path[-1]].annotation
    return any(typing.get_origin(a) is list for a in (annotation, *typing.get_args(annotation)))


def _choices(table: Table, col: Column) -> tuple[tuple[str, str], ...]:
    """The code list of a code column: none for a list of codes (written as text, its
    labels in the label column)."""
    if col.kind != "code" or col.part not in ("value", "code") or _is_list(table, col.path):
        return ()
    return col.choices


def _item(out: Layout, table: Table, col: Column) -> Item:
    codelist: str | None = None
    if col.kind == "yesno":
        codelist = YESNO_OID
        out.codelists[YESNO_OID] = ("Yes or no", (("1", "Yes"), ("0", "No")))
    elif choices := _choices(table, col):
        codelist = f"CL.{col.name}"
        out.codelists[codelist] = (col.label, choices)
    unit: str | None = None
    if col.unit and col.kind in ("integer", "number"):
        unit = out.units.setdefault(col.unit, f"MU.{len(out.units) + 1}")
    return Item(f"IT.{col.name}", col, codelist, unit)


# -- the Study element ------------------------------------------------------------------------
def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    ET.SubElement(element, "TranslatedText", {"xml:lang": "en"}).text = text
    return element


def study_element(layout: Layout, description: str) -> ET.Element:
    """``<Study>`` with its global variables, units and the MetaDataVersion of ``layout``."""
    study = ET.Element("Study", OID=STUDY_OID)
    variables = ET.SubElement(study, "GlobalVariables")
    ET.SubElement(variables, "StudyName").text = "Casebook"
    ET.SubElement(variables, "StudyDescription").text = description
    ET.SubElement(variables, "ProtocolName").text = "Casebook case records"
    if layout.units:
        basic = ET.SubElement(study, "BasicDefinitions")
        for unit, oid in layout.units.items():
            _text(ET.SubElement(basic, "MeasurementUnit", OID=oid, Name=unit), "Symbol", unit)
    mdv = ET.SubElement(study, "MetaDataVersion", OID=MDV_OID,
                        Name="Casebook data model")
    protocol = ET.SubElement(mdv, "Protocol")
    ET.SubElement(protocol, "StudyEventRef", StudyEventOID=EVENT_OID, OrderNumber="1",
                  Mandatory="Yes")
    event = ET.SubElement(mdv, "StudyEventDef", OID=EVENT_OID, Name="Case", Repeating="No",
                          Type="Common")
    for number, form in enumerate(layout.forms, 1):
        ET.SubElement(event, "FormRef", FormOID=form.oid, OrderNumber=str(number),
                      Mandatory="No")
    for form in layout.forms:
        element = ET.SubElement(mdv, "FormDef", OID=form.oid, Name=form.name, Repeating="No")
        for number, group in enumerate(form.groups, 1):
            ET.SubElement(element, "ItemGroupRef", ItemGroupOID=group.oid,
                          OrderNumber=str(number), Mandatory="No")
    for group in layout.groups:
        element = ET.SubElement(mdv, "ItemGroupDef", OID=group.oid, Name=group.table.name,
                                Repeating="Yes" if group.repeating else "No")
        _text(element, "Description", group.table.label)
        for number, item in enumerate(group.items, 1):
            ET.SubElement(element, "ItemRef", ItemOID=item.oid, OrderNumber=str(number),
                          Mandatory="Yes" if _mandatory(item.column) else "No")
    for group in layout.groups:
        for item in group.items:
            mdv.append(_item_def(group, item))
    for oid, (name, choices) in layout.codelists.items():
        element = ET.SubElement(mdv, "CodeList", OID=oid, Name=name, DataType="text")
        for code, decode in choices:
            _text(ET.SubElement(element, "CodeListItem", CodedValue=code), "Decode", decode)
    return study


def _item_def(group: Group, item: Item) -> ET.Element:
    col = item.column
    element = ET.Element("ItemDef", OID=item.oid, Name=col.name,
                         DataType=DATA_TYPES.get(col.kind, "text"))
    _text(element, "Question", col.label)
    if item.unit:
        ET.SubElement(element, "MeasurementUnitRef", MeasurementUnitOID=item.unit)
    for comparator, bound in (("GE", col.minimum), ("LE", col.maximum)):
        if bound is not None and col.kind in ("integer", "number"):
            check = ET.SubElement(element, "RangeCheck", Comparator=comparator,
                                  SoftHard="Hard")
            ET.SubElement(check, "CheckValue").text = _number(bound)
    if item.codelist:
        ET.SubElement(element, "CodeListRef", CodeListOID=item.codelist)
    ET.SubElement(element, "Alias", Context="Casebook",
                  Name=".".join(group.table.location + col.path) + (
                      "" if col.part == "value" else f"#{col.part}"))
    if vocab := _vocab_name(group.table, col):
        ET.SubElement(element, "Alias", Context="Casebook vocabulary", Name=vocab)
    return element


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _mandatory(column: Column) -> bool:
    """As the data dictionary's Required: a required field's value, code or day item, not the
    calendar date (empty wherever only the day is known) or a code's label beside it."""
    return column.required and column.part in REQUIRED_PARTS
