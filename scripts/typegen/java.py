"""Java classes of the models."""

from __future__ import annotations

from .schema import HEADER, Model, doc_lines, non_null, ref_name, string_enum


JAVA_INTS = {"uint64": "Long", "int64": "Long", "uint32": "Long", "int32": "Integer", "uint16": "Integer", "uint8": "Integer"}
JAVA_KEYWORDS = {"default", "class", "package", "public", "private", "static", "final", "match", "new", "int", "long", "type"}


class Java:
    def __init__(self, model: Model):
        self.m = model

    def type(self, schema: dict) -> str:
        s, _ = non_null(schema)
        if "$ref" in s:
            name = ref_name(s["$ref"])
            kind = self.m.kind(name)
            if kind == "enum":
                return "String"
            if kind == "union":
                return "com.google.gson.JsonObject"
            return name
        if "const" in s or string_enum(s) is not None:
            return "String"
        if "oneOf" in s or "anyOf" in s:
            return "com.google.gson.JsonElement"
        t = s.get("type")
        if t == "string":
            return "String"
        if t == "integer":
            return JAVA_INTS.get(s.get("format", ""), "Long")
        if t == "number":
            return "Double"
        if t == "boolean":
            return "Boolean"
        if t == "array":
            return f"java.util.List<{self.type(s.get('items', {}))}>"
        if t == "object":
            extra = s.get("additionalProperties")
            return f"java.util.Map<String, {self.type(extra) if isinstance(extra, dict) else 'com.google.gson.JsonElement'}>"
        return "com.google.gson.JsonElement"

    @staticmethod
    def field(name: str) -> str:
        return name + "_" if name in JAVA_KEYWORDS else name

    @staticmethod
    def javadoc(lines: list[str], indent: str = "") -> list[str]:
        if not lines:
            return []
        esc = [line.replace("*/", "*&#47;").replace("<", "&lt;").replace(">", "&gt;") for line in lines]
        return [f"{indent}/**"] + [f"{indent} * {line}".rstrip() for line in esc] + [f"{indent} */"]

    def klass(self, name: str, props: list[tuple[str, dict, bool]], doc: list[str]) -> str:
        out = [f"// {HEADER}", "package ncpcert.model;", ""]
        out += self.javadoc(doc or [f"{name}, as ncpcert returns it."])
        out.append(f"public final class {name} {{")
        seen = set()
        for k, v, req in props:
            if k in seen:
                continue
            seen.add(k)
            out += self.javadoc(doc_lines(v) + ([] if req else ["May be absent (null)."]), "    ")
            if self.field(k) != k:
                out.append(f'    @com.google.gson.annotations.SerializedName("{k}")')
            out.append(f"    public {self.type(v)} {self.field(k)};")
        out.append("}")
        out.append("")
        return "\n".join(out)

    def render(self) -> dict[str, str]:
        files = {}
        for name, s in self.m.defs.items():
            kind = self.m.kind(name)
            if kind == "object":
                files[f"{name}.java"] = self.klass(name, Model.properties(s), doc_lines(s))
            elif kind in ("tagged", "tagged-mixed"):
                props, seen = [], set()
                for a in s["oneOf"]:
                    extra = Model.properties(self.m.defs[ref_name(a["$ref"])]) if "$ref" in a else []
                    for k, v, _ in Model.properties(a) + extra:
                        if k not in seen:
                            seen.add(k)
                            props.append((k, v, False))
                files[f"{name}.java"] = self.klass(name, props, doc_lines(s))
        return files
