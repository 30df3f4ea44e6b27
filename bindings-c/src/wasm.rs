//! Memory for hosts of the zero-import `ncpcert-ffi.wasm`: they place inputs and
//! `ncpcert_buf` structs in the module's memory with these two, then call the C ABI as is.

use std::alloc::{alloc, dealloc, Layout};

/// Every block is aligned for an `ncpcert_buf` (and for a `u64`).
const ALIGN: usize = 8;

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.max(1), ALIGN).ok()
}

/// `size` bytes of module memory (aligned to 8), or NULL when that cannot be had.
#[no_mangle]
pub extern "C" fn ncpcert_alloc(size: usize) -> *mut u8 {
    match layout(size) {
        // SAFETY: the layout has a non-zero size.
        Some(layout) => unsafe { alloc(layout) },
        None => std::ptr::null_mut(),
    }
}

/// Releases a block from `ncpcert_alloc`, given the same `size`. NULL does nothing.
///
/// # Safety
/// `ptr` must be NULL or come from `ncpcert_alloc(size)` and not have been released.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_dealloc(ptr: *mut u8, size: usize) {
    if let (false, Some(layout)) = (ptr.is_null(), layout(size)) {
        // SAFETY: allocated by `ncpcert_alloc` with this same layout.
        unsafe { dealloc(ptr, layout) }
    }
}
