// ncpcert browser example: live validation, CSR report and signing, all inside the page.
// The page makes no network request except loading its own files (see the CSP in index.html).

const PKG = '../../bindings-wasm/pkg/full/browser.js';

const $ = (id) => document.getElementById(id);

const els = {
  form: $('request-form'),
  certificateType: $('certificateType'),
  certificateName: $('certificateName'),
  commonName: $('commonName'),
  dnsName: $('dnsName'),
  validationMethod: $('validationMethod'),
  organizationNo: $('organizationNo'),
  organizationNoField: $('organizationNo-field'),
  site: $('site'),
  baseUrl: $('baseUrl'),
  csr: $('csr'),
  csrFile: $('csrFile'),
  csrFileClear: $('csrFileClear'),
  csrSource: $('csr-source'),
  accessKey: $('accessKey'),
  secretKey: $('secretKey'),
  summary: $('summary'),
  csrReport: $('csr-report'),
  signedStatus: $('signed-status'),
  signedJson: $('signed-json'),
  curl: $('curl'),
  resign: $('resign'),
  loadError: $('load-error'),
};

// Finding boxes, by the request field they belong to.
const BOXES = {
  certificateType: $('findings-certificateType'),
  certificateName: $('findings-certificateName'),
  commonName: $('findings-commonName'),
  dnsName: $('findings-dnsName'),
  validationMethod: $('findings-validationMethod'),
  organizationNo: $('findings-organizationNo'),
  csr: $('findings-csr'),
  site: $('findings-site'),
  keys: $('findings-keys'),
  general: $('findings-general'),
};

// Which box a finding's JSON path goes to: `dnsName[3]` → dnsName (line of the 4th name),
// `csr`, `csr.cn`, `csr.san[1]` … → csr, `baseUrl`/`site` → site, other known names by name.
function boxFor(field) {
  const f = String(field ?? '');
  if (f.startsWith('csr')) return 'csr';
  if (f === 'dnsName' || f.startsWith('dnsName[') || f.startsWith('dnsName.')) return 'dnsName';
  if (f === 'baseUrl' || f === 'site') return 'site';
  if (f === 'accessKey' || f === 'secretKey') return 'keys';
  if (Object.prototype.hasOwnProperty.call(BOXES, f)) return f;
  return 'general';
}

// Boxes whose field the user has edited: errors of fields not filled in yet (mostly "required")
// stay quiet until then (the summary still counts them); warnings always show. Selects start with a valid value, so they count as edited.
const touched = new Set(['certificateType', 'validationMethod', 'site', 'general']);
const TOUCHES = {
  certificateType: ['certificateType', 'organizationNo'],
  csrFile: ['csr'],
  baseUrl: ['site'],
  accessKey: ['keys'],
  secretKey: ['keys'],
};
function touch(target) {
  const id = target && target.id;
  if (!id) return;
  for (const box of TOUCHES[id] ?? [id]) touched.add(box);
}

let api = null; // the ncpcert module, once loaded
let csrFile = null; // {name, bytes} when the CSR comes from a file
let signed = null; // last signed request (for re-signing)

// ---- reading the form -----------------------------------------------------------------------

function readForm() {
  // dnsName: one per line; blank lines skipped; remember the line of each entry.
  const dnsName = [];
  const dnsLines = [];
  els.dnsName.value.split('\n').forEach((line, i) => {
    const name = line.replace(/\r$/, '');
    if (name.trim() !== '') {
      dnsName.push(name);
      dnsLines.push(i + 1);
    }
  });
  const request = {
    csr: csrFile ? csrFile.bytes : els.csr.value,
    certificateType: els.certificateType.value,
    certificateName: els.certificateName.value,
    commonName: els.commonName.value,
    validationMethod: els.validationMethod.value,
  };
  if (dnsName.length) request.dnsName = dnsName;
  const localFindings = [];
  const org = els.organizationNo;
  if (org.validity && org.validity.badInput) {
    localFindings.push({
      code: 'organizationNo.invalid',
      field: 'organizationNo',
      severity: 'error',
      message: 'The organization number must be a positive whole number.',
    });
  } else if (org.value.trim() !== '') {
    request.organizationNo = Number(org.value);
  }
  return { request, dnsLines, localFindings };
}

function prepareOptions() {
  const opts = { site: els.site.value };
  const base = els.baseUrl.value.trim();
  if (base) opts.baseUrl = base;
  return opts;
}

// ---- rendering ------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

function findingItem(f, where) {
  const sev = f.severity === 'warning' ? 'warning' : 'error';
  return el(
    'li',
    { class: `finding ${sev}`, 'data-code': f.code, 'data-field': f.field ?? '' },
    el('span', { class: 'sev' }, sev),
    el('code', { class: 'code' }, f.code),
    where ? el('span', { class: 'where' }, where) : null,
    el('span', { class: 'msg' }, f.message),
  );
}

function clearBoxes() {
  for (const box of Object.values(BOXES)) box.replaceChildren();
  for (const field of document.querySelectorAll('.field')) field.classList.remove('has-error', 'has-warning');
}

function markField(name, severity) {
  const field = document.querySelector(`.field[data-field="${name}"]`);
  if (!field) return;
  if (severity === 'error') {
    field.classList.remove('has-warning');
    field.classList.add('has-error');
  } else if (!field.classList.contains('has-error')) {
    field.classList.add('has-warning');
  }
}

function whereOf(f, box, dnsLines) {
  const field = String(f.field ?? '');
  if (box === 'dnsName') {
    const m = /^dnsName\[(\d+)\]/.exec(field);
    if (m) {
      const line = dnsLines[Number(m[1])];
      return line ? `line ${line}` : field;
    }
    return null;
  }
  if (box === 'csr') return field === 'csr' ? null : field;
  if (box === 'general' || box === 'site' || box === 'keys') return field || null;
  return null;
}

/** Shows each finding next to its field; returns how many were held back (untouched fields). */
function placeFindings(findings, dnsLines, all = false) {
  let held = 0;
  // Errors first, then warnings; stable otherwise.
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  for (const f of sorted) {
    const box = boxFor(f.field);
    if (!all && f.severity === 'error' && !touched.has(box)) {
      held += 1;
      continue;
    }
    BOXES[box].append(findingItem(f, whereOf(f, box, dnsLines)));
    if (box !== 'general') markField(box === 'site' ? 'baseUrl' : box, f.severity);
  }
  return held;
}

function errorText(e) {
  if (e && typeof e === 'object') {
    const code = e.code ? `${e.code}: ` : '';
    return `${code}${e.message ?? String(e)}`;
  }
  return String(e);
}

function findingsOfError(e, fallbackField) {
  if (e && Array.isArray(e.findings) && e.findings.length) return e.findings;
  if (e && Array.isArray(e.errors) && e.errors.length) return [...e.errors, ...(e.warnings ?? [])];
  return [
    {
      code: (e && e.code) || (e && e.name) || 'error',
      field: (e && e.field) || fallbackField,
      severity: 'error',
      message: (e && e.message) || String(e),
    },
  ];
}

// ---- CSR report -----------------------------------------------------------------------------

let csrCache = { key: null, value: null };

function inspect(csr) {
  const key = csr instanceof Uint8Array ? csr : `text:${csr}`;
  if (csrCache.key === key) return csrCache.value;
  let value;
  try {
    value = { report: api.inspectCsr(csr) };
  } catch (e) {
    value = { error: e };
  }
  csrCache = { key, value };
  return value;
}

function row(label, ...value) {
  return [el('dt', {}, label), el('dd', {}, ...value)];
}

function renderCsrReport(csr) {
  const empty = csr instanceof Uint8Array ? csr.length === 0 : csr.trim() === '';
  if (empty) {
    els.csrReport.replaceChildren(el('p', { class: 'hint' }, 'Paste a CSR or choose a file.'));
    return;
  }
  const { report, error } = inspect(csr);
  if (error) {
    els.csrReport.replaceChildren(
      el('p', { class: 'csr-unreadable' }, 'Not a readable CSR.'),
      el('ul', { class: 'findings', id: 'csr-report-findings' }, ...findingsOfError(error, 'csr').map((f) => findingItem(f, null))),
    );
    return;
  }
  const s = report.subject ?? {};
  const subject = [];
  for (const cn of s.commonNames ?? []) subject.push(`CN=${cn}`);
  if (s.organization) subject.push(`O=${s.organization}`);
  if (s.organizationalUnit) subject.push(`OU=${s.organizationalUnit}`);
  if (s.locality) subject.push(`L=${s.locality}`);
  if (s.state) subject.push(`ST=${s.state}`);
  if (s.country) subject.push(`C=${s.country}`);

  const sans = (report.san ?? []).map((e) => el('li', {}, e.kind === 'dns' ? '' : el('span', { class: 'kind' }, e.kind), e.value));
  const k = report.key ?? {};
  const keyText = [k.algorithm, k.bits ? `${k.bits} bits` : null, k.curve, k.rsaExponent ? `e = ${k.rsaExponent}` : null]
    .filter(Boolean)
    .join(', ');
  const sig =
    report.signatureValid === true
      ? el('span', { class: 'good' }, '✓ valid')
      : report.signatureValid === false
        ? el('span', { class: 'bad' }, '✗ invalid')
        : el('span', { class: 'muted' }, 'not verified (algorithm not accepted)');
  const findings = report.findings ?? [];
  const fp = String(report.fingerprintSha256 ?? '');

  const dl = el(
    'dl',
    { class: 'kv' },
    ...row('Subject', el('span', { id: 'csr-subject' }, subject.join(', ') || '(empty)')),
    ...row(
      'SANs',
      sans.length
        ? el('ul', { class: 'sans', id: 'csr-sans' }, ...sans)
        : el('span', { class: 'muted', id: 'csr-sans' }, report.hasSanExtension ? '(empty extension)' : '(no SAN extension)'),
    ),
    ...row('Key', el('span', { id: 'csr-key' }, keyText || '?')),
    ...row('Signature', el('span', { id: 'csr-sigalg' }, report.signatureAlgorithm ?? '?'), ' ', el('span', { id: 'csr-sigvalid' }, sig)),
    ...row('SHA-256', el('code', { class: 'fingerprint', id: 'csr-fingerprint' }, fp)),
  );
  const details = el(
    'details',
    { class: 'pem' },
    el('summary', {}, 'Canonical PEM (what is sent)'),
    el('pre', { class: 'out' }, report.canonicalPem ?? ''),
  );
  const list = findings.length
    ? el('ul', { class: 'findings', id: 'csr-report-findings' }, ...findings.map((f) => findingItem(f, f.field === 'csr' ? null : f.field)))
    : el('p', { class: 'good', id: 'csr-report-findings' }, '✓ No finding on the CSR itself.');
  els.csrReport.replaceChildren(dl, el('h3', {}, 'Findings'), list, details);
}

// ---- signing --------------------------------------------------------------------------------

function shellQuote(s) {
  return `'${String(s).replaceAll("'", `'\\''`)}'`;
}

function curlCommand(req) {
  const lines = [`curl -X ${req.method} ${shellQuote(req.url)}`];
  for (const [k, v] of Object.entries(req.headers)) lines.push(`  -H ${shellQuote(`${k}: ${v}`)}`);
  lines.push(`  --data-raw ${shellQuote(req.body)}`);
  return lines.join(' \\\n');
}

function setOutputs(req, status, statusClass) {
  els.signedStatus.textContent = status;
  els.signedStatus.className = statusClass;
  els.signedJson.textContent = req ? JSON.stringify(req, null, 2) : '';
  els.curl.textContent = req ? curlCommand(req) : '';
  for (const b of document.querySelectorAll('button.copy')) b.disabled = !req;
  els.resign.disabled = !req;
}

function sign(request, valid) {
  signed = null;
  const accessKey = els.accessKey.value;
  const secretKey = els.secretKey.value;
  if (!valid) {
    setOutputs(null, 'Fix the errors above to sign the request.', 'hint');
    return;
  }
  if (!accessKey || !secretKey) {
    setOutputs(null, 'The request is valid. Fill in both keys to sign it.', 'hint');
    return;
  }
  let prepared;
  try {
    prepared = api.prepare(request, prepareOptions());
  } catch (e) {
    placeFindings(findingsOfError(e, 'baseUrl'), [], true);
    setOutputs(null, `Cannot prepare the request: ${errorText(e)}`, 'bad');
    return;
  }
  let signer;
  try {
    signer = new api.Signer({ accessKey, secretKey });
    signed = signer.signRequest(prepared);
  } catch (e) {
    placeFindings(findingsOfError(e, 'accessKey'), [], true);
    setOutputs(null, `Cannot sign: ${errorText(e)}`, 'bad');
    return;
  } finally {
    if (signer) signer.free();
  }
  const at = new Date(signed.timestampMs);
  setOutputs(
    signed,
    `Signed at ${at.toLocaleTimeString()} (timestamp ${signed.timestampMs}). NCP refuses it 5 minutes from then: ` +
      're-sign before sending, and re-sign for every retry.',
    'good',
  );
}

// ---- the update loop ------------------------------------------------------------------------

function update() {
  if (!api) return;
  els.organizationNoField.classList.toggle('dim', els.certificateType.value === 'NCP_PAID_DV_01');
  clearBoxes();
  const { request, dnsLines, localFindings } = readForm();

  let report;
  try {
    report = api.validate(request);
  } catch (e) {
    report = { valid: false, findings: findingsOfError(e, '') };
  }
  const findings = [...localFindings, ...(report.findings ?? [])];
  const held = placeFindings(findings, dnsLines);

  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const valid = report.valid && errors === 0;
  const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const heldText = held ? ` (${held} in fields not filled in yet)` : '';
  els.summary.textContent = valid
    ? `✓ Valid${warnings ? ` — ${plural(warnings, 'warning')}` : ''}${heldText}`
    : `✗ ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}${heldText}` +
      (document.querySelector('.finding.error') ? ' — see the marked fields' : ' — fill in the form');
  els.summary.className = `summary ${valid ? (warnings ? 'warn' : 'good') : 'bad'}`;
  els.summary.dataset.valid = String(valid);

  renderCsrReport(request.csr);
  sign(request, valid);
}

// ---- events ---------------------------------------------------------------------------------

function describeFile(f) {
  els.csrSource.textContent = f ? `Using file ${f.name} (${f.bytes.length} bytes).` : '';
  els.csrFileClear.hidden = !f;
  els.csr.disabled = !!f;
}

async function readCsrFile(file) {
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer()); // read as bytes: PEM or DER
  csrFile = { name: file.name, bytes };
  els.csr.value = '';
  describeFile(csrFile);
  update();
}

els.form.addEventListener('submit', (e) => e.preventDefault());
els.form.addEventListener('input', (e) => {
  if (e.target === els.csrFile) return;
  touch(e.target);
  update();
});
els.form.addEventListener('change', (e) => {
  touch(e.target);
  if (e.target === els.csrFile) readCsrFile(els.csrFile.files[0]);
  else update();
});
els.csrFileClear.addEventListener('click', () => {
  csrFile = null;
  els.csrFile.value = '';
  describeFile(null);
  update();
  els.csr.focus();
});
els.csr.addEventListener('dragover', (e) => e.preventDefault());
els.csr.addEventListener('drop', (e) => {
  e.preventDefault();
  touched.add('csr');
  readCsrFile(e.dataTransfer.files[0]);
});
els.resign.addEventListener('click', () => update());
for (const b of document.querySelectorAll('button.copy')) {
  b.addEventListener('click', async () => {
    const text = $(b.dataset.copy).textContent;
    try {
      await navigator.clipboard.writeText(text);
      b.textContent = 'Copied';
    } catch {
      b.textContent = 'Copy failed';
    }
    setTimeout(() => (b.textContent = 'Copy'), 1200);
  });
}

// ---- start ----------------------------------------------------------------------------------

try {
  const mod = await import(PKG);
  await mod.default();
  api = mod;
  document.body.dataset.ready = 'true';
  update();
} catch (e) {
  els.loadError.hidden = false;
  els.loadError.textContent =
    `Could not load ncpcert's WebAssembly module (${errorText(e)}). Build the package with ` +
    'bindings-wasm/build.sh, then serve the repository root over HTTP (for example ' +
    '`python3 -m http.server` there) and open /examples/browser/.';
  els.summary.textContent = 'Not loaded.';
  document.body.dataset.ready = 'error';
}
