// A Cloudflare Worker, bundled by wrangler: answers a request signed with NCP's signature v2
// (checked with `verify` of `ncpcert/signer`) with the shared checks' line (`ncpcert/order`
// and `ncpcert/keys` included), and 401 otherwise.
import * as ncp from "ncpcert";
import * as signer from "ncpcert/signer";
import { REF, runChecks } from "../check.js";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const ts = Number(request.headers.get("x-ncp-apigw-timestamp"));
    const ak = request.headers.get("x-ncp-iam-access-key") || "";
    const signature = request.headers.get("x-ncp-apigw-signature-v2") || "";
    if (ak !== REF.ak || !signer.verify(request.method, url.pathname + url.search, ts, ak, REF.sk, signature)) {
      return new Response("bad signature\n", { status: 401 });
    }
    return new Response(await runChecks(ncp, signer, () => import("ncpcert/order"), () => import("ncpcert/keys")));
  },
};
