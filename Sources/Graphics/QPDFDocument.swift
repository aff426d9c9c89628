import CQpdf
import Foundation

/// One qpdf handle over a PDF held in memory: the single owner of both, for the passes that
/// rewrite cairo's output (archive, form). Errors come back as `GraphicsError.pdf`.
final class QPDFDocument {
    /// libqpdf's functions (see CQpdf's shim: the library is opened on first use, not linked).
    let api: werkblad_qpdf
    let q: qpdf_data
    /// qpdf reads the input lazily: the bytes must live as long as the handle.
    private let input: UnsafeMutableRawBufferPointer

    init(pdf: Data) throws {
        api = try QPDFLibrary.functions()
        guard let handle = api.qpdf_init() else { throw GraphicsError.pdf(operation: "init", message: "qpdf_init gaf niets terug") }
        q = handle
        input = .allocate(byteCount: max(1, pdf.count), alignment: 1)
        pdf.copyBytes(to: input)
        api.qpdf_silence_errors(q)
        api.qpdf_set_suppress_warnings(q, 1)
        let status = api.qpdf_read_memory(q, "werkblad.pdf", input.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(pdf.count), nil)
        if status & 2 != 0 { throw error("read") }
    }

    deinit {
        var handle: qpdf_data? = q
        api.qpdf_cleanup(&handle)
        input.deallocate()
    }

    func error(_ operation: String) -> GraphicsError {
        var text = "unknown"
        if api.qpdf_has_error(q) != 0, let e = api.qpdf_get_error(q), let full = api.qpdf_get_error_full_text(q, e) { text = String(cString: full) }
        return GraphicsError.pdf(operation: operation, message: text)
    }

    func set(_ dict: qpdf_oh, _ key: String, _ value: qpdf_oh) { api.qpdf_oh_replace_key(q, dict, key, value) }

    /// The document's bytes: the same input gives the same bytes (the ID is a hash of the
    /// content), with an end-of-line before every `endstream` (PDF/A-2 6.1.7.1).
    func write() throws -> Data {
        guard api.qpdf_init_write_memory(q) & 2 == 0 else { throw error("write") }
        api.qpdf_set_deterministic_ID(q, 1)
        api.qpdf_set_newline_before_endstream(q, 1)
        api.qpdf_set_object_stream_mode(q, qpdf_o_generate)
        api.qpdf_set_compress_streams(q, 1)
        guard api.qpdf_write(q) & 2 == 0, let buffer = api.qpdf_get_buffer(q) else { throw error("write") }
        return Data(bytes: buffer, count: Int(api.qpdf_get_buffer_length(q)))
    }
}

/// libqpdf, opened the first time an archive or form pass needs it.
enum QPDFLibrary {
    private static let opened: Result<werkblad_qpdf, GraphicsError> = {
        if let functions = werkblad_qpdf_open() { return .success(functions.pointee) }
        let reason = werkblad_qpdf_open_error().map { String(cString: $0) } ?? "onbekende oorzaak"
        return .failure(.pdf(operation: "libqpdf openen", message: reason + "; installeer het Debian-pakket libqpdf29"))
    }()

    static func functions() throws -> werkblad_qpdf { try opened.get() }
}
