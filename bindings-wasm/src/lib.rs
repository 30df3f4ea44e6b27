//! WebAssembly bindings of `ncpcert`, published to npm as `ncpcert`. One crate builds the
//! package's four modules, each from its own feature:
//!
//! - `full` (`ncpcert`): signing, validation, preparation, the calls after the request and
//!   NCP's answers;
//! - `signer` (`ncpcert/signer`): the signing exports alone, the same ones `full` has;
//! - `order` (`ncpcert/order`): the order workflow over a request the full module prepared;
//! - `keys` (`ncpcert/keys`): private keys from the host's entropy, and CSRs built and signed
//!   with them for names the full module checked (it also reads the CSR made back).
//!
//! Conversion only: every rule, message and code lives in the `ncpcert` core crate. Arguments
//! arrive as JavaScript values and results leave as JavaScript objects; an error is thrown as
//! an object `{type, code, message, …}` of the core's error shapes, which the package's
//! JavaScript layer (`bindings-wasm/js/`) turns into the matching `NcpError` subclass.

#[cfg(feature = "full")]
mod api;
#[cfg(any(feature = "full", feature = "order"))]
mod convert;
#[cfg(feature = "full")]
mod csr_checks;
#[cfg(any(feature = "signer", feature = "order", feature = "keys"))]
mod js;
#[cfg(feature = "keys")]
mod keys;
#[cfg(feature = "order")]
mod order;
#[cfg(feature = "signer")]
mod signing;

// The allocator of the small modules: talc's wasm flavour instead of std's dlmalloc, whose
// code alone is a quarter of the signing-only module; one thread only, as in every
// JavaScript host. The full module keeps dlmalloc.
#[cfg(all(
    target_family = "wasm",
    not(feature = "full"),
    any(feature = "signer", feature = "order", feature = "keys")
))]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown is single-threaded here and the allocator is the only user
// of memory it grows (talc's documented use on wasm).
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
