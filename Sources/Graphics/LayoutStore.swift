import CPango

/// Laid-out texts kept from measuring to drawing: when the fitter has laid a text out exactly as
/// it will be drawn, it hands its Pango layout here and the renderer takes it instead of laying
/// the text out again. Bounded by the bytes of text it holds; what does not fit is simply laid
/// out again when drawn. Not thread-safe: one per engine, used by one thread at a time.
public final class LayoutStore {
    /// Each layout with the number of items that will draw it: identical texts in identical
    /// boxes (a text repeated on many vervolgbladen) share one layout.
    private var kept: [TextLayout.Configuration: (layout: OpaquePointer, uses: Int)] = [:]
    private var bytes = 0
    /// The most text held at once.
    public let capacity: Int

    public init(capacity: Int = 2 * 1024 * 1024) {
        self.capacity = capacity
    }

    deinit {
        for entry in kept.values { g_object_unref(UnsafeMutableRawPointer(entry.layout)) }
    }

    /// Takes ownership of `layout`, laid out as `configuration`; false (and not taken) when full.
    func put(_ configuration: TextLayout.Configuration, _ layout: OpaquePointer) -> Bool {
        if let entry = kept[configuration] {
            // The same layout is there already: one more use of it, and this copy is not needed.
            kept[configuration] = (entry.layout, entry.uses + 1)
            g_object_unref(UnsafeMutableRawPointer(layout))
            return true
        }
        let size = configuration.text.utf8.count
        guard bytes + size <= capacity else { return false }
        kept[configuration] = (layout, 1)
        bytes += size
        return true
    }

    /// The layout kept for `configuration`, with a reference the caller owns. The caller must not
    /// change it: while other uses remain, the store holds it too.
    func take(_ configuration: TextLayout.Configuration) -> OpaquePointer? {
        guard let entry = kept[configuration] else { return nil }
        if entry.uses > 1 {
            kept[configuration] = (entry.layout, entry.uses - 1)
            g_object_ref(UnsafeMutableRawPointer(entry.layout))
            return entry.layout
        }
        kept.removeValue(forKey: configuration)
        bytes -= configuration.text.utf8.count
        return entry.layout
    }

    /// Drops every kept layout: after a document is drawn, what it did not use is of no use.
    public func removeAll() {
        for entry in kept.values { g_object_unref(UnsafeMutableRawPointer(entry.layout)) }
        kept.removeAll()
        bytes = 0
    }

    /// How many layouts are kept (for tests and the benchmark).
    public var count: Int { kept.count }
}
