import CPango

/// Laid-out texts kept from measuring to drawing: when the fitter has laid a text out exactly as
/// it will be drawn, it hands its Pango layout here and the renderer takes it instead of laying
/// the text out again. Bounded by the bytes of text it holds; what does not fit is simply laid
/// out again when drawn. Not thread-safe: one per engine, used by one thread at a time.
public final class LayoutStore {
    private var kept: [TextLayout.Configuration: OpaquePointer] = [:]
    private var bytes = 0
    /// The most text held at once.
    public let capacity: Int

    public init(capacity: Int = 2 * 1024 * 1024) {
        self.capacity = capacity
    }

    deinit {
        for layout in kept.values { g_object_unref(UnsafeMutableRawPointer(layout)) }
    }

    /// Takes ownership of `layout`, laid out as `configuration`; false (and not taken) when full.
    func put(_ configuration: TextLayout.Configuration, _ layout: OpaquePointer) -> Bool {
        let size = configuration.text.utf8.count
        guard kept[configuration] == nil, bytes + size <= capacity else { return false }
        kept[configuration] = layout
        bytes += size
        return true
    }

    /// The layout kept for `configuration`, now owned by the caller.
    func take(_ configuration: TextLayout.Configuration) -> OpaquePointer? {
        guard let layout = kept.removeValue(forKey: configuration) else { return nil }
        bytes -= configuration.text.utf8.count
        return layout
    }

    /// Drops every kept layout: after a document is drawn, what it did not use is of no use.
    public func removeAll() {
        for layout in kept.values { g_object_unref(UnsafeMutableRawPointer(layout)) }
        kept.removeAll()
        bytes = 0
    }

    /// How many layouts are kept (for tests and the benchmark).
    public var count: Int { kept.count }
}
