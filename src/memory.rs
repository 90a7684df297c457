//! Handing freed memory back to the system between stages.
//!
//! The survey is read on every core, and glibc's allocator gives each thread its own arena.
//! What the readers free (each chunk's counts) stays in their arenas, counted in the process's
//! resident memory, while the analysis allocates afresh on the main thread: 17 MB on the 10M-row
//! benchmark (`bench/ingest/README.md`). Trimming once after the read returns it.

/// Lets the allocator keep no more than two arenas a core (glibc's default is eight): memory
/// freed by one reader is then reused by the next instead of sitting apart (10 MB on the
/// 10M-row benchmark). One a core made the threads wait on each other's locks, 5–15% slower.
/// Called once, by the binary, before any thread starts.
pub fn share_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: mallopt only sets an allocator parameter; called before any other thread exists.
    unsafe {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        libc::mallopt(libc::M_ARENA_MAX, i32::try_from(cores * 2).unwrap_or(i32::MAX));
    }
}

/// Returns the free pages of every allocator arena to the system, where the allocator is glibc's.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: malloc_trim only releases memory the allocator holds free; no pointer is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}
