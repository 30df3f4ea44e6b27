// Deno 2: `deno run deno.js`, no permission flags; the package from node_modules.
import * as ncp from "ncpcert";
import * as signer from "ncpcert/signer";
import { runChecks } from "./check.js";

runChecks(ncp, signer, () => import("ncpcert/order"), () => import("ncpcert/keys")).then((line) => console.log(line));
