import CQpdf
import Foundation

/// One text field to add to a PDF: its widget on a page, and the page (drawn by cairo after
/// the document's own pages) whose content becomes the widget's appearance.
public struct PDFFormField: Sendable, Hashable {
    public var name: String
    public var tooltip: String
    public var value: String
    /// Zero-based page the widget is on.
    public var page: Int
    /// The widget's rectangle in PDF user space (origin bottom left), points.
    public var x: Double, y: Double, width: Double, height: Double
    public var fontSize: Double
    public var multiline: Bool
    /// Zero-based page whose content (of size width × height) is the appearance; it is removed.
    public var appearancePage: Int

    public init(name: String, tooltip: String, value: String, page: Int, x: Double, y: Double, width: Double, height: Double,
                fontSize: Double, multiline: Bool, appearancePage: Int) {
        self.name = name; self.tooltip = tooltip; self.value = value; self.page = page
        self.x = x; self.y = y; self.width = width; self.height = height
        self.fontSize = fontSize; self.multiline = multiline; self.appearancePage = appearancePage
    }
}

/// The font a viewer sets typed text in (the form's `/DR`): a TrueType subset with
/// WinAnsiEncoding and the metrics its font dictionary states.
public struct PDFFormFont: Sendable, Hashable, Decodable {
    public var fontName: String
    public var firstChar: Int
    public var lastChar: Int
    public var widths: [Int]
    public var bbox: [Int]
    public var ascent: Int
    public var descent: Int
    public var capHeight: Int
    public var italicAngle: Double
    public var stemV: Int
    /// The font program; not in the metrics file.
    public var program = Data()

    enum CodingKeys: String, CodingKey { case fontName, firstChar, lastChar, widths, bbox, ascent, descent, capHeight, italicAngle, stemV }

    /// Reads `metrics` (JSON written by `scripts/make-form-font`) and the font program beside it.
    public init(metrics: URL, program: URL) throws {
        self = try JSONDecoder().decode(PDFFormFont.self, from: Data(contentsOf: metrics))
        self.program = try Data(contentsOf: program)
    }

    /// The resource name in `/DR` and `/DA`.
    public static let resourceName = "NotoSans"
}

/// Adds an AcroForm of text fields to a tagged PDF from cairo: each widget gets its appearance
/// from a page werkblad drew for it (so the text is set by Pango, hyphenated and fitted, never by
/// a viewer's generator), a `/Form` structure element at its place in reading order (the i-th
/// empty `Form` element cairo wrote takes the i-th field), `/TU`, `/F 4` and `/Tabs /S`; no
/// `/NeedAppearances`, no actions. Works on one `QPDFDocument`.
public final class PDFForm {
    private let document: QPDFDocument
    private var q: qpdf_data { document.q }
    private var api: werkblad_qpdf { document.api }

    public init(pdf: Data) throws { document = try QPDFDocument(pdf: pdf) }

    private func error(_ operation: String) -> GraphicsError { document.error(operation) }

    private func set(_ dict: qpdf_oh, _ key: String, _ value: qpdf_oh) { document.set(dict, key, value) }
    private func name(_ n: String) -> qpdf_oh { api.qpdf_oh_new_name(q, n) }
    private func real(_ v: Double) -> qpdf_oh { api.qpdf_oh_new_real_from_double(q, v, 3) }
    private func array(_ items: [qpdf_oh]) -> qpdf_oh {
        let a = api.qpdf_oh_new_array(q)
        for item in items { api.qpdf_oh_append_item(q, a, item) }
        return a
    }

    /// The PDF with `fields` as its form and the appearance pages gone.
    public func withFields(_ fields: [PDFFormField], font: PDFFormFont) throws -> Data {
        let pageCount = Int(api.qpdf_get_num_pages(q))
        guard pageCount > 0 else { throw error("pages") }
        let pages = (0..<pageCount).map { api.qpdf_get_page_n(q, $0) }
        for f in fields where !(0..<pageCount).contains(f.page) || !(0..<pageCount).contains(f.appearancePage) {
            throw GraphicsError.pdf(operation: "form", message: "field \(f.name) names a page the PDF lacks")
        }
        let root = api.qpdf_get_root(q)
        let fontRef = makeFont(font)
        let resources = api.qpdf_oh_new_dictionary(q)
        let fonts = api.qpdf_oh_new_dictionary(q)
        set(fonts, "/" + PDFFormFont.resourceName, fontRef)
        set(resources, "/Font", fonts)
        let fieldArray = api.qpdf_oh_new_array(q)
        let formElements = structureForms()
        guard formElements.count == fields.count else {
            throw GraphicsError.pdf(operation: "form", message: "\(fields.count) fields but \(formElements.count) Form elements")
        }
        var nextKey = structParentNextKey()
        var annotated = Set<Int>()
        for (f, element) in zip(fields, formElements) {
            let page = pages[f.page]
            let appearance = try appearanceStream(from: pages[f.appearancePage], width: f.width, height: f.height)
            let ap = api.qpdf_oh_new_dictionary(q)
            set(ap, "/N", appearance)
            var widget = api.qpdf_oh_new_dictionary(q)
            set(widget, "/Type", name("/Annot"))
            set(widget, "/Subtype", name("/Widget"))
            set(widget, "/FT", name("/Tx"))
            set(widget, "/T", api.qpdf_oh_new_unicode_string(q, f.name))
            set(widget, "/TU", api.qpdf_oh_new_unicode_string(q, f.tooltip))
            set(widget, "/V", api.qpdf_oh_new_unicode_string(q, f.value))
            set(widget, "/DA", api.qpdf_oh_new_string(q, "/\(PDFFormFont.resourceName) \(Self.number(f.fontSize)) Tf 0 g"))
            if f.multiline { set(widget, "/Ff", api.qpdf_oh_new_integer(q, 4096)) }
            set(widget, "/F", api.qpdf_oh_new_integer(q, 4))
            set(widget, "/Rect", array([real(f.x), real(f.y), real(f.x + f.width), real(f.y + f.height)]))
            set(widget, "/P", page)
            set(widget, "/AP", ap)
            set(widget, "/StructParent", api.qpdf_oh_new_integer(q, Int64(nextKey)))
            widget = api.qpdf_make_indirect_object(q, widget)
            api.qpdf_oh_append_item(q, fieldArray, widget)

            var annots = api.qpdf_oh_get_key(q, page, "/Annots")
            if api.qpdf_oh_is_array(q, annots) == 0 {
                annots = api.qpdf_oh_new_array(q)
                set(page, "/Annots", annots)
            }
            api.qpdf_oh_append_item(q, annots, widget)
            annotated.insert(f.page)

            // The structure: the Form element holds an object reference to the widget, and the
            // parent tree maps the widget's StructParent back to the element.
            let objr = api.qpdf_oh_new_dictionary(q)
            set(objr, "/Type", name("/OBJR"))
            set(objr, "/Obj", widget)
            set(objr, "/Pg", page)
            set(element, "/K", objr)
            set(element, "/Pg", page)
            addToParentTree(key: nextKey, element: element)
            nextKey += 1
        }
        if let tree = structTreeRoot() { set(tree, "/ParentTreeNextKey", api.qpdf_oh_new_integer(q, Int64(nextKey))) }
        for index in annotated { set(pages[index], "/Tabs", name("/S")) }
        let form = api.qpdf_oh_new_dictionary(q)
        set(form, "/Fields", fieldArray)
        set(form, "/DR", resources)
        set(form, "/DA", api.qpdf_oh_new_string(q, "/\(PDFFormFont.resourceName) 10 Tf 0 g"))
        set(root, "/AcroForm", form)
        // The appearance pages last, from the end so the indices stay valid.
        for index in Set(fields.map(\.appearancePage)).sorted(by: >) {
            guard api.qpdf_remove_page(q, pages[index]) & 2 == 0 else { throw error("remove page") }
        }
        if api.qpdf_has_error(q) != 0 { throw error("form") }
        // As in the archive pass: a compressed stream whose last byte is CR makes its end-of-line
        // ambiguous (PDF/A-2 6.1.7.1). The streams made here are padded with spaces (after a
        // content stream's operators, after the font program's tables) until none does; not with
        // zeros, which leave zlib's checksum, and so the last byte, as it was.
        var data = try write()
        for padding in 1..<8 where data.firstRange(of: Data("\r\nendstream".utf8)) != nil {
            for made in created {
                let padded = made.data + Array(repeating: 0x20, count: padding)
                padded.withUnsafeBufferPointer { api.qpdf_oh_replace_stream_data(q, made.stream, $0.baseAddress, padded.count, api.qpdf_oh_new_null(q), api.qpdf_oh_new_null(q)) }
                if made.isFont { set(api.qpdf_oh_get_dict(q, made.stream), "/Length1", api.qpdf_oh_new_integer(q, Int64(padded.count))) }
            }
            data = try write()
        }
        return data
    }

    /// The streams this pass made, with their data (the font program's /Length1 follows its padding).
    private var created: [(stream: qpdf_oh, data: [UInt8], isFont: Bool)] = []

    private func write() throws -> Data { try document.write() }

    static func number(_ v: Double) -> String {
        let rounded = (v * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// A page's content and resources as a form XObject of `width` × `height`.
    private func appearanceStream(from page: qpdf_oh, width: Double, height: Double) throws -> qpdf_oh {
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard api.qpdf_oh_get_page_content_data(q, page, &buffer, &length) & 2 == 0, let buffer else { throw error("appearance") }
        defer { free(buffer) }
        let stream = api.qpdf_oh_new_stream(q)
        api.qpdf_oh_replace_stream_data(q, stream, buffer, length, api.qpdf_oh_new_null(q), api.qpdf_oh_new_null(q))
        created.append((stream, Array(UnsafeBufferPointer(start: buffer, count: length)), false))
        let dict = api.qpdf_oh_get_dict(q, stream)
        set(dict, "/Type", name("/XObject"))
        set(dict, "/Subtype", name("/Form"))
        set(dict, "/BBox", array([real(0), real(0), real(width), real(height)]))
        let resources = api.qpdf_oh_get_key(q, page, "/Resources")
        if api.qpdf_oh_is_dictionary(q, resources) != 0 { set(dict, "/Resources", resources) }
        return stream
    }

    /// The simple TrueType font of the form's resources, its program embedded.
    private func makeFont(_ font: PDFFormFont) -> qpdf_oh {
        let file = api.qpdf_oh_new_stream(q)
        font.program.withUnsafeBytes { raw in
            api.qpdf_oh_replace_stream_data(q, file, raw.bindMemory(to: UInt8.self).baseAddress, font.program.count, api.qpdf_oh_new_null(q), api.qpdf_oh_new_null(q))
        }
        set(api.qpdf_oh_get_dict(q, file), "/Length1", api.qpdf_oh_new_integer(q, Int64(font.program.count)))
        created.append((file, Array(font.program), true))
        // A six-letter subset tag from the program's bytes: the same font, the same tag.
        var hash: UInt32 = 2166136261
        for byte in font.program { hash = (hash ^ UInt32(byte)) &* 16777619 }
        let tag = String((0..<6).map { i in Character(UnicodeScalar(UInt8(65 + Int((hash >> (UInt32(i) * 5)) % 26)))) })
        let baseName = "/\(tag)+\(font.fontName)"
        var descriptor = api.qpdf_oh_new_dictionary(q)
        set(descriptor, "/Type", name("/FontDescriptor"))
        set(descriptor, "/FontName", name(baseName))
        set(descriptor, "/Flags", api.qpdf_oh_new_integer(q, 32))   // non-symbolic
        set(descriptor, "/FontBBox", array(font.bbox.map { api.qpdf_oh_new_integer(q, Int64($0)) }))
        set(descriptor, "/ItalicAngle", real(font.italicAngle))
        set(descriptor, "/Ascent", api.qpdf_oh_new_integer(q, Int64(font.ascent)))
        set(descriptor, "/Descent", api.qpdf_oh_new_integer(q, Int64(font.descent)))
        set(descriptor, "/CapHeight", api.qpdf_oh_new_integer(q, Int64(font.capHeight)))
        set(descriptor, "/StemV", api.qpdf_oh_new_integer(q, Int64(font.stemV)))
        set(descriptor, "/FontFile2", file)
        descriptor = api.qpdf_make_indirect_object(q, descriptor)
        var dict = api.qpdf_oh_new_dictionary(q)
        set(dict, "/Type", name("/Font"))
        set(dict, "/Subtype", name("/TrueType"))
        set(dict, "/BaseFont", name(baseName))
        set(dict, "/FirstChar", api.qpdf_oh_new_integer(q, Int64(font.firstChar)))
        set(dict, "/LastChar", api.qpdf_oh_new_integer(q, Int64(font.lastChar)))
        set(dict, "/Widths", array(font.widths.map { api.qpdf_oh_new_integer(q, Int64($0)) }))
        set(dict, "/Encoding", name("/WinAnsiEncoding"))
        set(dict, "/FontDescriptor", descriptor)
        dict = api.qpdf_make_indirect_object(q, dict)
        return dict
    }

    private func structTreeRoot() -> qpdf_oh? {
        let root = api.qpdf_get_root(q)
        guard api.qpdf_oh_has_key(q, root, "/StructTreeRoot") != 0 else { return nil }
        return api.qpdf_oh_get_key(q, root, "/StructTreeRoot")
    }

    /// The structure elements of type Form, in the order of the tree (reading order).
    private func structureForms() -> [qpdf_oh] {
        guard let tree = structTreeRoot() else { return [] }
        var found: [qpdf_oh] = []
        var seen = Set<Int32>()
        func walk(_ node: qpdf_oh) {
            if api.qpdf_oh_is_array(q, node) != 0 {
                for i in 0..<api.qpdf_oh_get_array_n_items(q, node) { walk(api.qpdf_oh_get_array_item(q, node, i)) }
                return
            }
            guard api.qpdf_oh_is_dictionary(q, node) != 0, api.qpdf_oh_has_key(q, node, "/S") != 0 else { return }
            if api.qpdf_oh_is_indirect(q, node) != 0, !seen.insert(api.qpdf_oh_get_object_id(q, node)).inserted { return }
            if api.qpdf_oh_is_or_has_name(q, api.qpdf_oh_get_key(q, node, "/S"), "/Form") != 0 { found.append(node); return }
            if api.qpdf_oh_has_key(q, node, "/K") != 0 { walk(api.qpdf_oh_get_key(q, node, "/K")) }
        }
        walk(api.qpdf_oh_get_key(q, tree, "/K"))
        return found
    }

    private func structParentNextKey() -> Int {
        guard let tree = structTreeRoot() else { return 0 }
        let key = api.qpdf_oh_get_key(q, tree, "/ParentTreeNextKey")
        if api.qpdf_oh_is_integer(q, key) != 0 { return Int(api.qpdf_oh_get_int_value(q, key)) }
        // Without the entry: one past the largest key of the parent tree's top /Nums.
        let nums = api.qpdf_oh_get_key(q, api.qpdf_oh_get_key(q, tree, "/ParentTree"), "/Nums")
        var largest = -1
        if api.qpdf_oh_is_array(q, nums) != 0 {
            for i in stride(from: 0, to: api.qpdf_oh_get_array_n_items(q, nums), by: 2) {
                largest = max(largest, Int(api.qpdf_oh_get_int_value(q, api.qpdf_oh_get_array_item(q, nums, i))))
            }
        }
        return largest + 1
    }

    private func addToParentTree(key: Int, element: qpdf_oh) {
        guard let tree = structTreeRoot() else { return }
        var parentTree = api.qpdf_oh_get_key(q, tree, "/ParentTree")
        if api.qpdf_oh_is_dictionary(q, parentTree) == 0 {
            parentTree = api.qpdf_make_indirect_object(q, api.qpdf_oh_new_dictionary(q))
            set(tree, "/ParentTree", parentTree)
        }
        if api.qpdf_oh_has_key(q, parentTree, "/Kids") != 0 {
            // A tree with kids: the key goes in a leaf of its own, after the others.
            let leaf = api.qpdf_oh_new_dictionary(q)
            set(leaf, "/Limits", array([api.qpdf_oh_new_integer(q, Int64(key)), api.qpdf_oh_new_integer(q, Int64(key))]))
            set(leaf, "/Nums", array([api.qpdf_oh_new_integer(q, Int64(key)), element]))
            api.qpdf_oh_append_item(q, api.qpdf_oh_get_key(q, parentTree, "/Kids"), api.qpdf_make_indirect_object(q, leaf))
            return
        }
        var nums = api.qpdf_oh_get_key(q, parentTree, "/Nums")
        if api.qpdf_oh_is_array(q, nums) == 0 {
            nums = api.qpdf_oh_new_array(q)
            set(parentTree, "/Nums", nums)
        }
        api.qpdf_oh_append_item(q, nums, api.qpdf_oh_new_integer(q, Int64(key)))
        api.qpdf_oh_append_item(q, nums, element)
    }
}

/// Reads a filled PDF form back: every terminal field's full name (`a.b` for kids) and value,
/// in the order of the form's field tree, as any viewer saved it (incremental updates included).
public enum PDFFormReader {
    public struct Field: Sendable, Hashable {
        public var name: String
        /// The field's `/V` (inherited from a parent when the kid has none); nil when unset.
        public var value: String?
        public var tooltip: String?
        /// The field has a `/V` that is not a text string (a number, a name, a stream).
        public var valueIsNotText = false
    }

    /// Why a PDF gives no fields.
    public enum Failure: Error, Sendable, Hashable {
        /// Not readable as a PDF: damaged, truncated, or encrypted with a password.
        case unreadable
        /// A PDF, but without a form.
        case noForm
    }

    public static func fields(of pdf: Data) throws -> [Field] {
        _ = try QPDFLibrary.functions()   // a missing libqpdf is not an unreadable PDF
        guard let document = try? QPDFDocument(pdf: pdf) else { throw Failure.unreadable }
        let q = document.q, api = document.api
        let form = api.qpdf_oh_get_key(q, api.qpdf_get_root(q), "/AcroForm")
        guard api.qpdf_oh_is_dictionary(q, form) != 0 else { throw Failure.noForm }
        func text(_ oh: qpdf_oh) -> String? {
            guard api.qpdf_oh_is_string(q, oh) != 0, let s = api.qpdf_oh_get_utf8_value(q, oh) else { return nil }
            return String(cString: s)
        }
        var result: [Field] = []
        var seen = Set<Int32>()
        func walk(_ node: qpdf_oh, prefix: String, inherited: String?) {
            guard api.qpdf_oh_is_dictionary(q, node) != 0 else { return }
            if api.qpdf_oh_is_indirect(q, node) != 0, !seen.insert(api.qpdf_oh_get_object_id(q, node)).inserted { return }
            let partial = text(api.qpdf_oh_get_key(q, node, "/T"))
            let name = [prefix, partial ?? ""].filter { !$0.isEmpty }.joined(separator: ".")
            let v = api.qpdf_oh_get_key(q, node, "/V")
            let value = text(v) ?? inherited
            let notText = api.qpdf_oh_is_null(q, v) == 0 && api.qpdf_oh_is_string(q, v) == 0
            let kids = api.qpdf_oh_get_key(q, node, "/Kids")
            // Kids with their own names are fields; kids without are this field's widgets.
            var namedKids: [qpdf_oh] = []
            if api.qpdf_oh_is_array(q, kids) != 0 {
                for i in 0..<api.qpdf_oh_get_array_n_items(q, kids) {
                    let kid = api.qpdf_oh_get_array_item(q, kids, i)
                    if api.qpdf_oh_has_key(q, kid, "/T") != 0 { namedKids.append(kid) }
                }
            }
            if namedKids.isEmpty {
                result.append(Field(name: name, value: value, tooltip: text(api.qpdf_oh_get_key(q, node, "/TU")), valueIsNotText: notText))
            } else {
                for kid in namedKids { walk(kid, prefix: name, inherited: value) }
            }
        }
        let fields = api.qpdf_oh_get_key(q, form, "/Fields")
        if api.qpdf_oh_is_array(q, fields) != 0 {
            for i in 0..<api.qpdf_oh_get_array_n_items(q, fields) { walk(api.qpdf_oh_get_array_item(q, fields, i), prefix: "", inherited: nil) }
        }
        if api.qpdf_has_error(q) != 0 { throw document.error("form") }
        return result
    }
}
