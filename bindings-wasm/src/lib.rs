//! WebAssembly bindings of `ncpcert`, published to npm as `ncpcert`.
//!
//! This crate holds conversion code only; every rule lives in the `ncpcert` core crate.
//! The wasm-bindgen surface is added with the npm package.
