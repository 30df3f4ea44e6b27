<?php
/**
 * ncpcert for PHP 8 (FFI over the ncpcert C library, libncpcert_ffi): prepare, validate and
 * sign NAVER Cloud Platform Certificate Manager requests, and read NCP's answers.
 * Conversion only: every rule, message and code lives in the C library.
 */

declare(strict_types=1);

namespace Ncpcert;

require_once __DIR__ . '/Errors.php';

final class Ncpcert
{
    /** Bit of the C ABI's flags: strict policy. */
    private const STRICT = 1;

    private \FFI $ffi;

    /**
     * @param string|null $library the shared library (default: $NCPCERT_LIBRARY, else
     *                             target/ncpcert-c/lib/libncpcert_ffi.so of this repository)
     * @param string|null $header  the preprocessed header bindings-c/build.sh writes
     *                             (ncpcert.ffi.h; default: $NCPCERT_FFI_HEADER, else beside it)
     */
    public function __construct(?string $library = null, ?string $header = null)
    {
        $built = dirname(__DIR__, 2) . '/target/ncpcert-c';
        $library ??= getenv('NCPCERT_LIBRARY') ?: $built . '/lib/' . self::libraryName();
        $header ??= getenv('NCPCERT_FFI_HEADER') ?: $built . '/include/ncpcert.ffi.h';
        $declarations = @file_get_contents($header);
        if ($declarations === false) {
            throw new \RuntimeException("cannot read $header: run bindings-c/build.sh first");
        }
        $this->ffi = \FFI::cdef($declarations, $library);
    }

    /** libncpcert_ffi.so, libncpcert_ffi.dylib or ncpcert_ffi.dll. */
    public static function libraryName(): string
    {
        return match (PHP_OS_FAMILY) {
            'Windows' => 'ncpcert_ffi.dll',
            'Darwin' => 'libncpcert_ffi.dylib',
            default => 'libncpcert_ffi.so',
        };
    }

    public function version(): string
    {
        return $this->ffi->ncpcert_version();
    }

    /** NCP's API Gateway signature v2 of one request, base64. @throws SigningError */
    public function sign(string $method, string $pathAndQuery, int $timestampMs, string $accessKey, string $secretKey): string
    {
        $signature = $this->ffi->new('uint8_t[44]');
        $error = $this->ffi->new('ncpcert_buf');
        $inputs = [$this->bytes($method), $this->bytes($pathAndQuery), $this->bytes($accessKey), $this->bytes($secretKey)];
        $status = $this->ffi->ncpcert_sign(
            $inputs[0], strlen($method), $inputs[1], strlen($pathAndQuery), $timestampMs,
            $inputs[2], strlen($accessKey), $inputs[3], strlen($secretKey), $signature, \FFI::addr($error)
        );
        $this->check($status, $this->take($error));
        return \FFI::string($signature, 44);
    }

    /** A keyed signer for many requests. @throws SigningError */
    public function signer(string $accessKey, string $secretKey): Signer
    {
        $handle = $this->ffi->new('ncpcert_signer*');
        $error = $this->ffi->new('ncpcert_buf');
        $ak = $this->bytes($accessKey);
        $sk = $this->bytes($secretKey);
        $status = $this->ffi->ncpcert_signer_new($ak, strlen($accessKey), $sk, strlen($secretKey), \FFI::addr($handle), \FFI::addr($error));
        $this->check($status, $this->take($error));
        return new Signer($this, $handle);
    }

    /** @internal the signature headers of one request, for Signer. */
    public function signerHeaders(\FFI\CData $handle, string $method, string $pathAndQuery, int $timestampMs): array
    {
        $out = $this->ffi->new('ncpcert_buf');
        $m = $this->bytes($method);
        $p = $this->bytes($pathAndQuery);
        $status = $this->ffi->ncpcert_signer_headers($handle, $m, strlen($method), $p, strlen($pathAndQuery), $timestampMs, \FFI::addr($out));
        return $this->check($status, $this->take($out));
    }

    /** @internal */
    public function signerFree(\FFI\CData $handle): void
    {
        $this->ffi->ncpcert_signer_free($handle);
    }

    /**
     * Every finding at once: ['valid' => bool, 'findings' => [['code', 'field', 'severity',
     * 'message'], …]]. $request: an array with the API's JSON names, or JSON text.
     */
    public function validate(array|string $request, bool $strict = false, ?string $csrBytes = null): array
    {
        $json = self::json($request);
        $out = $this->ffi->new('ncpcert_buf');
        $r = $this->bytes($json);
        $flags = $strict ? self::STRICT : 0;
        $status = $csrBytes === null
            ? $this->ffi->ncpcert_validate($r, strlen($json), $flags, \FFI::addr($out))
            : $this->ffi->ncpcert_validate_with_csr($r, strlen($json), $this->bytes($csrBytes), strlen($csrBytes), $flags, \FFI::addr($out));
        return $this->check($status, $this->take($out));
    }

    /**
     * Validates and prepares the issuance request: ['method', 'url', 'path', 'headers',
     * 'body', 'warnings']. $site: public, gov, fin or a base URL.
     * @throws ValidationError with every finding, ArgumentError for a bad site
     */
    public function prepare(array|string $request, string $site = 'public', bool $strict = false, ?string $csrBytes = null): array
    {
        $json = self::json($request);
        $out = $this->ffi->new('ncpcert_buf');
        $r = $this->bytes($json);
        $s = $this->bytes($site);
        $flags = $strict ? self::STRICT : 0;
        $status = $csrBytes === null
            ? $this->ffi->ncpcert_prepare($r, strlen($json), $s, strlen($site), $flags, \FFI::addr($out))
            : $this->ffi->ncpcert_prepare_with_csr($r, strlen($json), $this->bytes($csrBytes), strlen($csrBytes), $s, strlen($site), $flags, \FFI::addr($out));
        return $this->check($status, $this->take($out));
    }

    /** A prepared request with the three signature headers added, for one attempt. */
    public function signRequest(array $prepared, Signer $signer, int $timestampMs): array
    {
        $prepared['headers'] = $prepared['headers'] + $signer->headers($prepared['method'], $prepared['path'], $timestampMs);
        return $prepared;
    }

    /** Reads and checks a CSR (PEM or DER). @throws CsrError */
    public function inspectCsr(string $input): array
    {
        $out = $this->ffi->new('ncpcert_buf');
        $status = $this->ffi->ncpcert_inspect_csr($this->bytes($input), strlen($input), \FFI::addr($out));
        return $this->check($status, $this->take($out));
    }

    /** Reads NCP's answer to the issuance request. @throws ApiError */
    public function parseResponse(int $httpStatus, string $body): array
    {
        if ($httpStatus < 0 || $httpStatus > 65535) {
            throw new \ValueError("HTTP status $httpStatus is out of range");
        }
        $out = $this->ffi->new('ncpcert_buf');
        $status = $this->ffi->ncpcert_parse_response($httpStatus, $this->bytes($body), strlen($body), \FFI::addr($out));
        return $this->check($status, $this->take($out));
    }

    // ---- The calls after the issuance request (SPEC §12) -----------------------------------
    // Each builder returns a prepared request (sign it with signRequest() and send it as the
    // issuance request is); each parser returns the JSON the core wrote as arrays (unknown
    // fields kept) or throws ApiError. Every check and message is the C library's; bad
    // arguments throw ArgumentError.

    /**
     * The ListAdvancedCertificates call (a GET). $query: ['certificateName', 'page',
     * 'pageSize'] (each optional), or JSON text. @throws ArgumentError
     */
    public function listAdvancedCertificates(array|string $query = [], string $site = 'public'): array
    {
        return $this->lookup('ncpcert_list_certificates', self::options($query), $site);
    }

    /**
     * Reads NCP's answer to ListAdvancedCertificates. With a $name (not null or ''), the
     * result also holds 'match': the certificate named exactly so (the newest when several
     * are), or null. @throws ApiError
     */
    public function parseCertificateList(int $httpStatus, string $body, ?string $name = null): array
    {
        return $this->parseLookup('ncpcert_parse_certificate_list', $httpStatus, $body, $name ?? '');
    }

    /** The ListDcvStatuses call (a GET) for one name of a certificate; see validationDomains(). @throws ArgumentError */
    public function listDcvStatuses(int $certificateNo, string $domainAddress, string $site = 'public'): array
    {
        return $this->lookup('ncpcert_list_dcv_statuses', self::json(['certificateNo' => $certificateNo, 'domainAddress' => $domainAddress]), $site);
    }

    /**
     * Reads NCP's answer to ListDcvStatuses: 'dnsVerificationList' holds each record with
     * 'state', 'txtName', 'txtValue' and, with a $domain (the domainAddress of the call; not
     * null or ''), 'recordName': the fully qualified name to publish the TXT record at.
     * @throws ApiError
     */
    public function parseDcvStatuses(int $httpStatus, string $body, ?string $domain = null): array
    {
        return $this->parseLookup('ncpcert_parse_dcv_statuses', $httpStatus, $body, $domain ?? '');
    }

    /**
     * The names to ask ListDcvStatuses about, one call each, from the certificate's names
     * (the common name first, then each dnsName): distinct, lower-cased, without a trailing
     * dot, a wildcard *.x as x. @throws ArgumentError
     */
    public function validationDomains(array $names): array
    {
        $json = self::json(array_values($names));
        $out = $this->ffi->new('ncpcert_buf');
        $status = $this->ffi->ncpcert_validation_domains($this->bytes($json), strlen($json), \FFI::addr($out));
        return $this->check($status, $this->take($out));
    }

    /** The GetCertificateChain call (a GET) for one certificate. @throws ArgumentError */
    public function getCertificateChain(int $certificateNo, string $site = 'public'): array
    {
        return $this->lookup('ncpcert_get_certificate_chain', self::json(['certificateNo' => $certificateNo]), $site);
    }

    /**
     * Reads NCP's answer to GetCertificateChain: every PEM with LF line endings and one final
     * newline, and 'files' (cert.pem, chain.pem, fullchain.pem, root.pem; a part NCP did not
     * send is left out). An answer without a readable certificate is an ApiError of kind
     * malformed. @throws ApiError
     */
    public function parseCertificateChain(int $httpStatus, string $body): array
    {
        return $this->parseLookup('ncpcert_parse_certificate_chain', $httpStatus, $body, null);
    }

    /**
     * The ListOrganizations call (a POST whose body is the filters, {} without any).
     * $filter: ['organizationNameKor', 'organizationNameEng', 'businessRegistrationNo',
     * 'verificationProgressCode' (7: validated)], each optional, or JSON text.
     * @throws ArgumentError
     */
    public function listOrganizations(array|string $filter = [], string $site = 'public'): array
    {
        return $this->lookup('ncpcert_list_organizations', self::options($filter), $site);
    }

    /**
     * Reads NCP's answer to ListOrganizations (a bare list, an object holding one, or one
     * organisation): 'organizations' holds each with 'organizationNo', the names,
     * 'verificationProgressCode', 'verificationProgress' and 'validated'. @throws ApiError
     */
    public function parseOrganizations(int $httpStatus, string $body): array
    {
        return $this->parseLookup('ncpcert_parse_organizations', $httpStatus, $body, null);
    }

    /** What a transport failure of the issuance request means for the next attempt: 'resendable' (no byte written) or 'ambiguous'. */
    public function transportOutcome(bool $written): string
    {
        return $this->ffi->ncpcert_transport_outcome($written ? 1 : 0);
    }

    // ---- The order workflow (SPEC §14) ----------------------------------------------------
    // Every decision about the paid request — send, send again after a backoff, look the
    // name up when an answer was lost, accept a found certificate as this request's, stop — is
    // made by the core's state machine (the C ABI's ncpcert_order_* handle). placeOrder() only
    // performs the actions it asks for over PHP's http:// stream wrapper and feeds back what
    // happened; it holds no resend or lookup rule of its own.

    /**
     * Places the issuance request safely (never twice) and returns the order that is this
     * request's. $options (each optional): 'site' (public, gov, fin or a base URL), 'strict'
     * (bool), 'retries' (0..20, default 2), 'backoffMs' (default 500), 'timeout' (seconds per
     * call, default 30). $csrBytes (PEM or DER), when given, replaces the request's csr.
     *
     * @throws OrderError with $ncpCode order.name_taken, order.not_this_request,
     *         order.outcome_unknown, order.refused or order.not_placed
     * @throws ValidationError when the request is invalid (nothing was sent)
     * @throws ArgumentError for an unusable option
     */
    public function placeOrder(array|string $request, Signer $signer, array $options = [], ?string $csrBytes = null): PlacedOrder
    {
        $timeout = (float) ($options['timeout'] ?? 30.0);
        unset($options['timeout']);
        $site = $options['site'] ?? 'public';
        unset($options['site']);
        if (is_string($site) && str_contains($site, '://')) {
            $options['baseUrl'] = $site;
        } else {
            $options['site'] = $site;
        }
        $handle = $this->orderNew(self::json($request), $csrBytes, self::json($options));
        try {
            while (true) {
                $action = $this->orderCall('ncpcert_order_next', $handle, self::nowMs());
                switch ($action['action']) {
                    case 'journal':
                        // No journal file in this driver: a resume is the workflow's own lookup
                        // within one call (SPEC §14, rule 2).
                        break;
                    case 'sleep':
                        usleep(1000 * (int) $action['ms']);
                        break;
                    case 'send':
                        $this->sendForOrder($handle, $action, $signer, $timeout);
                        break;
                    case 'done':
                        if ($action['ok']) {
                            return new PlacedOrder($action['result']);
                        }
                        throw new OrderError($action['error']);
                    default:
                        throw new \UnexpectedValueException("unknown action {$action['action']}");
                }
            }
        } finally {
            $this->ffi->ncpcert_order_free($handle);
        }
    }

    /**
     * Signs and sends one call of the workflow exactly as asked, and feeds back its answer or
     * its failure. The http:// wrapper never follows a redirect here and never sends a request
     * twice by itself. Whether a failure wrote anything is read from the wrapper's message:
     * only a name that did not resolve, a refused or unreachable connection, a connect
     * timeout or a failed TLS handshake come before the request is written; "HTTP request
     * failed" (a read timeout, a connection closed without an answer) and anything unknown
     * may come after.
     */
    private function sendForOrder(\FFI\CData $handle, array $action, Signer $signer, float $timeout): void
    {
        $request = $action['request'];
        $timestamp = max(0, self::nowMs() + (int) $action['clockOffsetMs']);
        $headers = [];
        foreach ($request['headers'] + $signer->headers($request['method'], $request['path'], $timestamp) as $name => $value) {
            $headers[] = "$name: $value";
        }
        $http = [
            'method' => $request['method'],
            'header' => implode("\r\n", $headers),
            'ignore_errors' => true,
            'follow_location' => 0,
            'protocol_version' => 1.1,
            'timeout' => $timeout,
        ];
        if ($request['body'] !== null) {
            $http['content'] = $request['body'];
        }
        $context = stream_context_create(['http' => $http]);
        $warning = '';
        set_error_handler(function (int $no, string $message) use (&$warning): bool {
            // "file_get_contents(URL): " says nothing the caller does not know.
            $warning .= ($warning === '' ? '' : ' | ') . preg_replace('#^file_get_contents\(.*?\): #', '', $message);
            return true;
        });
        try {
            $body = file_get_contents($request['url'], false, $context);
        } finally {
            restore_error_handler();
        }
        // The response headers land in this scope (http_get_last_response_headers() from PHP 8.4).
        $responseHeaders = function_exists('http_get_last_response_headers')
            ? (http_get_last_response_headers() ?? [])
            : ($http_response_header ?? []);
        $status = 0;
        $date = null;
        foreach ($responseHeaders as $line) {
            if (preg_match('#^HTTP/\S+\s+(\d{3})#', $line, $m)) {
                $status = (int) $m[1];
                $date = null;
            } elseif (stripos($line, 'date:') === 0) {
                $date = trim(substr($line, 5));
            }
        }
        if ($body === false || $status === 0) {
            $message = $warning !== '' ? $warning : 'no HTTP answer';
            $this->orderFeed($handle, 0, '', ['written' => !self::nothingWritten($message), 'message' => $message]);
            return;
        }
        $meta = ['receivedAtMs' => self::nowMs()];
        if ($date !== null) {
            $meta['date'] = $date;
        }
        $this->orderFeed($handle, $status, $body, $meta);
    }

    /** The http:// wrapper's message proves that no byte of the request was written. */
    private static function nothingWritten(string $message): bool
    {
        if (stripos($message, 'HTTP request failed') !== false) {
            return false;
        }
        foreach (['php_network_getaddresses', 'getaddrinfo', 'Connection refused', 'Network is unreachable',
            'No route to host', 'Connection timed out', 'Failed to enable crypto'] as $before) {
            if (stripos($message, $before) !== false) {
                return true;
            }
        }
        return false;
    }

    private static function nowMs(): int
    {
        return (int) floor(microtime(true) * 1000);
    }

    /** ncpcert_order_new: the handle. @throws ValidationError|ArgumentError */
    private function orderNew(string $request, ?string $csr, string $options): \FFI\CData
    {
        $handle = $this->ffi->new('ncpcert_order*');
        $error = $this->ffi->new('ncpcert_buf');
        $status = $this->ffi->ncpcert_order_new(
            $this->bytes($request), strlen($request),
            $csr === null ? null : $this->bytes($csr), $csr === null ? 0 : strlen($csr),
            $this->bytes($options), strlen($options),
            \FFI::addr($handle), \FFI::addr($error)
        );
        $this->check($status, $this->take($error));
        return $handle;
    }

    /** ncpcert_order_next: the action. */
    private function orderCall(string $function, \FFI\CData $handle, int $nowMs): array
    {
        $out = $this->ffi->new('ncpcert_buf');
        $status = $this->ffi->$function($handle, $nowMs, \FFI::addr($out));
        return $this->check($status, $this->take($out));
    }

    /** ncpcert_order_feed: an answer ($status > 0) or a transport failure ($status 0). */
    private function orderFeed(\FFI\CData $handle, int $status, string $body, array $meta): void
    {
        $metaJson = self::json($meta);
        $error = $this->ffi->new('ncpcert_buf');
        $result = $this->ffi->ncpcert_order_feed($handle, $status, $this->bytes($body), strlen($body),
            $this->bytes($metaJson), strlen($metaJson), \FFI::addr($error));
        $this->check($result, $this->take($error));
    }

    /** Options as JSON text: an empty array is {}. */
    private static function options(array|string $options): string
    {
        return $options === [] ? '{}' : self::json($options);
    }

    /** A builder of a Certificate Manager call: (options JSON, site) → prepared request. */
    private function lookup(string $function, string $options, string $site): array
    {
        $out = $this->ffi->new('ncpcert_buf');
        $status = $this->ffi->$function($this->bytes($options), strlen($options), $this->bytes($site), strlen($site), \FFI::addr($out));
        return $this->check($status, $this->take($out));
    }

    /** A parser of a Certificate Manager answer: (status, body[, text]); $text null: the function takes none. */
    private function parseLookup(string $function, int $httpStatus, string $body, ?string $text): array
    {
        if ($httpStatus < 0 || $httpStatus > 65535) {
            throw new \ValueError("HTTP status $httpStatus is out of range");
        }
        $out = $this->ffi->new('ncpcert_buf');
        $b = $this->bytes($body);
        $status = $text === null
            ? $this->ffi->$function($httpStatus, $b, strlen($body), \FFI::addr($out))
            : $this->ffi->$function($httpStatus, $b, strlen($body), $this->bytes($text), strlen($text), \FFI::addr($out));
        return $this->check($status, $this->take($out));
    }

    private static function json(array|string $request): string
    {
        return is_string($request) ? $request : json_encode($request, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }

    /** A copy of $data in C memory (NULL when empty), freed with the returned CData. */
    private function bytes(string $data): ?\FFI\CData
    {
        $n = strlen($data);
        if ($n === 0) {
            return null;
        }
        $copy = $this->ffi->new("uint8_t[$n]");
        \FFI::memcpy($copy, $data, $n);
        return $copy;
    }

    /** The buffer's text, then frees it. */
    private function take(\FFI\CData $buf): string
    {
        $text = \FFI::isNull($buf->data) ? '' : \FFI::string($buf->data, $buf->len);
        $this->ffi->ncpcert_buf_free(\FFI::addr($buf));
        return $text;
    }

    /** The decoded result of a call, or its exception. */
    private function check(int $status, string $text): array
    {
        $doc = $text === '' ? [] : json_decode($text, true, 512, JSON_THROW_ON_ERROR);
        if ($status !== 0) {
            throw NcpError::of($status, $doc);
        }
        return $doc;
    }
}

/** The order that exists and is this request's: what Ncpcert::placeOrder() returns. */
final class PlacedOrder
{
    /** 'accepted' (NCP answered the request) or 'recovered' (the answer was lost and the lookup found this request's order). */
    public readonly string $path;
    public readonly int $certificateNo;
    public readonly string $certificateName;
    /** ONGOING, NORMAL, …, UNKNOWN. */
    public readonly string $status;
    public readonly int $statusCode;
    public readonly string $statusName;
    public readonly ?string $orderId;
    /** Paid attempts sent. */
    public readonly int $attempts;
    /** Everything the workflow did, in order ('step' names the kind). */
    public readonly array $steps;
    /** The whole result as the core wrote it (answer, certificate, chain, …). */
    public readonly array $data;

    public function __construct(array $data)
    {
        $this->path = (string) $data['path'];
        $this->certificateNo = (int) $data['certificateNo'];
        $this->certificateName = (string) $data['certificateName'];
        $this->status = (string) $data['status'];
        $this->statusCode = (int) $data['statusCode'];
        $this->statusName = (string) $data['statusName'];
        $this->orderId = isset($data['orderId']) ? (string) $data['orderId'] : null;
        $this->attempts = (int) $data['attempts'];
        $this->steps = $data['steps'] ?? [];
        $this->data = $data;
    }
}

/** A keyed signer: the HMAC is keyed once in the C library, which keeps no copy of the secret. */
final class Signer
{
    private ?\FFI\CData $handle;

    public function __construct(private Ncpcert $ncpcert, \FFI\CData $handle)
    {
        $this->handle = $handle;
    }

    /** The three signature headers (x-ncp-apigw-timestamp, x-ncp-iam-access-key, x-ncp-apigw-signature-v2). */
    public function headers(string $method, string $pathAndQuery, ?int $timestampMs = null): array
    {
        if ($this->handle === null) {
            throw new \LogicException('this Signer is closed');
        }
        $timestampMs ??= (int) floor(microtime(true) * 1000);
        return $this->ncpcert->signerHeaders($this->handle, $method, $pathAndQuery, $timestampMs)['headers'];
    }

    public function close(): void
    {
        if ($this->handle !== null) {
            $this->ncpcert->signerFree($this->handle);
            $this->handle = null;
        }
    }

    public function __destruct()
    {
        $this->close();
    }

    public function __debugInfo(): array
    {
        return ['secret_key' => '[redacted]'];
    }
}
