#if canImport(CMalloc)
import CMalloc
#endif
#if canImport(Glibc)
import Glibc
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

    /// Bytes of heap a cold render touches (about 1.6 MB at exit), made present in one system call
    /// at the start instead of one page fault per 4 KiB page as the heap grows: 347 fewer faults of
    /// 1,404 in a cold render. (One arena for all threads, M_ARENA_MAX 1, was 1.5 % slower: the
    /// session's reading thread then waits for the main thread's lock.)
    static let prefaultedHeap = 1536 << 10

    private static let once: Void = {
        #if canImport(CMalloc)
        _ = mallopt(M_TRIM_THRESHOLD, 8 << 20)
        // The heap grown once by what a cold render uses, and its pages made present together.
        _ = mallopt(M_MMAP_THRESHOLD, Int32(prefaultedHeap * 2))
        if let block = malloc(prefaultedHeap) {
            let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
            let start = (UInt(bitPattern: block) + page - 1) & ~(page - 1)
            let end = (UInt(bitPattern: block) + UInt(prefaultedHeap)) & ~(page - 1)
            if end > start {
                // Linux 5.14 and later; on an older kernel the pages come as they are touched.
                _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), MADV_POPULATE_WRITE)
            }
            free(block)
        }
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
    }()
}
