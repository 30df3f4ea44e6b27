"""Java classes of the models (bindings-java/src/main/java/ncpcert/model/*.java).

One file per class, in the package's style: private fields named as the JSON (read by gson
through ncpcert.model.Json), an accessor per field, nothing else; a class whose JSON keeps the
fields NCP sent that the core does not know extends WithExtra. A field the core always writes
(never null) is a primitive; one it may leave out or write as null is boxed (null: absent).
A tagged union (one `type`, `step` or `action` naming the kind) is one class holding every
kind's fields, each boxed.
"""

from __future__ import annotations

import re

from .schema import HEADER, Model, doc_lines, non_null, ref_name, string_enum

# The types the package returns, by their Rust name (the schema's).
TYPES = [
    "PreparedRequest", "Finding", "Report", "CsrReport", "CsrSubject", "SanEntry", "CsrKey",
    "IssuanceResponse", "PaidCertificate", "CertificateListAnswer", "CertificateOrder",
    "CertificateSummary", "DcvStatuses", "DcvRecord", "CertificateChain", "OrganizationList",
    "Organization", "PlacedOrder", "Step", "CallFailure", "DriverAction", "JournalEntry",
    "HostError",
]

# Rust name -> Java name, where they differ. Every error of the core is read as one class,
# ErrorDetail (the fields of every kind of HostError; OrderError is one of them).
NAMES = {
    "CertificateListAnswer": "CertificateList",
    "DriverAction": "OrderAction",
    "HostError": "ErrorDetail",
    "OrderError": "ErrorDetail",
}

# (Rust type, JSON name) -> Java type, where it is not the default mapping of the schema's.
JAVA_TYPES = {
    # The core writes file name -> PEM text.
    ("CertificateChain", "files"): "Map<String, String>",
}

# (Rust type, JSON name): a primitive though the schema lets the field out: the flags the
# core always writes for a listed certificate.
PRIMITIVE = {("CertificateSummary", "issued"), ("CertificateSummary", "pending"), ("CertificateSummary", "failed")}

# Properties the core writes that its schema does not list yet: ApiError's (and so
# ApiFailure's) `retryable` and `outcome` are written by a flattened serialize_with, which
# the schema shows only as the outcome's values.
_API_MISSING = [
    ("retryable", {"type": "boolean", "description": "True exactly when `outcome` is `resendable`."}, True),
    ("outcome", {"$ref": "#/$defs/Outcome", "description": "What the failure means for sending the request again: `resendable`, `ambiguous` or `final`."}, True),
]
MISSING = {"ApiError": _API_MISSING, "ApiFailure": _API_MISSING}

JAVA_KEYWORDS = {"default", "class", "package", "public", "private", "static", "final", "new", "int",
                 "long", "boolean", "switch", "case", "this", "interface", "enum", "import", "return"}

BOXED = {"long": "Long", "int": "Integer", "boolean": "Boolean", "double": "Double"}


def _code(text: str) -> str:
    text = {"None": "null"}.get(text, re.sub(r"^Some\((.*)\)$", r"\1", text))
    if text.count("{") == text.count("}") and "*/" not in text:
        return "{@code " + text + "}"
    return "<code>" + _html(text) + "</code>"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;").replace("*/", "*&#47;")


def javadoc_text(text: str) -> str:
    """Rustdoc markup as javadoc: links as their text, `code` as {@code code}."""
    # A link as its name, without backticks: rustdoc writes some inside a code span.
    text = re.sub(r"\[`([^`\]]+)`\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[`([^`\]]+)`\]", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    parts = text.split("`")
    return "".join(_code(p) if i % 2 else _html(p) for i, p in enumerate(parts))


def javadoc(lines: list[str], indent: str = "") -> list[str]:
    text = javadoc_text("\n".join(lines)).splitlines()
    if len(text) == 1:
        return [f"{indent}/** {text[0]} */"]
    return [f"{indent}/**"] + [f"{indent} * {line}".rstrip() for line in text] + [f"{indent} */"]


class Java:
    def __init__(self, model: Model):
        self.m = model

    @staticmethod
    def name(rust: str) -> str:
        return NAMES.get(rust, rust)

    def _type(self, s: dict) -> str:
        if "$ref" in s:
            target = ref_name(s["$ref"])
            if target in TYPES or target in NAMES:
                return self.name(target)
            if string_enum(self.m.defs[target]) is not None:
                return "String"
            raise SystemExit(f"java.py: no Java class for {target}; add it to TYPES")
        if "const" in s or string_enum(s) is not None:
            return "String"
        t = s.get("type")
        if t == "string":
            return "String"
        if t == "integer":
            return "long" if s.get("format") in ("uint64", "int64") else "int"
        if t == "number":
            return "double"
        if t == "boolean":
            return "boolean"
        if t == "array":
            return f"List<{self.boxed(self._type(non_null(s.get('items', {}))[0]))}>"
        if t == "object":
            extra = s.get("additionalProperties")
            value = self.boxed(self._type(extra)) if isinstance(extra, dict) else "Object"
            return f"Map<String, {value}>"
        return "Object"

    @staticmethod
    def boxed(t: str) -> str:
        return BOXED.get(t, t)

    def type(self, owner: str, key: str, schema: dict, present: bool) -> str:
        if (owner, key) in JAVA_TYPES:
            return JAVA_TYPES[(owner, key)]
        inner, nullable = non_null(schema)
        t = self._type(inner)
        if (nullable or not present) and (owner, key) not in PRIMITIVE:
            return self.boxed(t)
        return t

    def properties(self, name: str) -> tuple[list[tuple[str, dict, bool]], bool]:
        """(JSON name, schema, always written) of a type, and whether it is a union of kinds
        (whose fields are then all boxed)."""
        s = self.m.defs[name]
        alts = s.get("oneOf") if "properties" not in s else None
        alts = alts or s.get("anyOf")
        if not alts:
            return Model.properties(s) + MISSING.get(name, []), False
        merged: dict[str, dict] = {}
        for alt in alts:
            props = Model.properties(alt) if "properties" in alt else []
            if "$ref" in alt:
                props += self.properties(ref_name(alt["$ref"]))[0]
            for k, v, _ in props:
                merged.setdefault(k, v)
        return [(k, v, False) for k, v in merged.items()], True

    def klass(self, rust: str) -> str:
        s = self.m.defs[rust]
        name = self.name(rust)
        props, union = self.properties(rust)
        keeps = Model.keeps_unknown(s)
        fields = []
        for k, v, present in props:
            t = self.type(rust, k, v, present)
            if union:
                t = self.boxed(t)
            fields.append((k, t, v, present))

        out = [f"// {HEADER}", "package ncpcert.model;", ""]
        text = " ".join(f[1] for f in fields)
        imports = [i for i, used in (("java.util.List", "List<" in text), ("java.util.Map", "Map<" in text)) if used]
        if imports:
            out += [f"import {i};" for i in imports] + [""]
        doc = doc_lines(s) or [f"{name}, as ncpcert returns it."]
        if union:
            doc = doc + ["", "The fields of its kind are set; the others are null."]
        if keeps:
            doc = doc + ["", "Fields ncpcert does not know are kept in {@link #extra()}."]
        out += self._class_doc(doc) if keeps else javadoc(doc)
        out.append(f"public final class {name}{' extends WithExtra' if keeps else ''} {{")
        for k, t, _, _ in fields:
            if self.field(k) != k:
                out.append(f'    @com.google.gson.annotations.SerializedName("{k}")')
            out.append(f"    private {t} {self.field(k)};")
        for k, t, v, present in fields:
            lines = doc_lines(v) or [f"`{k}`."]
            if not union and (t in BOXED.values() or not present or non_null(v)[1]):
                if t not in BOXED and not any("null" in line or "None" in line for line in lines):
                    lines = lines + ["Null when absent."]
            out.append("")
            out += javadoc(lines, "    ")
            out.append(f"    public {t} {self.field(k)}() {{")
            out.append(f"        return {self.field(k)};")
            out.append("    }")
        out.append("}")
        out.append("")
        return "\n".join(out)

    @staticmethod
    def _class_doc(doc: list[str]) -> list[str]:
        # The {@link} is javadoc already: keep it out of the markup conversion.
        link = doc[-1]
        lines = javadoc(doc[:-1] + ["LINK"])
        return [line.replace("LINK", link) for line in lines]

    @staticmethod
    def field(name: str) -> str:
        return name + "_" if name in JAVA_KEYWORDS else name

    def render(self) -> dict[str, str]:
        missing = [t for t in TYPES if t not in self.m.defs]
        if missing:
            raise SystemExit(f"java.py: the schema has no type {', '.join(missing)}")
        return {f"{self.name(rust)}.java": self.klass(rust) for rust in self.m.defs if rust in TYPES}
