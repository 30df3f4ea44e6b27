// Node, ES module: the README's `import`, no init step.
import * as ncp from "ncpcert";
import * as signer from "ncpcert/signer";
import { runChecks } from "./check.js";

runChecks(ncp, signer, () => import("ncpcert/order"), () => import("ncpcert/keys")).then((line) => console.log(line));
