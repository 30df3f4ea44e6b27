// Bun: `bun bun.js`, and the same after `bun build`.
import * as ncp from "ncpcert";
import * as signer from "ncpcert/signer";
import { runChecks } from "./check.js";

runChecks(ncp, signer, () => import("ncpcert/order"), () => import("ncpcert/keys")).then((line) => console.log(line));
