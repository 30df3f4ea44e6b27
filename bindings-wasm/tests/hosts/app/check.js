// The checks every host of the matrix runs on what it loaded: the reference signature of
// SPEC §3, a `prepare` of the sample request, an `inspectCsr` of the sample CSR, and the
// signing-only entry (`ncpcert/signer`) where the host has it. Returns one line that names
// every check passed; throws on the first that fails.
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

export function runChecks(ncp, signer) {
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
