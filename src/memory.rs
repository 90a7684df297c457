//! Handing freed memory back to the system between stages.
//!
//! The survey is read on every core, and glibc's allocator gives each thread its own arena.
//! What the readers free (each chunk's counts) stays in their arenas, counted in the process's
//! resident memory, while the analysis allocates afresh on the main thread: 17 MB on the 10M-row
//! benchmark (`bench/ingest/README.md`). Trimming once after the read returns it.

/// Sets glibc's allocator up for a build. It keeps no more than two arenas a core (glibc's
/// default is eight): memory freed by one reader is then reused by the next instead of sitting
/// apart (10 MB on the 10M-row benchmark); one a core made the threads wait on each other's
/// locks, 5–15% slower. And blocks of 128 KiB or more are mapped and unmapped on their own,
/// at a fixed size: by default the threshold rises to the largest block freed, after which a
/// chunk's counts of several MB come from the arenas and their room stays there (6 MiB less at
/// the peak on the benchmark's shapes, the same time). Called once, by the binary, before any
/// thread starts.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: mallopt only sets allocator parameters; called before any other thread exists.
    unsafe {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        libc::mallopt(libc::M_ARENA_MAX, i32::try_from(cores * 2).unwrap_or(i32::MAX));
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 << 10);
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
