"""Go structs of the models."""

from __future__ import annotations

import json
import re

from .schema import HEADER, Model, doc_lines, non_null, pascal, ref_name, string_enum, tag_of


GO_INTS = {"uint64": "uint64", "int64": "int64", "uint32": "uint32", "int32": "int32", "uint16": "uint16", "uint8": "uint8"}


class Go:
    def __init__(self, model: Model):
        self.m = model

    @staticmethod
    def field(name: str) -> str:
        special = {"id": "ID", "url": "URL", "no": "No", "ok": "OK", "ms": "Ms"}
        parts = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name)
        out = "".join(special.get(p.lower(), p[:1].upper() + p[1:]) for p in parts)
        return out.replace("Url", "URL").replace("Http", "HTTP").replace("Dns", "DNS").replace("Pem", "PEM") or "X"

    def type(self, schema: dict, required: bool = True) -> str:
        schema, nullable = non_null(schema)
        t = self._type(schema)
        if (nullable or not required) and not (t.startswith("[]") or t.startswith("map[") or t in ("any", "json.RawMessage")):
            return "*" + t
        return t

    def _type(self, s: dict) -> str:
        if "$ref" in s:
            name = ref_name(s["$ref"])
            return "json.RawMessage" if self.m.kind(name) in ("union",) else name
        if "const" in s or string_enum(s) is not None:
            return "string"
        if "oneOf" in s or "anyOf" in s:
            return "json.RawMessage"
        t = s.get("type")
        if t == "string":
            return "string"
        if t == "integer":
            return GO_INTS.get(s.get("format", ""), "int64")
        if t == "number":
            return "float64"
        if t == "boolean":
            return "bool"
        if t == "array":
            return "[]" + self.type(s.get("items", {}))
        if t == "object":
            extra = s.get("additionalProperties")
            return "map[string]" + (self.type(extra) if isinstance(extra, dict) else "any")
        return "any"

    @staticmethod
    def comment(lines: list[str], indent: str = "") -> list[str]:
        return [f"{indent}// {line}".rstrip() for line in lines]

    def struct(self, name: str, props: list[tuple[str, dict, bool]], doc: list[str]) -> list[str]:
        out = self.comment(doc) if doc else [f"// {name} is a type of ncpcert's model."]
        out.append(f"type {name} struct {{")
        seen = set()
        for k, v, req in props:
            if k in seen:
                continue
            seen.add(k)
            omit = "" if req else ",omitempty"
            out += self.comment(doc_lines(v), "\t")
            out.append(f"\t{self.field(k)} {self.type(v, req)} `json:\"{k}{omit}\"`")
        out.append("}")
        return out

    def render(self) -> str:
        out = [f"// {HEADER}", "", "package ncpcert", "", 'import "encoding/json"', "", "var _ json.RawMessage", ""]
        for name, s in self.m.defs.items():
            kind = self.m.kind(name)
            doc = doc_lines(s)
            if kind == "object":
                props = Model.properties(s)
                out += self.struct(name, props, doc)
            elif kind == "enum":
                out += self.comment(doc) if doc else []
                out.append(f"type {name} = string")
                out.append("")
                out.append("const (")
                for v in string_enum(s):
                    out.append(f"\t{name}{pascal(v)} {name} = {json.dumps(v)}")
                out.append(")")
            elif kind in ("tagged", "tagged-mixed"):
                # Every variant's fields in one struct: the tag says which are set.
                props, seen = [], set()
                for a in s["oneOf"]:
                    if "$ref" in a:
                        target = self.m.defs[ref_name(a["$ref"])]
                        extra = Model.properties(target)
                    else:
                        extra = []
                    for k, v, req in Model.properties(a) + extra:
                        if k not in seen:
                            seen.add(k)
                            props.append((k, v, False))
                tag = tag_of([a for a in s["oneOf"] if "$ref" not in a]) or ""
                props = [(k, v, k == tag) for k, v, _ in props]
                out += self.struct(name, props, doc)
            else:
                out += self.comment(doc) if doc else []
                out.append(f"type {name} = json.RawMessage")
            out.append("")
        return "\n".join(out)
