// TypeScript consumer that follows the README: the same source compiled as CommonJS (node16),
// as an ES module (node16) and with bundler resolution, then run by Node.
import init, { sign, prepare, inspectCsr, placeOrder, Signer, NcpSigningError, NcpOrderError } from "ncpcert";
import type { FetchLike } from "ncpcert";
import * as signer from "ncpcert/signer";
import * as order from "ncpcert/order";
import { readFileSync } from "node:fs";

const PATH = "/api/v2/certificate/requestPaidCertificateIssuance";
const TS = 1700000000000;
const AK = "EXAMPLEAK0000000NCP1";
const SK = "EXAMPLESECRET00000000000000000000NCPSK01";
const SIGNATURE = "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=";
const EARLIER = {
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
  // placeOrder over a fetch that refuses as NCP does when the name exists, then lists the
  // earlier certificate of that name, for other names, when placeOrder looks it up (no network).
  const taken: FetchLike = async (_url, init) =>
    init?.method === "GET"
      ? new Response(JSON.stringify(EARLIER), { status: 200 })
      : new Response(JSON.stringify({ returnCode: "2000", returnMessage: "The certificate name already exists" }), { status: 400 });
  const request = { csr, certificateType: "DV", certificateName: "www-example", commonName: "www.example.com", validationMethod: "D" };
  for (const [name, place, OrderError] of [
    ["placeOrder", placeOrder, NcpOrderError],
    ["ncpcert/order", order.placeOrder, order.NcpOrderError],
  ] as const) {
    try {
      await place(request, { signer: new Signer({ accessKey: AK, secretKey: SK }), fetch: taken });
      throw new Error(`${name} resolved`);
    } catch (e) {
      expect(name, e instanceof OrderError && e instanceof NcpOrderError && e.code, "order.name_taken");
    }
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
  console.log("ncpcert host checks passed: sign, prepare, signRequest, inspectCsr, placeOrder, ncpcert/order, signer.sign, signer.Signer, errors");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
