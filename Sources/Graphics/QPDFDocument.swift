import CQpdf
import Foundation

/// One qpdf handle over a PDF held in memory: the single owner of both, for the passes that
/// rewrite cairo's output (archive, form). Errors come back as `GraphicsError.pdf`.
final class QPDFDocument {
    let q: qpdf_data
    /// qpdf reads the input lazily: the bytes must live as long as the handle.
    private let input: UnsafeMutableRawBufferPointer

    init(pdf: Data) throws {
        q = qpdf_init()
        input = .allocate(byteCount: max(1, pdf.count), alignment: 1)
        pdf.copyBytes(to: input)
        qpdf_silence_errors(q)
        qpdf_set_suppress_warnings(q, 1)
        let status = qpdf_read_memory(q, "werkblad.pdf", input.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(pdf.count), nil)
        if status & 2 != 0 { throw error("read") }
    }

    deinit {
        var handle: qpdf_data? = q
        qpdf_cleanup(&handle)
        input.deallocate()
    }

    func error(_ operation: String) -> GraphicsError {
        var text = "unknown"
        if qpdf_has_error(q) != 0, let e = qpdf_get_error(q), let full = qpdf_get_error_full_text(q, e) { text = String(cString: full) }
        return GraphicsError.pdf(operation: operation, message: text)
    }

    func set(_ dict: qpdf_oh, _ key: String, _ value: qpdf_oh) { qpdf_oh_replace_key(q, dict, key, value) }

    /// The document's bytes: the same input gives the same bytes (the ID is a hash of the
    /// content), with an end-of-line before every `endstream` (PDF/A-2 6.1.7.1).
    func write() throws -> Data {
        guard qpdf_init_write_memory(q) & 2 == 0 else { throw error("write") }
        qpdf_set_deterministic_ID(q, 1)
        qpdf_set_newline_before_endstream(q, 1)
        qpdf_set_object_stream_mode(q, qpdf_o_generate)
        qpdf_set_compress_streams(q, 1)
        guard qpdf_write(q) & 2 == 0, let buffer = qpdf_get_buffer(q) else { throw error("write") }
        return Data(bytes: buffer, count: Int(qpdf_get_buffer_length(q)))
    }
}
