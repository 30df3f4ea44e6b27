"""The one reader and writer of every model class, driven by each class's generated field table
(``_FIELDS`` in ``_generated``): the core's dicts (as pythonize gives them) in, the same dicts
out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

__all__ = ["FieldSpec", "Model"]

# (JSON key, attribute, conversion, nested model's schema name, written when None). The
# conversions: "value" (as it is), "model" (a nested model), "models" (a list of models, as a
# tuple), "tuple" (a list of values), "dict" (a map of values), "models_dict" (a map of models).
FieldSpec = tuple[str, str, str, "str | None", bool]

_M = TypeVar("_M", bound="Model")

# Schema name → the class built for it: the public class of ncpcert._models once it is defined
# (it subclasses the generated one), so that nested values are the public classes too.
_REGISTRY: dict[str, type[Model]] = {}


class Model:
    """The base of every generated model class."""

    _SCHEMA: ClassVar[str] = ""
    _EXTRA: ClassVar[bool] = False
    _FIELDS: ClassVar[tuple[FieldSpec, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Only the package's own classes: a user's subclass does not change what is built.
        if cls._SCHEMA and cls.__module__.partition(".")[0] == __name__.partition(".")[0]:
            _REGISTRY[cls._SCHEMA] = cls

    @classmethod
    def from_dict(cls: type[_M], data: Mapping[str, Any]) -> _M:
        """The model of a dict in the core's shape (the API's camelCase names). A field that is
        missing takes its default; every unknown one goes to ``extra`` where there is one."""
        kwargs: dict[str, Any] = {}
        for key, attribute, how, ref, required in cls._FIELDS:
            if key in data:
                kwargs[attribute] = _read(data[key], how, ref)
            elif not required and attribute in _without_default(cls):
                # An optional field the core left out, before a required one (a dataclass
                # field with a default cannot come there): absent means None.
                kwargs[attribute] = None
        if cls._EXTRA:
            known = {spec[0] for spec in cls._FIELDS}
            kwargs["extra"] = {k: v for k, v in data.items() if k not in known}
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """The model in the core's shape: the API's camelCase names, in the core's order,
        ``extra``'s fields last."""
        data: dict[str, Any] = {}
        for key, attribute, how, _, written_when_none in self._FIELDS:
            value = getattr(self, attribute)
            if value is None:
                if written_when_none:
                    data[key] = None
                continue
            data[key] = _write(value, how)
        if self._EXTRA:
            data.update(getattr(self, "extra"))
        return data


def _without_default(cls: type[Model]) -> frozenset[str]:
    """The dataclass fields of ``cls`` that have no default, found once per class."""
    found = _NO_DEFAULT.get(cls)
    if found is None:
        import dataclasses

        found = frozenset(
            f.name
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        )
        _NO_DEFAULT[cls] = found
    return found


_NO_DEFAULT: dict[type[Model], frozenset[str]] = {}


def _model(ref: str | None) -> type[Model]:
    return _REGISTRY[ref or ""]


def _read(value: Any, how: str, ref: str | None) -> Any:
    if value is None or how == "value":
        return value
    if how == "model":
        return _model(ref).from_dict(value)
    if how == "models":
        cls = _model(ref)
        return tuple(None if v is None else cls.from_dict(v) for v in value)
    if how == "tuple":
        return tuple(value)
    if how == "models_dict":
        cls = _model(ref)
        return {k: None if v is None else cls.from_dict(v) for k, v in value.items()}
    return dict(value)  # "dict"


def _write(value: Any, how: str) -> Any:
    if how == "model":
        return value.to_dict()
    if how == "models":
        return [None if v is None else v.to_dict() for v in value]
    if how == "tuple":
        return list(value)
    if how == "models_dict":
        return {k: None if v is None else v.to_dict() for k, v in value.items()}
    if how == "dict":
        return dict(value)
    return value
