// TypeScript consumer that follows the README: the same source compiled as CommonJS (node16),
// as an ES module (node16) and with bundler resolution, then run by Node.
import init, { sign, prepare, inspectCsr, placeOrder, Signer, NcpSigningError, NcpOrderError } from "ncpcert";
import type { FetchLike } from "ncpcert";
import * as signer from "ncpcert/signer";
import { readFileSync } from "node:fs";

const PATH = "/api/v2/certificate/requestPaidCertificateIssuance";
const TS = 1700000000000;
const AK = "EXAMPLEAK0000000NCP1";
const SK = "EXAMPLESECRET00000000000000000000NCPSK01";
const SIGNATURE = "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=";

function expect(name: string, got: unknown, want: unknown): void {
  if (got !== want) throw new Error(`${name}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

async function main(): Promise<void> {
  await init(); // a no-op in Node, accepted for code shared with browsers
  const csr = readFileSync(process.argv[2] ?? "", "utf8");
  expect("sign", sign("POST", PATH, TS, AK, SK), SIGNATURE);
  const prepared = prepare({
    csr,
    certificateType: "DV",
    certificateName: "www-example",
    commonName: "www.example.com",
    dnsName: ["www.example.com", "example.com"],
    validationMethod: "D",
  });
  const signed = new Signer({ accessKey: AK, secretKey: SK }).signRequest(prepared, TS);
  expect("signRequest", signed.headers["x-ncp-apigw-signature-v2"], SIGNATURE);
  expect("inspectCsr", inspectCsr(csr).subject.commonNames[0], "www.example.com");
  // placeOrder over a fetch that refuses as NCP does when the name exists (no network).
  const taken: FetchLike = async () =>
    new Response(JSON.stringify({ returnCode: "2000", returnMessage: "The certificate name already exists" }), { status: 400 });
  try {
    await placeOrder({ csr, certificateType: "DV", certificateName: "www-example", commonName: "www.example.com", validationMethod: "D" }, {
      signer: new Signer({ accessKey: AK, secretKey: SK }),
      fetch: taken,
    });
    throw new Error("placeOrder resolved");
  } catch (e) {
    expect("placeOrder", e instanceof NcpOrderError && e.code, "order.name_taken");
  }
  expect("signer.sign", signer.sign("POST", PATH, TS, AK, SK), SIGNATURE);
  const headers = new signer.Signer({ accessKey: AK, secretKey: SK }).headers("POST", PATH, TS);
  expect("signer.Signer", headers["x-ncp-apigw-signature-v2"], SIGNATURE);
  try {
    signer.sign("POST", "no-slash", TS, AK, SK);
    throw new Error("no error thrown");
  } catch (e) {
    expect("errors", e instanceof signer.NcpSigningError && e instanceof NcpSigningError, true);
  }
  console.log("ncpcert host checks passed: sign, prepare, signRequest, inspectCsr, placeOrder, signer.sign, signer.Signer, errors");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
