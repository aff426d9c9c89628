import CPango

/// Laid-out texts kept from measuring to drawing: when the fitter has laid a text out exactly as
/// it will be drawn, it hands its Pango layout here and the renderer takes it instead of laying
/// the text out again. Bounded by the bytes of text it holds; what does not fit is simply laid
/// out again when drawn.
///
/// Layouts that have been drawn (or were kept and never drawn) stay on for later documents, in
/// a second, bounded tier: the labels of a layout are the same in every session, and a session
/// drawn again (the live werkblad on each change, a batch re-run) repeats most of its texts.
/// Nobody changes a layout from the store, so one drawn is as good as new.
/// Not thread-safe: one per engine, used by one thread at a time.
public final class LayoutStore {
    /// Each layout with the number of items that will draw it: identical texts in identical
    /// boxes (a text repeated on many vervolgbladen) share one layout.
    private var kept: [TextLayout.Key: (layout: OpaquePointer, uses: Int)] = [:]
    private var bytes = 0
    /// The most text held at once.
    public let capacity: Int

    /// Layouts of earlier documents, each with the document it was last used in.
    private var retained: [TextLayout.Key: (layout: OpaquePointer, document: Int)] = [:]
    private var retainedBytes = 0
    /// The documents finished so far.
    private var document = 0
    /// The hashes of the texts given back in earlier documents, and in this one.
    private var seenBefore: Set<Int> = [], seenNow: Set<Int> = []
    /// The most layouts, and bytes of text, kept between documents.
    public let retainedLimit: Int
    public let retainedByteLimit: Int

    public init(capacity: Int = 2 * 1024 * 1024, retainedLimit: Int = 256, retainedByteLimit: Int = 16 * 1024) {
        self.capacity = capacity
        self.retainedLimit = retainedLimit
        self.retainedByteLimit = retainedByteLimit
    }

    deinit {
        for entry in kept.values { g_object_unref(UnsafeMutableRawPointer(entry.layout)) }
        for entry in retained.values { g_object_unref(UnsafeMutableRawPointer(entry.layout)) }
    }

    /// Takes ownership of `layout`, laid out as `key` says; false (and not taken) when full.
    func put(_ key: TextLayout.Key, _ layout: OpaquePointer) -> Bool {
        if let index = kept.index(forKey: key) {
            // The same layout is there already: one more use of it, and this copy is not needed.
            kept.values[index].uses += 1
            g_object_unref(UnsafeMutableRawPointer(layout))
            return true
        }
        let size = key.configuration.text.utf8.count
        guard bytes + size <= capacity else { return false }
        kept[key] = (layout, 1)
        bytes += size
        return true
    }

    /// The layout kept for `key`, with a reference the caller owns. The caller must not
    /// change it: while other uses remain, the store holds it too. Given back with `giveBack`.
    func take(_ key: TextLayout.Key) -> OpaquePointer? {
        if let index = kept.index(forKey: key) {
            let entry = kept.values[index]
            if entry.uses > 1 {
                kept.values[index].uses -= 1
                g_object_ref(UnsafeMutableRawPointer(entry.layout))
                return entry.layout
            }
            kept.remove(at: index)
            bytes -= key.configuration.text.utf8.count
            return entry.layout
        }
        guard let index = retained.index(forKey: key) else { return nil }
        let entry = retained.remove(at: index).value
        retainedBytes -= key.configuration.text.utf8.count
        return entry.layout
    }

    /// Takes back the reference to a layout `take` gave out, to keep for later documents.
    func giveBack(_ key: TextLayout.Key, _ layout: OpaquePointer) {
        if let index = retained.index(forKey: key) {
            // A layout several items drew: one reference is enough.
            retained.values[index].document = document
            g_object_unref(UnsafeMutableRawPointer(layout))
            return
        }
        // Only a text an earlier document had too (a label, most of a session drawn again): a
        // single document keeps nothing longer than it did. Within the limits at every moment,
        // not only between documents; a long text (unlikely to come again as it is, and its
        // layout holds a lot of memory) is not kept at all.
        let size = key.configuration.text.utf8.count
        let seen = seenBefore.contains(key.hash)
        seenNow.insert(key.hash)
        guard seen, size <= retainedByteLimit / 16, retained.count < retainedLimit, retainedBytes + size <= retainedByteLimit else {
            g_object_unref(UnsafeMutableRawPointer(layout))
            return
        }
        retained[key] = (layout, document)
        retainedBytes += size
    }

    /// Ends a document: what it kept and did not draw goes to the layouts kept for later ones,
    /// of which those unused longest are then dropped, down to three quarters of the limits, to
    /// leave room for the next document's.
    public func endDocument() {
        // The store holds one reference to each, however many uses are left.
        for (key, entry) in kept { giveBack(key, entry.layout) }
        // The next document keeps about as many: no growing (and rehashing) again.
        kept.removeAll(keepingCapacity: true)
        bytes = 0
        document += 1
        // The texts of the documents so far, or (grown past a bound) of the last one.
        if seenBefore.count + seenNow.count > 16 * retainedLimit { swap(&seenBefore, &seenNow) } else { seenBefore.formUnion(seenNow) }
        seenNow.removeAll(keepingCapacity: true)
        guard retained.count > retainedLimit * 3 / 4 || retainedBytes > retainedByteLimit * 3 / 4 else { return }
        var byAge = retained.map { (key: $0.key, document: $0.value.document) }
        byAge.sort { $0.document < $1.document }
        for old in byAge {
            guard retained.count > retainedLimit * 3 / 4 || retainedBytes > retainedByteLimit * 3 / 4 else { break }
            let entry = retained.removeValue(forKey: old.key)!
            retainedBytes -= old.key.configuration.text.utf8.count
            g_object_unref(UnsafeMutableRawPointer(entry.layout))
        }
    }

    /// Drops every layout, kept and retained.
    public func clear() {
        endDocument()
        for entry in retained.values { g_object_unref(UnsafeMutableRawPointer(entry.layout)) }
        retained.removeAll()
        retainedBytes = 0
        seenBefore.removeAll()
    }

    /// How many layouts are kept for the document in hand (for tests and the benchmark).
    public var count: Int { kept.count }
    /// How many layouts are kept for later documents (for tests and the benchmark).
    public var retainedCount: Int { retained.count }
}
