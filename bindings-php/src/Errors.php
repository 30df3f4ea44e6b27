<?php
/** The exceptions of ncpcert, one per error type of the C library. */

declare(strict_types=1);

namespace Ncpcert;

/** Base class: $code (stable, e.g. request.invalid), the message says what to do. */
class NcpError extends \RuntimeException
{
    /** The stable machine-readable code (a string; PHP's own getCode() stays 0). */
    public readonly string $ncpCode;
    /** The error as the C library wrote it. */
    public readonly array $data;

    public function __construct(array $data)
    {
        parent::__construct((string) ($data['message'] ?? 'ncpcert error'));
        $this->ncpCode = (string) ($data['code'] ?? '');
        $this->data = $data;
    }

    public static function of(int $status, array $data): self
    {
        return match ($status) {
            1 => new SigningError($data),
            2 => new ValidationError($data),
            3 => new CsrError($data),
            4 => new ApiError($data),
            5 => new ArgumentError($data),
            default => new InternalError($data),
        };
    }
}

class SigningError extends NcpError {}

class CsrError extends NcpError {}

class ArgumentError extends NcpError {}

class InternalError extends NcpError {}

/** The request is invalid; $findings holds every finding (errors and warnings). */
class ValidationError extends NcpError
{
    public readonly array $findings;

    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->findings = $data['findings'] ?? [];
    }

    /** The findings of severity "error". */
    public function errors(): array
    {
        return array_values(array_filter($this->findings, fn ($f) => $f['severity'] === 'error'));
    }
}

/** What NCP answered instead of a success, and what it means for a resend. */
class ApiError extends NcpError
{
    public readonly string $kind;
    public readonly int $httpStatus;
    public readonly bool $retryable;
    public readonly string $outcome;
    public readonly string $hint;
    public readonly ?string $details;

    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->kind = (string) $data['kind'];
        $this->httpStatus = (int) $data['httpStatus'];
        $this->retryable = (bool) $data['retryable'];
        $this->outcome = (string) $data['outcome'];
        $this->hint = (string) $data['hint'];
        $this->details = $data['details'] ?? null;
    }
}

/**
 * The order workflow ended without an order that is this request's. $ncpCode is
 * the core's: order.name_taken (the name belongs to an earlier certificate: nothing was
 * bought, choose another name), order.not_this_request (a certificate found by name is issued
 * for another key), order.outcome_unknown (an order may exist: check before ordering again),
 * order.refused (NCP refused it: nothing was bought) or order.not_placed (every attempt
 * failed before NCP acted on it).
 */
class OrderError extends NcpError
{
    /** What to do. */
    public readonly string $hint;
    public readonly string $certificateName;
    /** The certificate concerned (the one found by name), or null. */
    public readonly ?int $certificateNo;
    /** The failure that ended it: ['type' => 'api', …] or ['type' => 'transport', 'written', 'message', …]; or null. */
    public readonly ?array $failure;
    /** Everything the workflow did, in order. */
    public readonly array $steps;

    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->hint = (string) ($data['hint'] ?? '');
        $this->certificateName = (string) ($data['certificateName'] ?? '');
        $this->certificateNo = isset($data['certificateNo']) ? (int) $data['certificateNo'] : null;
        $this->failure = $data['cause'] ?? null;
        $this->steps = $data['steps'] ?? [];
    }
}
