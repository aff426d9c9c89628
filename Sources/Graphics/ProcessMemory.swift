#if canImport(CMalloc)
import CMalloc
#endif

/// How the process's heap behaves between documents.
public enum ProcessMemory {
    /// Keeps up to 8 MiB of freed memory at the top of the heap instead of handing it back to the
    /// system after every document, and takes blocks under 1 MiB from the heap (glibc's defaults:
    /// 128 KiB each, adjusted as the process goes). Each document frees about as much as the next
    /// one allocates (zlib's buffers for every PDF stream, Pango's and cairo's caches), so returning
    /// it meant touching fresh pages again: about 37 page faults per document in a warm run (5,219
    /// for 100 documents, 1,493 kept), with peak memory unchanged. Done once per process, before
    /// any other thread of werkblad's runs (glibc's `mallopt` is not safe beside one).
    public static func keepFreedMemoryForTheNextDocument() {
        _ = once
    }

    private static let once: Void = {
        #if canImport(CMalloc)
        _ = mallopt(M_TRIM_THRESHOLD, 8 << 20)
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
    }()
}
