import CCairo
import Foundation

/// Document information written into a PDF. Dates are ISO 8601 (`2026-11-17T10:00:00`);
/// they are always set, so the same input gives the same bytes.
public struct PDFMetadata: Sendable, Hashable {
    public var title: String
    public var subject: String
    public var author: String?
    public var keywords: String?
    public var creator: String
    public var date: String

    public init(title: String, subject: String, author: String? = nil, keywords: String? = nil,
                creator: String, date: String) {
        self.title = title; self.subject = subject; self.author = author
        self.keywords = keywords; self.creator = creator; self.date = date
    }
}

/// A cairo surface, owned. PDF surfaces hold many pages; image and SVG surfaces one.
public final class Surface {
    public enum Kind: Sendable { case pdf, svg, image }

    let raw: OpaquePointer
    public let kind: Kind
    public let pageSize: Size
    /// Device pixels per point for image surfaces, 1 otherwise.
    public let scale: Double

    /// What cairo wrote, for PDF and SVG surfaces: kept in memory, so that werkblad itself writes
    /// the file and checks every step (cairo's own file output ignores a failing close).
    private let sink: OutputSink?

    private init(raw: OpaquePointer, kind: Kind, pageSize: Size, scale: Double, sink: OutputSink? = nil) throws {
        self.raw = raw; self.kind = kind; self.pageSize = pageSize; self.scale = scale; self.sink = sink
        try check("create surface")
    }

    deinit { cairo_surface_destroy(raw) }

    /// The bytes of a finished PDF or SVG surface.
    public var data: Data { sink?.data ?? Data() }

    public static func pdf(pageSize: Size, metadata: PDFMetadata) throws -> Surface {
        let sink = OutputSink()
        let raw = cairo_pdf_surface_create_for_stream(OutputSink.write, Unmanaged.passUnretained(sink).toOpaque(),
                                                      pageSize.width.points, pageSize.height.points)!
        let surface = try Surface(raw: raw, kind: .pdf, pageSize: pageSize, scale: 1, sink: sink)
        cairo_pdf_surface_restrict_to_version(raw, CAIRO_PDF_VERSION_1_5)
        let fields: [(cairo_pdf_metadata_t, String?)] = [
            (CAIRO_PDF_METADATA_TITLE, metadata.title), (CAIRO_PDF_METADATA_SUBJECT, metadata.subject),
            (CAIRO_PDF_METADATA_AUTHOR, metadata.author), (CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords),
            (CAIRO_PDF_METADATA_CREATOR, metadata.creator),
            (CAIRO_PDF_METADATA_CREATE_DATE, metadata.date), (CAIRO_PDF_METADATA_MOD_DATE, metadata.date),
        ]
        for case let (key, value?) in fields { cairo_pdf_surface_set_metadata(raw, key, value) }
        try surface.check("set PDF metadata")
        return surface
    }

    public static func svg(pageSize: Size) throws -> Surface {
        let sink = OutputSink()
        let raw = cairo_svg_surface_create_for_stream(OutputSink.write, Unmanaged.passUnretained(sink).toOpaque(),
                                                      pageSize.width.points, pageSize.height.points)!
        cairo_svg_surface_set_document_unit(raw, CAIRO_SVG_UNIT_PT)
        return try Surface(raw: raw, kind: .svg, pageSize: pageSize, scale: 1, sink: sink)
    }

    /// An RGB image of the page at `dpi` dots per inch, on a white background.
    public static func image(pageSize: Size, dpi: Double) throws -> Surface {
        let scale = dpi / 72
        let raw = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32((pageSize.width.points * scale).rounded()),
                                             Int32((pageSize.height.points * scale).rounded()))!
        return try Surface(raw: raw, kind: .image, pageSize: pageSize, scale: scale)
    }

    /// Sets the size of the next PDF page; call before drawing on it.
    public func setPageSize(_ size: Size) {
        if kind == .pdf { cairo_pdf_surface_set_size(raw, size.width.points, size.height.points) }
    }

    /// Adds a PDF outline entry pointing at `page` (1-based); returns its id for children.
    @discardableResult
    public func addOutline(title: String, page: Int, top: Length = .zero, parent: Int32 = 0) -> Int32 {
        let target = top == .zero ? "page=\(page)" : String(format: "page=%d pos=[0 %.2f]", page, top.points)
        return cairo_pdf_surface_add_outline(raw, parent, title, target, CAIRO_PDF_OUTLINE_FLAG_OPEN)
    }

    /// The image surface as PNG bytes.
    public func pngData() throws -> Data {
        cairo_surface_flush(raw)
        let sink = OutputSink()
        let status = cairo_surface_write_to_png_stream(raw, OutputSink.write, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError.cairo(operation: "write PNG", status: String(cString: cairo_status_to_string(status)))
        }
        return sink.data
    }

    /// Completes the file. Errors from writing surface here.
    public func finish() throws {
        cairo_surface_finish(raw)
        try check("finish")
    }

    func check(_ operation: String) throws {
        let status = cairo_surface_status(raw)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
    }
}

/// Collects what a cairo stream surface writes.
final class OutputSink {
    // Cairo writes in many small pieces (about 25 a page): a buffer grown by doubling takes
    // them for a copy each, where appending to a Data cost ten times that.
    private var buffer: UnsafeMutableRawPointer?
    private var count = 0
    private var capacity = 0

    deinit { free(buffer) }

    /// Everything written so far.
    var data: Data { buffer.map { Data(bytes: $0, count: count) } ?? Data() }

    /// False when the buffer could not grow (no memory): cairo then fails with a write error.
    private func append(_ bytes: UnsafeRawPointer, _ length: Int) -> Bool {
        if count + length > capacity {
            var grown = max(capacity * 2, 64 * 1024)
            while grown < count + length { grown *= 2 }
            guard let larger = realloc(buffer, grown) else { return false }
            buffer = larger; capacity = grown
        }
        if length > 0 { memcpy(buffer! + count, bytes, length) }
        count += length
        return true
    }

    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        // Whoever made the stream holds the sink while cairo can write to it: no retain per write.
        return Unmanaged<OutputSink>.fromOpaque(closure)._withUnsafeGuaranteedRef { $0.append(bytes, Int(length)) }
            ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR
    }
}
