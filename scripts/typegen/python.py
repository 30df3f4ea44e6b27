"""Python model classes: frozen dataclasses with a field table read by ncpcert._base.Model.

One generated module (bindings-python/python/ncpcert/_generated.py) holds, for every object the
core returns (the closure of the schema's roots; tagged and untagged unions stay dicts in
Python), a frozen dataclass with its fields in the order the core writes them: snake_case
attributes, the JSON key each comes from, the Python type (nested models, tuples for lists,
`dict` for maps, `X | None` for nullable) and `extra` for an object whose schema keeps unknown
fields. The reading and writing is one generic machinery (`_base.Model`) driven by `_FIELDS`.

Nested models are annotated with the public classes of `ncpcert._models` (which subclass these
and add the conveniences), and are built as them at run time through `_base`'s registry."""

from __future__ import annotations

import json
import re

from .schema import HEADER, Model, non_null, ref_name, string_enum

# The public class of a schema type, where its Python name is not the Rust one.
PUBLIC_NAMES = {"CertificateListAnswer": "CertificateList"}

# Attributes whose Python name is not the JSON key's snake_case (names the package published
# before its classes were generated).
ATTRIBUTE_NAMES = {
    ("CertificateSummary", "dnsName"): "dns_names",
    ("DcvStatuses", "dnsVerificationList"): "records",
}

# String enums typed `str` rather than a Literal: the codes grow with new rules and errors, and
# a caller's own code strings (or an older package's) must stay well-typed.
OPEN_ENUMS = {"Code", "ErrorCode"}

# Error shapes: Python raises them as the package's exception classes (``ncpcert._errors``,
# chosen by the error's ``type``), so no model class is generated for them; a field holding one
# (``Issued.cleanup_error``) keeps the core's dict.
ERRORS = {"HostError", "IssuanceError", "DnsError", "OrderError"}

SIMPLE = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


class Python:
    def __init__(self, model: Model):
        self.m = model

    def public(self, name: str) -> str:
        return PUBLIC_NAMES.get(name, name)

    # ------------------------------------------------------------------ which types

    def models(self) -> list[str]:
        """The object types reachable from the roots without going through a union, in the
        schema's order."""
        seen: set[str] = set()
        todo = [ref_name(r["$ref"]) for r in self.m.roots.values() if "$ref" in r]
        while todo:
            name = todo.pop()
            if name in seen or name in ERRORS or self.m.kind(name) != "object" or self.keyed(name):
                continue
            seen.add(name)
            for _, s, _ in Model.properties(self.m.defs[name]):
                todo += self.refs(s)
        return [n for n in self.m.defs if n in seen]

    def keyed(self, name: str) -> bool:
        """An object whose keys are not Python names (`cert.pem`): kept as a dict of them."""
        return any(not key.isidentifier() for key, _, _ in Model.properties(self.m.defs[name]))

    def refs(self, schema: dict) -> list[str]:
        schema, _ = non_null(schema)
        if "$ref" in schema:
            return [ref_name(schema["$ref"])]
        if schema.get("type") == "array":
            return self.refs(schema.get("items", {}))
        extra = schema.get("additionalProperties")
        if schema.get("type") == "object" and isinstance(extra, dict):
            return self.refs(extra)
        return []

    # ------------------------------------------------------------------ one field

    def field(self, schema: dict) -> tuple[str, str, str | None]:
        """(Python type, conversion, nested model's schema name) of one property. The
        conversions are the ones `_base` knows: value, model, models (a list of models), tuple
        (a list of values), dict (a map of values), models_dict (a map of models)."""
        schema, nullable = non_null(schema)
        t, how, ref = self._field(schema)
        return (f"{t} | None" if nullable else t), how, ref

    def _field(self, s: dict) -> tuple[str, str, str | None]:
        if "$ref" in s:
            name = ref_name(s["$ref"])
            kind = self.m.kind(name)
            if name in ERRORS:
                return "dict[str, Any]", "dict", None  # the core's error dict, as it is
            if kind == "object" and self.keyed(name):
                types = {self.field(p)[0] for _, p, _ in Model.properties(self.m.defs[name])}
                value = types.pop() if len(types) == 1 else "Any"
                return f"dict[str, {value}]", "dict", None
            if kind == "object":
                return f"_models.{self.public(name)}", "model", name
            if kind == "enum":
                return self.enum(name, string_enum(self.m.defs[name]) or []), "value", None
            return "dict[str, Any]", "value", None  # a union: the core's dict as it is
        if "const" in s:
            return f"Literal[{json.dumps(s['const'])}]", "value", None
        values = string_enum(s)
        if values is not None:
            return "Literal[" + ", ".join(json.dumps(v) for v in values) + "]", "value", None
        t = s.get("type")
        if t in SIMPLE:
            return SIMPLE[t], "value", None
        if t == "array":
            item, how, ref = self.field(s.get("items", {}))
            return f"tuple[{item}, ...]", ("models" if how == "model" else "tuple"), ref
        if t == "object":
            extra = s.get("additionalProperties")
            if isinstance(extra, dict):
                value, how, ref = self.field(extra)
                return f"dict[str, {value}]", ("models_dict" if how == "model" else "dict"), ref
            return "dict[str, Any]", "dict", None
        return "Any", "value", None

    @staticmethod
    def enum(name: str, values: list[str]) -> str:
        if name in OPEN_ENUMS:
            return "str"
        return "Literal[" + ", ".join(json.dumps(v) for v in values) + "]"

    @staticmethod
    def default(schema: dict, required: bool, pytype: str, how: str) -> str | None:
        """The dataclass default of a field: the schema's `default`, or None for an optional
        nullable field; None (no default) when there is none or it does not fit the type."""
        nullable = pytype.endswith("| None")
        if "default" in schema:
            value = schema["default"]
        elif not required and nullable:
            value = None
        else:
            return None
        if value is None:
            return "None" if nullable else None
        if how in ("tuple", "models") and value == []:
            return "()"
        if how in ("dict", "models_dict") and value == {}:
            return "dataclasses.field(default_factory=dict)"
        if pytype.startswith("Literal[") and json.dumps(value) not in pytype:
            return None  # a default the closed set does not hold (serde's for the Rust type)
        if isinstance(value, (str, bool, int, float)):
            return json.dumps(value) if isinstance(value, str) else repr(value)
        return None

    # ------------------------------------------------------------------ one class

    def render_class(self, name: str, out: list[str]) -> None:
        s = self.m.defs[name]
        rows = []
        for key, prop, required in Model.properties(s):
            pytype, how, ref = self.field(prop)
            attribute = ATTRIBUTE_NAMES.get((name, key), snake(key))
            rows.append((key, attribute, pytype, how, ref, required, self.default(prop, required, pytype, how), prop))
        # A dataclass field with a default cannot come before one without: only the trailing
        # run of fields that have one keeps it.
        defaults: dict[str, str] = {}
        for key, _, _, _, _, _, default, _ in reversed(rows):
            if default is None:
                break
            defaults[key] = default
        keeps_unknown = Model.keeps_unknown(s)

        out += ["", "", "@dataclasses.dataclass(frozen=True)", f"class {name}(Model):"]
        out.append(f'    """The fields of ``{self.public(name)}``, as the core writes them."""')
        out.append("")
        for key, attribute, pytype, how, ref, required, _, prop in rows:
            for line in (prop.get("description") or "").strip().splitlines():
                out.append(f"    # {line.rstrip()}".rstrip())
            default = defaults.get(key)
            out.append(f"    {attribute}: {pytype}" + (f" = {default}" if default else ""))
        if keeps_unknown:
            out.append("    # Every field the answer holds that is not an attribute, as sent.")
            out.append("    extra: dict[str, Any] = dataclasses.field(default_factory=dict)")
        out.append("")
        out.append(f"    _SCHEMA: ClassVar[str] = {json.dumps(name)}")
        out.append(f"    _EXTRA: ClassVar[bool] = {keeps_unknown}")
        out.append("    _FIELDS: ClassVar[tuple[FieldSpec, ...]] = (")
        for key, attribute, pytype, how, ref, required, _, _ in rows:
            # (JSON key, attribute, conversion, nested model, written when None)
            out.append(f"        ({json.dumps(key)}, {json.dumps(attribute)}, {json.dumps(how)}, {ref and json.dumps(ref)}, {required}),")
        out.append("    )")

    def render(self) -> str:
        models = self.models()
        out = [
            f'"""The fields of the models ncpcert returns, read from the core\'s types. {HEADER}',
            "",
            "The public classes (ncpcert._models) subclass these and add the conveniences; nested",
            'values are built as the public classes."""',
            "",
            "from __future__ import annotations",
            "",
            "import dataclasses",
            "from typing import TYPE_CHECKING, Any, ClassVar, Literal",
            "",
            "from ._base import FieldSpec, Model",
            "",
            "if TYPE_CHECKING:",
            "    from . import _models",
            "",
        ]
        out.append("__all__ = [" + ", ".join(json.dumps(n) for n in models) + "]")
        for name in models:
            self.render_class(name, out)
        out.append("")
        return "\n".join(out)
