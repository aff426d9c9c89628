import CQpdf
import Foundation

/// What an archive PDF says about itself, besides what cairo already wrote.
public struct ArchiveSettings: Sendable, Hashable {
    /// BCP 47 language of the text: `nl-NL`, `en-GB`.
    public var language: String
    /// What the figures and header cells carry, in the order their tags were opened (the order of
    /// the structure tree), as the items that made them said.
    public var structureAttributes: [StructureAttribute]
    /// The sRGB ICC profile embedded as output intent.
    public var iccProfile: Data

    public init(language: String, structureAttributes: [StructureAttribute] = [], iccProfile: Data) {
        self.language = language; self.structureAttributes = structureAttributes; self.iccProfile = iccProfile
    }
}

/// An attribute of a structure element that cairo 1.16 cannot write itself.
public enum StructureAttribute: Sendable, Hashable {
    case figure(alt: String)
    /// A table header cell's `/Scope`: `Column` or `Row`.
    case header(scope: String)
}

/// Turns a tagged PDF from cairo into PDF/A-2b through libqpdf: XMP metadata matching the
/// document information, an sRGB output intent, a deterministic document ID, the document
/// language, figure alternative texts and table header scopes, over one `QPDFDocument`.
public final class PDFArchive {
    private let document: QPDFDocument
    private var q: qpdf_data { document.q }
    private var api: werkblad_qpdf { document.api }

    public init(pdf: Data) throws { document = try QPDFDocument(pdf: pdf) }

    private func error(_ operation: String) -> GraphicsError { document.error(operation) }

    /// The archive PDF's bytes.
    public func archived(_ metadata: PDFMetadata, _ settings: ArchiveSettings) throws -> Data {
        let root = api.qpdf_get_root(q), trailer = api.qpdf_get_trailer(q)
        let tagged = api.qpdf_oh_has_key(q, root, "/StructTreeRoot") != 0
        set(root, "/Lang", api.qpdf_oh_new_unicode_string(q, settings.language))
        if tagged {
            markArtifacts()
            let mark = api.qpdf_oh_new_dictionary(q)
            set(mark, "/Marked", api.qpdf_oh_new_bool(q, 1))
            set(root, "/MarkInfo", mark)
        }
        let viewer = api.qpdf_oh_new_dictionary(q)
        set(viewer, "/DisplayDocTitle", api.qpdf_oh_new_bool(q, 1))
        set(root, "/ViewerPreferences", viewer)
        // Dates in the form PDF wants, equal to the XMP's.
        let info = api.qpdf_oh_get_key(q, trailer, "/Info")
        if api.qpdf_oh_is_dictionary(q, info) != 0 {
            let offset = Self.amsterdamOffset(metadata.date)
            let pdfDate = "D:" + metadata.date.filter(\.isNumber) + offset.replacingOccurrences(of: ":", with: "'") + "'"
            set(info, "/CreationDate", api.qpdf_oh_new_string(q, pdfDate))
            set(info, "/ModDate", api.qpdf_oh_new_string(q, pdfDate))
            set(info, "/Producer", api.qpdf_oh_new_unicode_string(q, Self.producer(metadata)))
        }
        // XMP metadata, uncompressed.
        let xmp = Array(Self.xmp(metadata, tagged: tagged).utf8)
        let meta = api.qpdf_oh_new_stream(q)
        xmp.withUnsafeBufferPointer { api.qpdf_oh_replace_stream_data(q, meta, $0.baseAddress, $0.count, api.qpdf_oh_new_null(q), api.qpdf_oh_new_null(q)) }
        let metaDict = api.qpdf_oh_get_dict(q, meta)
        set(metaDict, "/Type", api.qpdf_oh_new_name(q, "/Metadata"))
        set(metaDict, "/Subtype", api.qpdf_oh_new_name(q, "/XML"))
        set(root, "/Metadata", meta)
        // The sRGB output intent.
        let icc = api.qpdf_oh_new_stream(q)
        settings.iccProfile.withUnsafeBytes { raw in
            api.qpdf_oh_replace_stream_data(q, icc, raw.bindMemory(to: UInt8.self).baseAddress, raw.count, api.qpdf_oh_new_null(q), api.qpdf_oh_new_null(q))
        }
        set(api.qpdf_oh_get_dict(q, icc), "/N", api.qpdf_oh_new_integer(q, 3))
        var intent = api.qpdf_oh_new_dictionary(q)
        set(intent, "/Type", api.qpdf_oh_new_name(q, "/OutputIntent"))
        set(intent, "/S", api.qpdf_oh_new_name(q, "/GTS_PDFA1"))
        set(intent, "/OutputConditionIdentifier", api.qpdf_oh_new_string(q, "sRGB IEC61966-2.1"))
        set(intent, "/Info", api.qpdf_oh_new_string(q, "sRGB IEC61966-2.1"))
        set(intent, "/RegistryName", api.qpdf_oh_new_string(q, "http://www.color.org"))
        set(intent, "/DestOutputProfile", icc)
        intent = api.qpdf_make_indirect_object(q, intent)
        let intents = api.qpdf_oh_new_array(q)
        api.qpdf_oh_append_item(q, intents, intent)
        set(root, "/OutputIntents", intents)
        if tagged {
            var attributes = settings.structureAttributes[...]
            let tree = api.qpdf_oh_get_key(q, root, "/StructTreeRoot")
            try structure(api.qpdf_oh_get_key(q, tree, "/K"), attributes: &attributes, seen: [])
            guard attributes.isEmpty else { throw GraphicsError.pdf(operation: "structure", message: "\(attributes.count) attributes without an element") }
            wrapInDocument(tree)
        }
        fixObjects()
        if api.qpdf_has_error(q) != 0 { throw error("archive") }
        // Write: the same input gives the same bytes (the ID is a hash of the content). A compressed
        // page stream whose last byte is CR would read as "CR LF endstream": its EOL and /Length become
        // ambiguous (PDF/A-2 6.1.7.1). Then pad the pages' content with a space and write again.
        var data = try write()
        for padding in 1..<8 where data.firstRange(of: Data("\r\nendstream".utf8)) != nil {
            for (page, content) in contents { replaceContent(page, content + Array(repeating: 0x20, count: padding)) }
            data = try write()
        }
        return data
    }

    private func write() throws -> Data { try document.write() }

    private func set(_ dict: qpdf_oh, _ key: String, _ value: qpdf_oh) { document.set(dict, key, value) }

    /// Walks the structure tree in order: each figure and header cell takes the next attribute,
    /// which must be of its kind (the items that opened the tags made the list in the same order).
    private func structure(_ node: qpdf_oh, attributes: inout ArraySlice<StructureAttribute>, seen: Set<Int32>) throws {
        if api.qpdf_oh_is_array(q, node) != 0 {
            for i in 0..<api.qpdf_oh_get_array_n_items(q, node) {
                try structure(api.qpdf_oh_get_array_item(q, node, i), attributes: &attributes, seen: seen)
            }
            return
        }
        guard api.qpdf_oh_is_dictionary(q, node) != 0, api.qpdf_oh_has_key(q, node, "/S") != 0 else { return }
        var seen = seen
        if api.qpdf_oh_is_indirect(q, node) != 0, !seen.insert(api.qpdf_oh_get_object_id(q, node)).inserted { return }
        let type = name(api.qpdf_oh_get_key(q, node, "/S"))
        if type == "/Figure" || type == "/TH" {
            switch (type, attributes.popFirst()) {
            case ("/Figure", .figure(let alt)?):
                set(node, "/Alt", api.qpdf_oh_new_unicode_string(q, alt))
            case ("/TH", .header(let scope)?):
                let dict = api.qpdf_oh_new_dictionary(q)
                set(dict, "/O", api.qpdf_oh_new_name(q, "/Table"))
                set(dict, "/Scope", api.qpdf_oh_new_name(q, "/" + scope))
                set(node, "/A", dict)
            default:
                throw GraphicsError.pdf(operation: "structure", message: "\(type ?? "?") has no matching attribute")
            }
        }
        if api.qpdf_oh_has_key(q, node, "/K") != 0 {
            try structure(api.qpdf_oh_get_key(q, node, "/K"), attributes: &attributes, seen: seen)
        }
    }

    /// cairo puts every top-level element straight under the StructTreeRoot; readers (poppler,
    /// assistive technology) expect one root element, a Document, holding them in order.
    private func wrapInDocument(_ tree: qpdf_oh) {
        var kids = api.qpdf_oh_get_key(q, tree, "/K")
        if api.qpdf_oh_is_array(q, kids) == 0 {
            let array = api.qpdf_oh_new_array(q)
            api.qpdf_oh_append_item(q, array, kids)
            kids = array
        }
        var document = api.qpdf_oh_new_dictionary(q)
        set(document, "/Type", api.qpdf_oh_new_name(q, "/StructElem"))
        set(document, "/S", api.qpdf_oh_new_name(q, "/Document"))
        set(document, "/P", tree)
        set(document, "/K", kids)
        document = api.qpdf_make_indirect_object(q, document)
        for i in 0..<api.qpdf_oh_get_array_n_items(q, kids) {
            let kid = api.qpdf_oh_get_array_item(q, kids, i)
            if api.qpdf_oh_is_dictionary(q, kid) != 0, api.qpdf_oh_has_key(q, kid, "/S") != 0 { set(kid, "/P", document) }
        }
        set(tree, "/K", document)
    }

    private func name(_ handle: qpdf_oh) -> String? {
        guard api.qpdf_oh_is_name(q, handle) != 0, let n = api.qpdf_oh_get_name(q, handle) else { return nil }
        return String(cString: n)
    }

    /// PDF/A details cairo does not meet: /CIDToGIDMap on CID fonts, no /Interpolate on images,
    /// the print flag on annotations.
    private func fixObjects() {
        let size = api.qpdf_oh_get_int_value_as_int(q, api.qpdf_oh_get_key(q, api.qpdf_get_trailer(q), "/Size"))
        for id in 1..<max(1, size) {
            let object = api.qpdf_get_object_by_id(q, id, 0)
            if api.qpdf_oh_is_stream(q, object) != 0 {
                let dict = api.qpdf_oh_get_dict(q, object)
                if api.qpdf_oh_has_key(q, dict, "/Interpolate") != 0 { api.qpdf_oh_remove_key(q, dict, "/Interpolate") }
            } else if api.qpdf_oh_is_dictionary_of_type(q, object, "/Font", "/CIDFontType2") != 0,
                      api.qpdf_oh_has_key(q, object, "/CIDToGIDMap") == 0 {
                set(object, "/CIDToGIDMap", api.qpdf_oh_new_name(q, "/Identity"))
            } else if api.qpdf_oh_is_dictionary_of_type(q, object, "/Annot", "") != 0 {
                set(object, "/F", api.qpdf_oh_new_integer(q, 4))
            }
            api.qpdf_oh_release(q, object)
        }
    }

    /// Wraps each page's untagged graphics objects in `/Artifact` marked content (see `ArtifactMarking`).
    /// Each page with its marked content, as last set.
    private var contents: [(page: qpdf_oh, content: [UInt8])] = []

    private func replaceContent(_ page: qpdf_oh, _ content: [UInt8]) {
        let stream = api.qpdf_oh_new_stream(q)
        content.withUnsafeBufferPointer { api.qpdf_oh_replace_stream_data(q, stream, $0.baseAddress, $0.count, api.qpdf_oh_new_null(q), api.qpdf_oh_new_null(q)) }
        set(page, "/Contents", stream)
    }

    private func markArtifacts() {
        for index in 0..<max(0, Int(api.qpdf_get_num_pages(q))) {
            let page = api.qpdf_get_page_n(q, index)
            var buffer: UnsafeMutablePointer<UInt8>?
            var length = 0
            guard api.qpdf_oh_get_page_content_data(q, page, &buffer, &length) & 2 == 0, let buffer else { continue }
            let marked = ArtifactMarking.mark(Array(UnsafeBufferPointer(start: buffer, count: length)))
            free(buffer)
            replaceContent(page, marked)
            contents.append((page, marked))
        }
    }

    /// The UTC offset of Dutch local time on `date` (`YYYY-MM-DDTHH:MM:SS`): `+01:00` in winter, `+02:00` in summer.
    static func amsterdamOffset(_ date: String) -> String {
        guard let zone = TimeZone(identifier: "Europe/Amsterdam") else { return "+01:00" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let p = date.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard p.count >= 5, let local = calendar.date(from: DateComponents(year: p[0], month: p[1], day: p[2], hour: p[3], minute: p[4])) else {
            return "+01:00"
        }
        let seconds = zone.secondsFromGMT(for: local)
        return String(format: "%@%02d:%02d", seconds < 0 ? "-" : "+", abs(seconds) / 3600, abs(seconds) % 3600 / 60)
    }

    static func producer(_ m: PDFMetadata) -> String { "\(m.creator) (cairo, libqpdf)" }

    /// The XMP packet: PDF/A-2b identification and the document information, XML-escaped.
    static func xmp(_ m: PDFMetadata, tagged: Bool) -> String {
        let date = m.date + amsterdamOffset(m.date)
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let creator = m.author.map { "<dc:creator><rdf:Seq><rdf:li>\(esc($0))</rdf:li></rdf:Seq></dc:creator>" } ?? ""
        let keywords = m.keywords.map { "<pdf:Keywords>\(esc($0))</pdf:Keywords>" } ?? ""
        return """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
         <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about=""
            xmlns:dc="http://purl.org/dc/elements/1.1/"
            xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
            xmlns:xmp="http://ns.adobe.com/xap/1.0/"
            xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
           <pdfaid:part>2</pdfaid:part>
           <pdfaid:conformance>U</pdfaid:conformance>
           <dc:format>application/pdf</dc:format>
           <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(esc(m.title))</rdf:li></rdf:Alt></dc:title>
           <dc:description><rdf:Alt><rdf:li xml:lang="x-default">\(esc(m.subject))</rdf:li></rdf:Alt></dc:description>
           \(creator)
           \(keywords)
           <pdf:Producer>\(esc(producer(m)))</pdf:Producer>
           <xmp:CreatorTool>\(esc(m.creator))</xmp:CreatorTool>
           <xmp:CreateDate>\(date)</xmp:CreateDate>
           <xmp:ModifyDate>\(date)</xmp:ModifyDate>
           <xmp:MetadataDate>\(date)</xmp:MetadataDate>
          </rdf:Description>
        \(tagged ? pdfUA : "")
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """
    }

    /// The PDF/UA-1 claim and the XMP extension schema PDF/A requires for its property (the
    /// `rdf:parseType="Resource"` form, which every validator here reads).
    static let pdfUA = """
          <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
           <pdfuaid:part>1</pdfuaid:part>
          </rdf:Description>
          <rdf:Description rdf:about=""
            xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
            xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
            xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
           <pdfaExtension:schemas>
            <rdf:Bag>
             <rdf:li rdf:parseType="Resource">
              <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
              <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
              <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
              <pdfaSchema:property>
               <rdf:Seq>
                <rdf:li rdf:parseType="Resource">
                 <pdfaProperty:name>part</pdfaProperty:name>
                 <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
                 <pdfaProperty:category>internal</pdfaProperty:category>
                 <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
                </rdf:li>
               </rdf:Seq>
              </pdfaSchema:property>
             </rdf:li>
            </rdf:Bag>
           </pdfaExtension:schemas>
          </rdf:Description>
    """
}
