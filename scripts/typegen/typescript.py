"""TypeScript declarations of the models."""

from __future__ import annotations

import json
import re

from .schema import HEADER, Model, doc_lines, non_null, ref_name, string_enum


class TypeScript:
    def __init__(self, model: Model):
        self.m = model

    def type(self, schema: dict) -> str:
        schema, nullable = non_null(schema)
        t = self._type(schema)
        return f"{t} | null" if nullable else t

    def _type(self, s: dict) -> str:
        if "$ref" in s and "properties" not in s:
            return ref_name(s["$ref"])
        if "$ref" in s:
            return f"{ref_name(s['$ref'])} & {self.inline_object(s)}"
        if "const" in s:
            return json.dumps(s["const"])
        values = string_enum(s)
        if values is not None:
            return " | ".join(json.dumps(v) for v in values)
        for key in ("oneOf", "anyOf"):
            if key in s:
                return " | ".join(self.type(a) for a in s[key])
        t = s.get("type")
        if t == "string":
            return "string"
        if t in ("integer", "number"):
            return "number"
        if t == "boolean":
            return "boolean"
        if t == "array":
            item = self.type(s.get("items", {}))
            return f"({item})[]" if "|" in item or "&" in item else f"{item}[]"
        if t == "object":
            if "properties" in s:
                return self.inline_object(s)
            extra = s.get("additionalProperties")
            value = self.type(extra) if isinstance(extra, dict) else "unknown"
            return f"Record<string, {value}>"
        return "unknown"

    def inline_object(self, s: dict) -> str:
        fields = [
            f"{self.key(k)}{'' if req else '?'}: {self.type(v if req else non_null(v)[0])}"
            for k, v, req in Model.properties(s)
        ]
        return "{ " + "; ".join(fields) + " }"

    @staticmethod
    def key(name: str) -> str:
        return name if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", name) else json.dumps(name)

    @staticmethod
    def doc(lines: list[str], indent: str = "") -> list[str]:
        if not lines:
            return []
        if len(lines) == 1:
            return [f"{indent}/** {lines[0]} */"]
        return [f"{indent}/**"] + [f"{indent} * {line}".rstrip() for line in lines] + [f"{indent} */"]

    def object_body(self, s: dict) -> list[str]:
        out = []
        for k, v, req in Model.properties(s):
            out += self.doc(doc_lines(v), "  ")
            # Serialised types: a property that may be left out is left out when it has no
            # value (`skip_serializing_if`), never written as null.
            t = self.type(v) if req else self.type(non_null(v)[0])
            out.append(f"  {self.key(k)}{'' if req else '?'}: {t};")
        if Model.keeps_unknown(s):
            out.append("  /** Fields NCP sent that ncpcert does not know, kept as sent. */")
            out.append("  [field: string]: unknown;")
        return out

    def render(self) -> str:
        out = [f"// {HEADER}", "// The shapes of what ncpcert returns; see index.d.ts for the functions.", ""]
        for name, s in self.m.defs.items():
            out += self.doc(doc_lines(s))
            kind = self.m.kind(name)
            if kind == "object":
                out.append(f"export interface {name} {{")
                out += self.object_body(s)
                out.append("}")
            elif kind == "enum":
                out.append(f"export type {name} = {' | '.join(json.dumps(v) for v in string_enum(s))};")
            else:
                alts = s.get("oneOf") or s.get("anyOf")
                out.append(f"export type {name} =")
                for a in alts:
                    if a.get("type") == "object" and "$ref" not in a:
                        body = self.object_body(a)
                        out.append("  | {")
                        out += ["  " + line for line in body]
                        out.append("    }")
                    else:
                        out.append(f"  | {self.type(a)}")
                out[-1] += ";"
            out.append("")
        return "\n".join(out)
