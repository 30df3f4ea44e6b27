//! Python bindings of `ncpcert`, published to PyPI as `ncpcert`.
//!
//! This crate holds conversion code only; every rule lives in the `ncpcert` core crate.
//! The PyO3 module is added with the Python package.
