// Node, CommonJS: the README's `require`, no init step.
const ncp = require("ncpcert");
const signer = require("ncpcert/signer");

import("./check.js")
  .then(({ runChecks }) => runChecks(ncp, signer, async () => require("ncpcert/order"), async () => require("ncpcert/keys")))
  .then((line) => console.log(line));
