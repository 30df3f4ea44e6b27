// The checks every host of the matrix runs on what it loaded: the reference signature of
// SPEC §3, a `prepare` of the sample request, an `inspectCsr` of the sample CSR, `placeOrder`
// over a fetch that answers as NCP would (no network) from the main entry (which loads the
// order workflow's module on that first call) and then from `ncpcert/order` (`loadOrder()`
// imports it, after the main entry's placeOrder, so that the main entry's own loading is what
// each host runs first), the signing-only entry (`ncpcert/signer`) and, where the host passes
// `loadKeys`, `ncpcert/keys` (keys and CSRs made with the host's own WebCrypto). Resolves to one
// line that names every check passed; rejects on the first that fails.
import { CSR } from "./csr.js";

export const REF = {
  path: "/api/v2/certificate/requestPaidCertificateIssuance",
  ts: 1700000000000,
  ak: "EXAMPLEAK0000000NCP1",
  sk: "EXAMPLESECRET00000000000000000000NCPSK01",
  signature: "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=",
};
// A test key: P-256 in SEC1 PEM written without its public point (`openssl ec -no_public`),
// whose public key the host's WebCrypto must compute.
const SEC1_WITHOUT_PUBLIC_POINT = "-----BEGIN EC PRIVATE KEY-----\nMDECAQEEIOxxqETAxI0IkARutQqH2Sg/Au0/sHJUPyHy/zB0fgL2oAoGCCqGSM49\nAwEH\n-----END EC PRIVATE KEY-----\n";

/** Keys made by the host's WebCrypto and CSRs signed with them, read back by the main entry. */
async function keysChecks(keys, ncp, expect) {
  for (const algorithm of ["p256", "p384", "rsa2048"]) {
    const key = await keys.generateKey(algorithm);
    const csr = await keys.makeCsr(key, ["www.example.com", "example.com"]);
    const report = ncp.inspectCsr(csr);
    expect(`ncpcert/keys ${algorithm}`, `${report.signatureValid} ${report.findings.length} ${report.subject.commonNames[0]}`, "true 0 www.example.com");
  }
  const csr = await keys.makeCsr(SEC1_WITHOUT_PUBLIC_POINT, ["www.example.com"]);
  expect("ncpcert/keys SEC1 key without its public point", ncp.inspectCsr(csr).signatureValid, true);
  let refused;
  try {
    await keys.makeCsr("not a key", ["www.example.com"]);
  } catch (e) {
    refused = e;
  }
  expect("ncpcert/keys errors", refused instanceof ncp.NcpError && refused.code, "key.invalid");
}

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
 * already exists" — then the lookup by name (which placeOrder makes, since a fetch may have
 * sent the order twice) lists an earlier certificate of that name for other names.
 */
function ncpFetch(ncp, taken) {
  return async (url, init) => {
    const { pathname: path, search } = new URL(url);
    const h = init.headers;
    const ts = Number(h["x-ncp-apigw-timestamp"]);
    if (!ncp.verify(init.method, path + search, ts, REF.ak, REF.sk, h["x-ncp-apigw-signature-v2"])) throw new Error("placeOrder: bad signature");
    if (taken && init.method === "GET" && path === LOOKUP_PATH && new URL(url).searchParams.get("certificateName") === "www-example") {
      return json(200, EARLIER_LISTING);
    }
    if (init.method !== "POST" || path !== REF.path || init.body !== ncp.prepare(SAMPLE_REQUEST).body) {
      throw new Error(`placeOrder sent ${init.method} ${url}`);
    }
    return taken
      ? json(400, { returnCode: "2000", returnMessage: "The certificate name already exists: www-example" })
      : json(200, {
          returnCode: "0",
          returnMessage: "success",
          totalRows: 1,
          paidCertificate: { certificateNo: 1000, requestSn: "0".repeat(32), certificateName: "www-example", statusCode: "0", statusName: "Ongoing", regDate: "2026-12-01 17:50:00" },
        });
  };
}

const LOOKUP_PATH = "/api/v2/certificate/getPaidCertificates";
const EARLIER_LISTING = {
  returnCode: "0",
  returnMessage: "success",
  totalCount: 1,
  orders: [
    {
      orderId: "900001",
      certificates: [
        { certificateNo: 999, certificateName: "www-example", commonName: "old.example.com", dnsName: "old.example.com", statusCode: "0", statusName: "ONGOING", certificateType: "NCP_PAID_DV_01", validationMethod: "D", regDate: "2026-11-01 10:00:00" },
      ],
    },
  ],
};

function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** placeOrder accepted, then the name taken by an earlier certificate: `NcpOrderError`'s code. */
async function orderChecks(placeOrder, ncp, errors, signer) {
  const placed = await placeOrder(SAMPLE_REQUEST, { signer, fetch: ncpFetch(ncp, false) });
  let refused;
  try {
    await placeOrder(SAMPLE_REQUEST, { signer, fetch: ncpFetch(ncp, true) });
  } catch (e) {
    refused = e;
  }
  const code = refused instanceof errors.NcpOrderError && refused instanceof errors.NcpError && refused.code;
  return [`${placed.path} ${placed.certificateNo}`, code === "order.name_taken" ? `${code} ${refused.certificateNo}` : String(refused && refused.stack)];
}

export async function runChecks(ncp, signer, loadOrder, loadKeys) {
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
    const [placed, taken] = await orderChecks(ncp.placeOrder, ncp, ncp, orderSigner);
    expect("placeOrder", placed, "accepted 1000");
    expect("NcpOrderError", taken, "order.name_taken 999");
    if (loadOrder) {
      const order = await loadOrder();
      const [placedHere, takenHere] = await orderChecks(order.placeOrder, ncp, order, orderSigner);
      expect("ncpcert/order placeOrder", placedHere, "accepted 1000");
      expect("ncpcert/order NcpOrderError", takenHere, "order.name_taken 999");
      expect("one NcpOrderError", order.NcpOrderError === ncp.NcpOrderError && order.NcpError === ncp.NcpError, true);
    }
    if (loadKeys) await keysChecks(await loadKeys(), ncp, expect);
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
