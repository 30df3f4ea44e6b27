"""Go structs of the models (bindings-go/models.go).

The structs keep the Go package's conventions: the Go names below where Go spells a name
differently (initialisms), a plain string for every enum, a pointer for a field the core may
leave out or write as null (nil: absent) unless listed in VALUE, and, for a type whose JSON
keeps the fields NCP sent that the core does not know, an `Extra` map filled by an
UnmarshalJSON method (decodeObject, in object.go).
"""

from __future__ import annotations

import re

from .schema import HEADER, Model, doc_lines, non_null, ref_name, string_enum

# The types the package returns, by their Rust name (the schema's). Errors are Go error types
# with methods of their own, written by hand (errors.go, order.go); the order driver's
# actions are read inside the package only.
TYPES = [
    "PreparedRequest", "Finding", "Report", "CsrReport", "CsrSubject", "SanEntry", "CsrKey",
    "IssuanceResponse", "PaidCertificate", "CertificateListAnswer", "CertificateOrder",
    "CertificateSummary", "DcvStatuses", "DcvRecord", "CertificateChain", "OrganizationList",
    "Organization", "PlacedOrder", "Step", "CallFailure",
]

# Rust name -> Go name, where they differ.
NAMES = {
    "CsrReport": "CSRReport",
    "CsrSubject": "CSRSubject",
    "SanEntry": "CSRSubjectAltName",
    "CsrKey": "CSRKey",
    "CertificateListAnswer": "CertificateList",
}

# Words Go writes in capitals (the JSON name's words, lower-cased).
INITIALISMS = {"id": "ID", "url": "URL", "http": "HTTP", "dns": "DNS", "pem": "PEM", "csr": "CSR",
               "ca": "CA", "rsa": "RSA", "san": "SAN", "sha": "SHA"}

# (Rust type, JSON name) -> Go field name, where the words do not make it.
FIELDS = {("DcvStatuses", "dnsVerificationList"): "Records"}

# (Rust type, JSON name) -> Go type, where it is not the default mapping of the schema's.
GO_TYPES = {
    ("CsrKey", "bits"): "*int",
    ("CsrKey", "rsaExponent"): "*uint64",
    ("PlacedOrder", "attempts"): "int",
    # The core writes file name -> PEM text.
    ("CertificateChain", "files"): "map[string]string",
}

# (Rust type, JSON name): a plain value (the zero value when absent) though the core may
# leave the field out or write null: the body of a GET ("" is no body); the flags the core
# always writes for a listed certificate; the fields of an "api" failure ("" / 0 / false in a
# "transport" one).
VALUE = {
    ("PreparedRequest", "body"),
    ("CertificateSummary", "issued"), ("CertificateSummary", "pending"), ("CertificateSummary", "failed"),
    ("CallFailure", "kind"), ("CallFailure", "httpStatus"), ("CallFailure", "hint"), ("CallFailure", "retryable"),
}

# (Rust type, JSON name) -> the Go field's comment, where the core's says what a VALUE field
# does not do.
DOCS = {("PreparedRequest", "body"): ["The JSON body; \"\" for a GET, which is sent without one."]}

# Fields the Go types have that are not in the core's JSON: (Go name, Go type, comment).
GO_ONLY = {
    "CsrReport": [("JSON", "json.RawMessage", "JSON is the whole report as the core wrote it.")],
    "IssuanceResponse": [("JSON", "json.RawMessage", "JSON is the whole answer as the core wrote it, unknown fields included.")],
    "PlacedOrder": [("JSON", "json.RawMessage", "JSON is the result as the core wrote it.")],
}

# Properties the core writes that its schema does not list yet: ApiError's `retryable` and
# `outcome` are written by a flattened serialize_with, which the schema shows only as the
# outcome's values.
MISSING = {
    "ApiError": [
        ("retryable", {"type": "boolean", "description": "True exactly when outcome is resendable."}, True),
        ("outcome", {"$ref": "#/$defs/Outcome", "description": "What the failure means for sending the request again."}, True),
    ],
}

INTS = {"uint16": "int", "uint8": "int", "int32": "int"}  # every other integer: int64


def go_doc(text: str) -> str:
    """Rustdoc markup as plain text: [`X`](link) and [`X`] as X, `code` as code (None as nil)."""
    text = re.sub(r"`Some\(([^`]*)\)`", r"\1", text).replace("`None`", "nil")
    text = re.sub(r"\[`([^`\]]+)`\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[`([^`\]]+)`\]", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return text.replace("`", "")


def comment(lines: list[str], indent: str = "") -> list[str]:
    return [f"{indent}// {go_doc(line)}".rstrip() for line in lines]


class Go:
    def __init__(self, model: Model):
        self.m = model

    @staticmethod
    def name(rust: str) -> str:
        return NAMES.get(rust, rust)

    @staticmethod
    def field(owner: str, key: str) -> str:
        if (owner, key) in FIELDS:
            return FIELDS[(owner, key)]
        words = re.findall(r"[A-Z]?[a-z]+|[0-9]+|[A-Z]+(?![a-z])", key)
        return "".join(INITIALISMS.get(w.lower(), w[:1].upper() + w[1:]) for w in words)

    def _type(self, s: dict) -> str:
        if "$ref" in s:
            target = ref_name(s["$ref"])
            if target in TYPES:
                return self.name(target)
            if string_enum(self.m.defs[target]) is not None:
                return "string"
            raise SystemExit(f"go.py: no Go type for {target}; add it to TYPES")
        if "const" in s or string_enum(s) is not None:
            return "string"
        t = s.get("type")
        if t == "string":
            return "string"
        if t == "integer":
            return INTS.get(s.get("format", ""), "int64")
        if t == "number":
            return "float64"
        if t == "boolean":
            return "bool"
        if t == "array":
            return "[]" + self._type(non_null(s.get("items", {}))[0])
        if t == "object":
            extra = s.get("additionalProperties")
            return "map[string]" + (self._type(extra) if isinstance(extra, dict) else "json.RawMessage")
        return "json.RawMessage"

    def type(self, owner: str, key: str, schema: dict, present: bool) -> str:
        """present: the core always writes the field, never as null."""
        if (owner, key) in GO_TYPES:
            return GO_TYPES[(owner, key)]
        inner, nullable = non_null(schema)
        t = self._type(inner)
        by_reference = t.startswith("[]") or t.startswith("map[") or t == "json.RawMessage"
        if (nullable or not present) and not by_reference and (owner, key) not in VALUE:
            return "*" + t
        return t

    def properties(self, name: str) -> list[tuple[str, dict, bool]]:
        """(JSON name, schema, always written) of a type; a tagged union's variants merged,
        a field being always written when every variant writes it."""
        s = self.m.defs[name]
        if "oneOf" not in s or "properties" in s:
            return Model.properties(s) + MISSING.get(name, [])
        variants = []
        for alt in s["oneOf"]:
            props = Model.properties(alt)
            if "$ref" in alt:
                props += self.properties(ref_name(alt["$ref"]))
            variants.append(props)
        merged: dict[str, tuple[dict, bool]] = {}
        for props in variants:
            for k, v, req in props:
                if k not in merged:
                    merged[k] = (v, all(any(k2 == k and r for k2, _, r in p) for p in variants))
        return [(k, v, req) for k, (v, req) in merged.items()]

    def struct(self, rust: str) -> list[str]:
        s = self.m.defs[rust]
        name = self.name(rust)
        doc = doc_lines(s)
        if doc:
            doc[0] = f"{name}: {doc[0]}"
        out = comment(doc or [f"{name} is a result of ncpcert."])
        out.append(f"type {name} struct {{")
        for k, v, present in self.properties(rust):
            out += comment(DOCS.get((rust, k)) or doc_lines(v), "\t")
            omit = "" if present else ",omitempty"
            out.append(f"\t{self.field(rust, k)} {self.type(rust, k, v, present)} `json:\"{k}{omit}\"`")
        for field, t, text in GO_ONLY.get(rust, []):
            out += comment([text], "\t")
            out.append(f"\t{field} {t} `json:\"-\"`")
        keeps = Model.keeps_unknown(s)
        if keeps:
            out.append("\t// Extra is every other field, as sent (nil when there is none).")
            out.append("\tExtra map[string]json.RawMessage `json:\"-\"`")
        out.append("}")
        if keeps:
            out += [
                "",
                "// UnmarshalJSON reads the JSON the core writes: each field from exactly its key (case",
                "// counts), every other key into Extra.",
                f"func (x *{name}) UnmarshalJSON(text []byte) error {{ return decodeObject(text, x) }}",
            ]
        return out

    def render(self) -> str:
        out = [
            f"// {HEADER}",
            "",
            "package ncpcert",
            "",
            'import "encoding/json"',
            "",
            "// The results of the package: the JSON the core writes, one field per key. A field the",
            "// core may leave out or write as null is a pointer (nil: absent); Extra holds the fields",
            "// NCP sent that the core does not know, as sent (json.Marshal leaves it out).",
            "",
        ]
        for rust in self.m.defs:
            if rust in TYPES:
                out += self.struct(rust)
                out.append("")
        missing = [t for t in TYPES if t not in self.m.defs]
        if missing:
            raise SystemExit(f"go.py: the schema has no type {', '.join(missing)}")
        return "\n".join(out)
