"""Python types of the models."""

from __future__ import annotations

import json

from .schema import HEADER, Model, doc_lines, non_null, pascal, ref_name, string_enum, tag_of


class Python:
    def __init__(self, model: Model):
        self.m = model

    def type(self, schema: dict) -> str:
        schema, nullable = non_null(schema)
        t = self._type(schema)
        return f"Optional[{t}]" if nullable else t

    def _type(self, s: dict) -> str:
        if "$ref" in s:
            return f'"{ref_name(s["$ref"])}"'
        if "const" in s:
            return f"Literal[{json.dumps(s['const'])}]"
        values = string_enum(s)
        if values is not None:
            return "Literal[" + ", ".join(json.dumps(v) for v in values) + "]"
        for key in ("oneOf", "anyOf"):
            if key in s:
                return "Union[" + ", ".join(self.type(a) for a in s[key]) + "]"
        t = s.get("type")
        simple = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
        if t in simple:
            return simple[t]
        if t == "array":
            return f"List[{self.type(s.get('items', {}))}]"
        if t == "object":
            extra = s.get("additionalProperties")
            value = self.type(extra) if isinstance(extra, dict) else "Any"
            return f"Dict[str, {value}]"
        return "Any"

    def typed_dict(self, name: str, s: dict, out: list[str], doc: list[str]) -> None:
        props = Model.properties(s)
        required = [(k, v) for k, v, req in props if req]
        optional = [(k, v) for k, v, req in props if not req]
        # The functional form: field names are the JSON's (camelCase), and `type` is a key.
        def fields(items):
            return "".join(f"\n        {json.dumps(k)}: {self.type(v)}," for k, v in items)

        if optional and required:
            out.append(f"_{name}Required = TypedDict(\"_{name}Required\", {{{fields(required)}\n    }})")
            out.append(f"{name} = TypedDict(\"{name}\", {{{fields(optional)}\n    }}, total=False)")
            out[-1] = f"class {name}(_{name}Required, total=False):"
            out += self.docstring(doc)
            for k, v in optional:
                if k.isidentifier() and k not in ("type", "match"):
                    out.append(f"    {k}: {self.type(v)}")
                else:
                    out.append(f"    # {k}: {self.type(v)} (not a Python name; read it with ['{k}'])")
        else:
            total = "" if required else ", total=False"
            out.append(f"{name} = TypedDict(\"{name}\", {{{fields(required or optional)}\n    }}{total})")
            if doc:
                out.append(f"{name}.__doc__ = {json.dumps(' '.join(doc))}")

    @staticmethod
    def docstring(doc: list[str]) -> list[str]:
        if not doc:
            return []
        return ['    """' + " ".join(doc).replace('"""', "'''") + '"""']

    def render(self) -> str:
        out = [
            f'"""The shapes of what ncpcert returns, as typed dicts. {HEADER}"""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import Any, Dict, List, Literal, Optional, TypedDict, Union",
            "",
        ]
        for name, s in self.m.defs.items():
            kind = self.m.kind(name)
            doc = doc_lines(s)
            out.append("")
            if kind == "object":
                self.typed_dict(name, s, out, doc)
            elif kind == "enum":
                out.append(f"{name} = Literal[" + ", ".join(json.dumps(v) for v in string_enum(s)) + "]")
            else:
                alts = s.get("oneOf") or s.get("anyOf")
                names = []
                for i, a in enumerate(alts):
                    if a.get("type") == "object" and "$ref" not in a:
                        tag = tag_of(alts) or "variant"
                        sub = name + pascal(str(a["properties"].get(tag, {}).get("const", i)))
                        self.typed_dict(sub, a, out, doc_lines(a))
                        names.append(f'"{sub}"')
                    else:
                        names.append(self.type(a))
                out.append(f"{name} = Union[{', '.join(names)}]")
        out.append("")
        return "\n".join(out)
