// Bundled by scripts/bench.sh (esbuild) into peculiar.bundle.js for browser-csr.html:
// reflect-metadata first, as @peculiar/x509's README asks, then the CSR class.
import 'reflect-metadata';
export { Pkcs10CertificateRequest } from '@peculiar/x509';
