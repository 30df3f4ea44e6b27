// The checks every host of the matrix runs on what it loaded: the reference signature of
// SPEC §3, a `prepare` of the sample request, an `inspectCsr` of the sample CSR, `placeOrder`
// over a fetch that answers as NCP would (no network), and the signing-only entry
// (`ncpcert/signer`) where the host has it. Resolves to one line that names every check
// passed; rejects on the first that fails.
import { CSR } from "./csr.js";

export const REF = {
  path: "/api/v2/certificate/requestPaidCertificateIssuance",
  ts: 1700000000000,
  ak: "EXAMPLEAK0000000NCP1",
  sk: "EXAMPLESECRET00000000000000000000NCPSK01",
  signature: "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=",
};
const URL_ISSUANCE = "https://certificatemanager.apigw.ntruss.com" + REF.path;

export const SAMPLE_REQUEST = {
  csr: CSR,
  certificateType: "DV",
  certificateName: "www-example",
  commonName: "www.example.com",
  dnsName: ["www.example.com", "example.com"],
  validationMethod: "D",
};

/**
 * A fetch that answers the issuance request as NCP does, after checking that it is the
 * prepared request, signed (with `verify`): accepted, or refused with "the certificate name
 * already exists".
 */
function ncpFetch(ncp, taken) {
  return async (url, init) => {
    const path = new URL(url).pathname;
    const h = init.headers;
    const ts = Number(h["x-ncp-apigw-timestamp"]);
    if (init.method !== "POST" || path !== REF.path || init.body !== ncp.prepare(SAMPLE_REQUEST).body) {
      throw new Error(`placeOrder sent ${init.method} ${url}`);
    }
    if (!ncp.verify("POST", path, ts, REF.ak, REF.sk, h["x-ncp-apigw-signature-v2"])) throw new Error("placeOrder: bad signature");
    const answer = taken
      ? { returnCode: "2000", returnMessage: "The certificate name already exists: www-example" }
      : {
          returnCode: "0",
          returnMessage: "success",
          totalRows: 1,
          paidCertificate: { certificateNo: 1000, requestSn: "0".repeat(32), certificateName: "www-example", statusCode: "0", statusName: "Ongoing", regDate: "2026-12-01 17:50:00" },
        };
    return new Response(JSON.stringify(answer), { status: taken ? 400 : 200, headers: { "Content-Type": "application/json" } });
  };
}

export async function runChecks(ncp, signer) {
  const passed = [];
  const expect = (name, got, want) => {
    if (got !== want) throw new Error(`${name}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    passed.push(name);
  };
  const keys = { accessKey: REF.ak, secretKey: REF.sk };
  if (ncp) {
    expect("sign", ncp.sign("POST", REF.path, REF.ts, REF.ak, REF.sk), REF.signature);
    const prepared = ncp.prepare(SAMPLE_REQUEST);
    expect("prepare", prepared.url, URL_ISSUANCE);
    const signed = new ncp.Signer(keys).signRequest(prepared, REF.ts);
    expect("signRequest", signed.headers["x-ncp-apigw-signature-v2"], REF.signature);
    expect("inspectCsr", ncp.inspectCsr(CSR).subject.commonNames[0], "www.example.com");
    const orderSigner = new ncp.Signer(keys);
    const placed = await ncp.placeOrder(SAMPLE_REQUEST, { signer: orderSigner, fetch: ncpFetch(ncp, false) });
    expect("placeOrder", `${placed.path} ${placed.certificateNo}`, "accepted 1000");
    let refused;
    try {
      await ncp.placeOrder(SAMPLE_REQUEST, { signer: orderSigner, fetch: ncpFetch(ncp, true) });
    } catch (e) {
      refused = e;
    }
    expect("NcpOrderError", refused instanceof ncp.NcpOrderError && refused instanceof ncp.NcpError && refused.code, "order.name_taken");
  }
  if (signer) {
    expect("signer.sign", signer.sign("POST", REF.path, REF.ts, REF.ak, REF.sk), REF.signature);
    const keyed = new signer.Signer(keys);
    keyed.headers("POST", REF.path, REF.ts - 1);
    const headers = keyed.headers("POST", REF.path, REF.ts); // the same target again
    expect("signer.Signer", headers["x-ncp-apigw-signature-v2"], REF.signature);
    expect("signer.verify", signer.verify("POST", REF.path, REF.ts, REF.ak, REF.sk, REF.signature), true);
    let thrown;
    try {
      signer.sign("POST", "no-slash", REF.ts, REF.ak, REF.sk);
    } catch (e) {
      thrown = e;
    }
    expect("signer errors", thrown instanceof signer.NcpSigningError && thrown instanceof signer.NcpError, true);
  }
  return `ncpcert host checks passed: ${passed.join(", ")}`;
}
