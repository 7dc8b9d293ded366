"""A field path in words for clinicians: ``treatment_lines[0].administrations[2].route`` ->
"Treatment lines › row 1 › Administrations › row 3 › Route"."""

from __future__ import annotations

from pydantic import BaseModel

from core.model.base import field_meta
from core.model.fieldpath import parse_path
from gui.editor.sections import SECTIONS, part_model


def _part_title(key: str) -> str:
    for section in SECTIONS:
        for part in section.parts:
            if part.path == key:
                return part.title
    return key.replace("_", " ").capitalize()


def path_label(path: str) -> str:
    parts = parse_path(path) if path else []
    if not parts:
        return "whole case"
    words = [_part_title(str(parts[0]))]
    try:
        model: type[BaseModel] | None = part_model(str(parts[0]))
    except KeyError:
        model = None
    for part in parts[1:]:
        if isinstance(part, int):
            words.append(f"row {part + 1}")
        elif model is not None and part in model.model_fields:
            words.append(field_meta(model, part)["label"])
            model = _inner_model(model, part)
        else:
            words.append(str(part).replace("_", " "))
    return " › ".join(words)


def _inner_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    annotation = model.model_fields[name].annotation
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        for inner in (arg, *getattr(arg, "__args__", ())):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None
