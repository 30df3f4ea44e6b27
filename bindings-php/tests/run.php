<?php
/**
 * The PHP suite: the shared vectors (tests/vectors) through the Ncpcert class. Plain
 * assertions; closes with "N passed, N failed". Run: php -d ffi.enable=1 tests/run.php
 */

declare(strict_types=1);

require_once __DIR__ . '/../src/Ncpcert.php';

use Ncpcert\ApiError;
use Ncpcert\ArgumentError;
use Ncpcert\CsrError;
use Ncpcert\NcpError;
use Ncpcert\Ncpcert;
use Ncpcert\OrderError;
use Ncpcert\PlacedOrder;
use Ncpcert\SigningError;
use Ncpcert\ValidationError;

$tests = dirname(__DIR__, 2) . '/tests';
$passed = 0;
$failed = 0;

function check(bool $ok, string $what): void
{
    global $passed, $failed;
    if ($ok) {
        $passed++;
    } else {
        $failed++;
        echo "FAIL $what\n";
    }
}

/** The exception $call throws (or null). */
function thrown(callable $call): ?Throwable
{
    try {
        $call();
    } catch (Throwable $e) {
        return $e;
    }
    return null;
}

function load(string $path): array
{
    return json_decode(file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
}

/** (code, field, severity) triples, sorted, for comparing findings as sets with counts. */
function triples(array $findings): array
{
    $out = array_map(fn ($f) => "{$f['code']}|{$f['field']}|{$f['severity']}", $findings);
    sort($out);
    return $out;
}

$ncp = new Ncpcert();
echo 'ncpcert ', $ncp->version(), " (PHP ", PHP_VERSION, " FFI)\n";

// Every signature vector, through sign() and a Signer.
$vectors = load("$tests/vectors/signature_v2.json")['vectors'];
check(count($vectors) >= 8, 'signature vectors present');
foreach ($vectors as $v) {
    $ts = (int) $v['timestamp'];
    check($ncp->sign($v['method'], $v['url'], $ts, $v['access_key'], $v['secret_key']) === $v['expected_signature'], "sign {$v['id']}");
    $signer = $ncp->signer($v['access_key'], $v['secret_key']);
    $h = $signer->headers(strtolower($v['method']), $v['url'], $ts);
    check($h['x-ncp-apigw-signature-v2'] === $v['expected_signature'] && $h['x-ncp-apigw-timestamp'] === $v['timestamp']
        && $h['x-ncp-iam-access-key'] === $v['access_key'], "signer {$v['id']}");
    check(!str_contains(print_r($signer, true), $v['secret_key']), "signer {$v['id']} shows no secret");
    $signer->close();
}

// The sample request: validated, prepared, signed.
$sample = [
    'csr' => file_get_contents("$tests/data/sample.csr.pem"),
    'certificateType' => 'NCP_PAID_DV_01',
    'certificateName' => 'www-example',
    'commonName' => 'www.example.com',
    'dnsName' => ['www.example.com', 'example.com'],
    'validationMethod' => 'D',
];
$report = $ncp->validate($sample);
check($report['valid'] === true && $report['findings'] === [], 'sample request is valid');
$prepared = $ncp->prepare($sample);
check($prepared['url'] === 'https://certificatemanager.apigw.ntruss.com/api/v2/certificate/requestPaidCertificateIssuance', 'prepared url');
check(json_decode($prepared['body'], true)['dnsName'] === ['www.example.com', 'example.com'], 'prepared body');
$signer = $ncp->signer('EXAMPLEAK0000000NCP1', 'EXAMPLESECRET00000000000000000000NCPSK01');
$signed = $ncp->signRequest($prepared, $signer, 1700000000000);
check($signed['headers']['x-ncp-apigw-signature-v2'] === 'QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=', 'signed sample request');
check($signed['headers']['Content-Type'] === 'application/json', 'signed request keeps its headers');
$e = thrown(fn () => $ncp->prepare($sample, 'moon'));
check($e instanceof ArgumentError && $e->ncpCode === 'site.invalid', 'unknown site is an ArgumentError');

// Every request vector: findings as a set; a validation failure is a ValidationError with them.
foreach (load("$tests/vectors/requests.json")['vectors'] as $v) {
    $request = $v['request'];
    if (isset($v['csr_file'])) {
        $request['csr'] = file_get_contents("$tests/data/{$v['csr_file']}");
    }
    $strict = (bool) ($v['strict'] ?? false);
    $want = triples($v['expect']['findings']);
    // JSON text, not the decoded array: PHP would turn {} into [].
    $json = json_encode($request === [] ? new stdClass() : $request, JSON_UNESCAPED_SLASHES);
    $report = $ncp->validate($json, $strict);
    check(triples($report['findings']) === $want && $report['valid'] === $v['expect']['valid'], "validate {$v['id']}");
    $e = thrown(fn () => $ncp->prepare($json, 'public', $strict));
    if ($v['expect']['valid']) {
        check($e === null, "prepare {$v['id']}: " . ($e ? $e->getMessage() : ''));
    } else {
        check($e instanceof ValidationError && $e->ncpCode === 'request.invalid' && triples($e->findings) === $want
            && $e->errors() !== [], "prepare {$v['id']} throws ValidationError with its findings");
    }
}

// Every response vector: success fields, or an ApiError of the right kind.
foreach (load("$tests/vectors/responses.json")['vectors'] as $v) {
    $body = isset($v['body_base64']) ? base64_decode($v['body_base64']) : $v['body'];
    $x = $v['expect'];
    $e = thrown(function () use ($ncp, $v, $body, $x, &$r) {
        $r = $ncp->parseResponse($v['http_status'], $body);
    });
    if ($x['ok']) {
        check($e === null && (!isset($x['certificateNo']) || $r['paidCertificate']['certificateNo'] === $x['certificateNo'])
            && (!isset($x['status']) || $r['paidCertificate']['status'] === $x['status']), "response {$v['id']}");
    } else {
        check($e instanceof ApiError && $e->kind === $x['kind'] && $e->ncpCode === $x['code'] && $e->retryable === $x['retryable']
            && $e->outcome === $x['outcome'] && $e->httpStatus === $x['httpStatus'] && $e->hint !== '', "response {$v['id']}");
    }
}

// Errors are typed, and never show the secret key.
$secret = 'TOPSECRETVALUE0123456789 with a space';
$e = thrown(fn () => $ncp->sign('POST', '/api', 1700000000000, 'EXAMPLEAK0000000NCP1', $secret));
check($e instanceof SigningError && $e->ncpCode === 'signing.secret_key' && !str_contains($e->getMessage() . json_encode($e->data), 'TOPSECRET'), 'sign error hides the secret');
$e = thrown(fn () => $ncp->signer('EXAMPLEAK0000000NCP1', $secret));
check($e instanceof SigningError && !str_contains(json_encode($e->data), 'TOPSECRET'), 'signer error hides the secret');
$e = thrown(fn () => $ncp->inspectCsr('hello'));
check($e instanceof CsrError && $e->ncpCode === 'csr.malformed', 'inspectCsr of junk is a CsrError');
$csr = $ncp->inspectCsr($sample['csr']);
check($csr['key']['algorithm'] === 'RSA' && $csr['signatureValid'] === true, 'inspectCsr of the sample');

// The calls after the request (SPEC §12): each builder, one signed, each parser, the errors.
$origin = 'https://certificatemanager.apigw.ntruss.com';
$p = $ncp->listDcvStatuses(12, 'www.example.com');
check($p['method'] === 'GET' && $p['url'] === "$origin/api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com"
    && $p['path'] === '/api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com' && $p['body'] === null, 'listDcvStatuses request');
$p = $ncp->listDcvStatuses(55332, 'ncloud.com', 'http://127.0.0.1:8080/p');
check($p['url'] === 'http://127.0.0.1:8080/p/api/v2/certificate/getVerificationInfo/55332?domainAddress=ncloud.com'
    && $p['path'] === '/p/api/v2/certificate/getVerificationInfo/55332?domainAddress=ncloud.com', 'listDcvStatuses via a base URL');
$p = $ncp->getCertificateChain(12);
check($p['method'] === 'GET' && $p['url'] === "$origin/api/v2/certificate/exportCertificate/12/chain"
    && $p['path'] === '/api/v2/certificate/exportCertificate/12/chain', 'getCertificateChain request');
$p = $ncp->listOrganizations();
check($p['method'] === 'POST' && $p['url'] === "$origin/api/v2/organization/getOrganizationInfoList"
    && $p['path'] === '/api/v2/organization/getOrganizationInfoList' && $p['body'] === '{}', 'listOrganizations request');
$p = $ncp->listOrganizations(['organizationNameEng' => 'Gana Corp', 'verificationProgressCode' => 7]);
check(json_decode($p['body'], true) === ['organizationNameEng' => 'Gana Corp', 'verificationProgressCode' => 7], 'listOrganizations filters');
$p = $ncp->listAdvancedCertificates(['certificateName' => 'a b', 'page' => 2], 'gov');
check($p['method'] === 'GET' && $p['url'] === 'https://certificatemanager.apigw.gov-ntruss.com/api/v2/certificate/getPaidCertificates?certificateName=a%20b&page=2'
    && $p['path'] === '/api/v2/certificate/getPaidCertificates?certificateName=a%20b&page=2', 'listAdvancedCertificates request');
check(thrown(fn () => $ncp->listAdvancedCertificates()) === null, 'listAdvancedCertificates without a filter');

$ak = 'EXAMPLEAK0000000NCP1';
$sk = 'EXAMPLESECRET00000000000000000000NCPSK01';
$signer = $ncp->signer($ak, $sk);
$signed = $ncp->signRequest($ncp->listDcvStatuses(12, 'www.example.com'), $signer, 1700000000000);
$signer->close();
$want = base64_encode(hash_hmac('sha256', "GET /api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com\n1700000000000\n$ak", $sk, true));
check($signed['headers']['x-ncp-apigw-signature-v2'] === $want && $signed['headers']['x-ncp-apigw-timestamp'] === '1700000000000'
    && $signed['headers']['x-ncp-iam-access-key'] === $ak, 'a lookup signs as hash_hmac does');

$dcv = '{"returnCode":"0","returnMessage":"Success","totalRows":1,"dnsVerificationCount":1,'
    . '"dnsVerificationList":[{"validSn":51,"requestSn":"20261001000001","validStatusCode":"VALID_STATUS_REG",'
    . '"txtName":"_dnsauth","txtValue":"Ab3dEf-token","txtId":901}],"emailVerificationCount":0,"emailVerificationList":[]}';
$rec = $ncp->parseDcvStatuses(200, $dcv, 'www.example.com')['dnsVerificationList'][0];
check($rec['recordName'] === '_dnsauth.www.example.com' && $rec['state'] === 'pending' && $rec['txtValue'] === 'Ab3dEf-token'
    && $rec['recordType'] === 'TXT' && $rec['validSn'] === '51' && $rec['txtId'] === 901, 'parseDcvStatuses with a domain');
check(!array_key_exists('recordName', $ncp->parseDcvStatuses(200, $dcv)['dnsVerificationList'][0]), 'parseDcvStatuses without a domain');

$chainBody = file_get_contents(__DIR__ . '/chain-answer.json');
$sent = json_decode($chainBody, true);
$lf = fn (string $pem) => str_replace("\r\n", "\n", $pem) . "\n";
$chain = $ncp->parseCertificateChain(200, $chainBody);
check($chain['files'] === ['cert.pem' => $lf($sent['certificate']), 'chain.pem' => $lf($sent['subCaCertificate']),
    'fullchain.pem' => $lf($sent['certificate']) . $lf($sent['subCaCertificate']), 'root.pem' => $lf($sent['rootCaCertificate'])]
    && $chain['certificate'] === $lf($sent['certificate']) && $chain['serialNumber'] === '03'
    && !str_contains(json_encode($chain), '\r'), 'parseCertificateChain: CRLF in, LF files out');

$orgs = $ncp->parseOrganizations(200, '[{"organizationNo":11,"organizationNameEng":"Gana Corp","verificationProgressCode":"7"},'
    . '{"organizationNo":"12","verificationProgressCode":1}]');
[$first, $second] = $orgs['organizations'];
check($orgs['returnCode'] === null && $first['validated'] === true && $first['verificationProgressCode'] === 7
    && $first['verificationProgress'] === 'VALIDATED' && $second['validated'] === false && $second['organizationNo'] === 12
    && $second['verificationProgress'] === 'DOCUMENT_CHECK', 'parseOrganizations of a bare list');

$list = '{"returnCode":"0","orders":[{"orderId":"1","certificates":[{"certificateNo":5,"certificateName":"n","statusCode":"0"}]}]}';
check($ncp->parseCertificateList(200, $list, 'n')['match']['certificateNo'] === 5, 'parseCertificateList: the exact name');
$r = $ncp->parseCertificateList(200, $list, 'N');
check(array_key_exists('match', $r) && $r['match'] === null, 'parseCertificateList: another name');
check(!array_key_exists('match', $ncp->parseCertificateList(200, $list)), 'parseCertificateList without a name');

check($ncp->validationDomains(['*.Example.com', 'example.com', 'WWW.example.com.', 'www.example.com', ' ', 'api.example.com'])
    === ['example.com', 'www.example.com', 'api.example.com'], 'validationDomains');
check($ncp->validationDomains([]) === [], 'validationDomains of none');
check($ncp->transportOutcome(false) === 'resendable' && $ncp->transportOutcome(true) === 'ambiguous', 'transportOutcome');

foreach ([
    'listDcvStatuses certificateNo 0' => fn () => $ncp->listDcvStatuses(0, 'www.example.com'),
    'getCertificateChain certificateNo 0' => fn () => $ncp->getCertificateChain(0),
    'listDcvStatuses empty domain' => fn () => $ncp->listDcvStatuses(1, ''),
    'listOrganizations unknown filter' => fn () => $ncp->listOrganizations(['page' => 1]),
    'listAdvancedCertificates unknown site' => fn () => $ncp->listAdvancedCertificates([], 'moon'),
    'validationDomains with a null' => fn () => $ncp->validationDomains(['a.example', null]),
] as $what => $call) {
    $e = thrown($call);
    check($e instanceof ArgumentError && $e->getMessage() !== '', "$what is an ArgumentError");
}
$gateway = '{"error":{"errorCode":"200","message":"Authentication Failed"}}';
foreach ([
    'parseCertificateList' => fn () => $ncp->parseCertificateList(401, $gateway, 'n'),
    'parseDcvStatuses' => fn () => $ncp->parseDcvStatuses(401, $gateway, 'ncloud.com'),
    'parseCertificateChain' => fn () => $ncp->parseCertificateChain(401, $gateway),
    'parseOrganizations' => fn () => $ncp->parseOrganizations(401, $gateway),
] as $what => $call) {
    $e = thrown($call);
    check($e instanceof ApiError && $e->kind === 'gateway' && $e->ncpCode === '200' && $e->httpStatus === 401
        && $e->getMessage() === 'Authentication Failed' && $e->hint !== '', "$what of a 401 gateway answer is an ApiError");
}
$e = thrown(fn () => $ncp->parseCertificateChain(200, '{"returnCode":"0","returnMessage":"Success","totalRows":0}'));
check($e instanceof ApiError && $e->kind === 'malformed', 'a chain answer without a certificate is malformed');

// ---- placeOrder against the mock NCP (tests/mock_ncp/server.py, run with python3) -------------
// The mock recomputes every signature and keeps every order it placed; the counts below are its
// own (its log, one line per request) and its ListAdvancedCertificates answer.

/** A running mock: ['url', 'log' (path), 'process', 'dir']. */
function startMock(string $tests, array $flags): array
{
    $dir = sys_get_temp_dir() . '/ncpcert-mock-' . bin2hex(random_bytes(6));
    mkdir($dir);
    $command = array_merge(['python3', "$tests/mock_ncp/server.py", '--port', '0', '--ready-file', "$dir/ready",
        '--keys', "$tests/mock_ncp/keys.example.json"], $flags);
    $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', "$dir/out", 'w'],
        2 => ['file', "$dir/log", 'w']], $pipes);
    $deadline = microtime(true) + 30;
    while (microtime(true) < $deadline) {
        $text = @file_get_contents("$dir/ready");
        if ($text !== false && str_ends_with($text, "\n")) {
            return ['url' => trim($text), 'log' => "$dir/log", 'process' => $process, 'dir' => $dir];
        }
        usleep(20000);
    }
    stopMock(['process' => $process, 'dir' => $dir]);
    throw new RuntimeException('the mock NCP did not start');
}

function stopMock(array $mock): void
{
    proc_terminate($mock['process']);
    proc_close($mock['process']);
    array_map('unlink', glob("{$mock['dir']}/*"));
    rmdir($mock['dir']);
}

/** The mock's log lines holding $part. */
function mockLines(array $mock, string $part): array
{
    return array_values(array_filter(file($mock['log']) ?: [], fn ($l) => str_contains($l, $part)));
}

/** Every certificate of the account, through the mock's ListAdvancedCertificates (no filter). */
function certificatesAt(Ncpcert $ncp, $signer, string $url): array
{
    $call = $ncp->signRequest($ncp->listAdvancedCertificates([], $url), $signer, (int) floor(microtime(true) * 1000));
    $headers = implode("\r\n", array_map(fn ($k, $v) => "$k: $v", array_keys($call['headers']), $call['headers']));
    $body = file_get_contents($call['url'], false, stream_context_create(['http' => ['method' => 'GET',
        'header' => $headers, 'ignore_errors' => true]]));
    preg_match('#^HTTP/\S+\s+(\d{3})#', $http_response_header[0], $m);
    $all = [];
    foreach ($ncp->parseCertificateList((int) $m[1], $body)['orders'] as $order) {
        array_push($all, ...$order['certificates']);
    }
    return $all;
}

$orderRequest = $sample;
$orderRequest['certificateType'] = 'DV';
$signer = $ncp->signer('EXAMPLEAK0000000NCP1', 'EXAMPLESECRET00000000000000000000NCPSK01');

// A 504 after the order was placed: the workflow looks the name up and recovers the one order.
// The mock accepts duplicate names here, so a driver that sent the request again would leave two.
$mock = startMock($tests, ['--fault', 'placed-then-504', '--allow-duplicate-names']);
try {
    $placed = $ncp->placeOrder($orderRequest, $signer, ['site' => $mock['url'], 'backoffMs' => 1, 'timeout' => 20]);
    check($placed instanceof PlacedOrder && $placed->path === 'recovered' && $placed->certificateName === 'www-example'
        && $placed->attempts === 1 && $placed->status === 'ONGOING'
        && ($placed->data['certificate']['certificateNo'] ?? null) === $placed->certificateNo, 'placeOrder under a 504: recovered');
    check(count(mockLines($mock, 'POST /api/v2/certificate/requestPaidCertificateIssuance -> 504 accepted [placed-then-504]')) === 1
        && count(mockLines($mock, ' accepted')) === 1, 'placeOrder under a 504: the mock placed exactly one order');
    check(count(mockLines($mock, 'GET /api/v2/certificate/getPaidCertificates?certificateName=www-example')) >= 1,
        'placeOrder under a 504: the name was looked up');
    $all = certificatesAt($ncp, $signer, $mock['url']);
    check(count($all) === 1 && $all[0]['certificateNo'] === $placed->certificateNo, 'placeOrder under a 504: one certificate in the account');
} catch (Throwable $e) {
    check(false, 'placeOrder under a 504: ' . get_class($e) . ': ' . $e->getMessage());
} finally {
    stopMock($mock);
}

// The connection closed after the order was placed ("HTTP request failed!"): written, so
// looked up, and recovered; never sent again.
$mock = startMock($tests, ['--fault', 'placed-then-close', '--allow-duplicate-names']);
try {
    $placed = $ncp->placeOrder($orderRequest, $signer, ['site' => $mock['url'], 'backoffMs' => 1]);
    check($placed->path === 'recovered' && count(mockLines($mock, ' accepted')) === 1
        && count(certificatesAt($ncp, $signer, $mock['url'])) === 1, 'placeOrder after a closed connection: one order, recovered');
} catch (Throwable $e) {
    check(false, 'placeOrder after a closed connection: ' . get_class($e) . ': ' . $e->getMessage());
} finally {
    stopMock($mock);
}

// The name belongs to an earlier certificate: refused on the first attempt, nothing resent.
$mock = startMock($tests, []);
try {
    $first = $ncp->placeOrder($orderRequest, $signer, ['site' => $mock['url']]);
    check($first->path === 'accepted', 'placeOrder: the first order is accepted');
    $e = thrown(fn () => $ncp->placeOrder($orderRequest, $signer, ['site' => $mock['url'], 'backoffMs' => 1]));
    check($e instanceof OrderError && $e instanceof NcpError && $e->ncpCode === 'order.name_taken' && $e->hint !== ''
        && $e->certificateName === 'www-example' && $e->steps !== [], 'placeOrder: a taken name is OrderError order.name_taken');
    check(count(mockLines($mock, 'POST /api/v2/certificate/requestPaidCertificateIssuance')) === 2
        && count(certificatesAt($ncp, $signer, $mock['url'])) === 1, 'placeOrder: a taken name places nothing');
} finally {
    stopMock($mock);
}

// A refused connection wrote nothing: sent again, then order.not_placed.
$e = thrown(fn () => $ncp->placeOrder($orderRequest, $signer, ['site' => 'http://127.0.0.1:1', 'retries' => 1, 'backoffMs' => 1]));
$sends = $e instanceof OrderError ? array_values(array_filter($e->steps, fn ($s) => $s['step'] === 'send')) : [];
check($e instanceof OrderError && $e->ncpCode === 'order.not_placed' && count($sends) === 2
    && $sends[0]['error']['type'] === 'transport' && $sends[0]['error']['written'] === false,
    'placeOrder: a refused connection is sent again, then order.not_placed');

foreach ([
    'an unknown site' => [fn () => $ncp->placeOrder($orderRequest, $signer, ['site' => 'moon']), ArgumentError::class],
    'negative retries' => [fn () => $ncp->placeOrder($orderRequest, $signer, ['retries' => -1]), ArgumentError::class],
    'an unknown option' => [fn () => $ncp->placeOrder($orderRequest, $signer, ['retry' => 1]), ArgumentError::class],
    'an invalid request' => [fn () => $ncp->placeOrder(['commonName' => 'a_b.example.com'] + $orderRequest, $signer,
        ['site' => 'http://127.0.0.1:1']), ValidationError::class],
] as $what => [$call, $class]) {
    check(thrown($call) instanceof $class, "placeOrder with $what throws " . $class);
}
$signer->close();

echo "PHP: $passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
