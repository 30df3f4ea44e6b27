// The CommonJS copy of an ES module of this package (the shared JS layer and the wasm-bindgen
// glue), for the `require` entry of Node: the package ships one source of each, in both module
// formats. Handles the forms these files use and refuses anything else, so that a new form
// fails the build instead of producing a broken copy:
//   import { a, b } from "./x.js";   ->  const { a, b } = require("./x.cjs");
//   import * as m from "./x.js";     ->  const m = require("./x.cjs");
//   export function|class|const N    ->  the same without `export`, then `exports.N = N;`
// Usage: node esm-to-cjs.mjs IN.js OUT.cjs
import { readFileSync, writeFileSync } from "node:fs";

const [input, output] = process.argv.slice(2);
let src = readFileSync(input, "utf8");
const names = [];

src = src.replace(/^import \{([^}]*)\} from "(\.\/[^"]+)\.js";$/gm, (_, list, path) =>
  `const {${list}} = require("${path}.cjs");`);
src = src.replace(/^import \* as (\w+) from "(\.\/[^"]+)\.js";$/gm, (_, name, path) =>
  `const ${name} = require("${path}.cjs");`);
src = src.replace(/^export (async function\*?|function\*?|class|const|let) (\w+)/gm, (_, kind, name) => {
  names.push(name);
  return `${kind} ${name}`;
});

const left = src.match(/^(import|export)\b.*$/m) || src.match(/\bimport\.meta\b/);
if (left) {
  console.error(`esm-to-cjs: ${input}: cannot convert \`${left[0]}\``);
  process.exit(1);
}
const tail = names.map((n) => `exports.${n} = ${n};`).join("\n");
writeFileSync(output, `"use strict";\n${src.trimEnd()}\n\n${tail}\n`);
