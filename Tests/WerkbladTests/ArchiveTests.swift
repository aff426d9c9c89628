import Foundation
import Graphics
import LayoutEngine
import Testing
@testable import Export
@testable import SessionModel
@testable import WerkbladDocuments

/// A PDF as qpdf's JSON shows it: every object by id, and the trailer.
struct QpdfView {
    var objects: [String: Any]
    var trailer: [String: Any]

    init(_ path: String) throws {
        let json = try run("qpdf", ["--json", "--json-key=qpdf", path]).stdout
        let root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let list = root["qpdf"] as! [Any]
        objects = list[1] as! [String: Any]
        trailer = (objects["trailer"] as! [String: Any])["value"] as! [String: Any]
    }

    func value(_ reference: Any?) -> Any? {
        guard let ref = reference as? String, ref.hasSuffix(" R") else { return reference }
        let parts = ref.split(separator: " ")
        let entry = objects["obj:\(parts[0]) \(parts[1]) R"] as? [String: Any]
        return entry?["value"] ?? entry?["stream"]
    }

    func dictionary(_ reference: Any?) -> [String: Any] {
        let v = value(reference)
        if let stream = v as? [String: Any], let dict = stream["dict"] as? [String: Any] { return dict }
        return v as? [String: Any] ?? [:]
    }

    var catalog: [String: Any] { dictionary(trailer["/Root"]) }

    /// Every structure element's dictionary.
    var structElements: [[String: Any]] {
        objects.values.compactMap { ($0 as? [String: Any])?["value"] as? [String: Any] }.filter { $0["/Type"] as? String == "/StructElem" }
    }
}

func renderArchive(_ path: String, name: String = "archief.pdf") throws -> String {
    let out = Fixture.temporaryDirectory() + "/" + name
    _ = try Fixture.withEngine { try $0.renderSession(path, to: out, archive: true) }
    return out
}

@Suite("Archive PDF (PDF/A-2u, PDF/UA-1)")
struct ArchiveTests {
    @Test(arguments: sampleFiles)
    func archivePropertiesAsAnIndependentReaderSeesThem(path: String) throws {
        let (session, _) = try SessionParser(file: path).parse()
        let out = try renderArchive(path)
        // qpdf finds no structural error.
        let check = try run("qpdf", ["--check", out])
        #expect(check.status == 0, "\(check.stdout)")
        // XMP with the PDF/A-2u and PDF/UA-1 identification and the document information; the
        // conversation's Dutch local time with its offset (CET in winter, CEST in summer).
        let meta = try run("pdfinfo", ["-meta", out]).stdout
        #expect(meta.contains("<pdfaid:part>2</pdfaid:part>") && meta.contains("<pdfaid:conformance>U</pdfaid:conformance>"))
        #expect(meta.contains("<pdfuaid:part>1</pdfuaid:part>"))
        let month = Int(session.documentDate.dropFirst(5).prefix(2))!
        let offset = (4...10).contains(month) ? "+02:00" : "+01:00"   // no sample falls in the weeks around a clock change
        #expect(meta.contains("<xmp:CreateDate>\(session.documentDate)\(offset)</xmp:CreateDate>"), "\(meta)")
        let view = try QpdfView(out)
        let catalog = view.catalog
        #expect(catalog["/Lang"] as? String == "u:" + (session.taal == .nl ? "nl-NL" : "en-GB"))
        #expect((catalog["/MarkInfo"] as? [String: Any])?["/Marked"] as? Bool == true)
        #expect(view.dictionary(catalog["/Metadata"])["/Subtype"] as? String == "/XML")
        // The output intent with an embedded ICC profile.
        let intents = catalog["/OutputIntents"] as? [Any] ?? []
        let intent = view.dictionary(intents.first)
        #expect(intent["/S"] as? String == "/GTS_PDFA1")
        #expect(view.dictionary(intent["/DestOutputProfile"])["/N"] as? Int == 3)
        // A document ID; the document information dates in PDF form, equal to the XMP's.
        #expect((view.trailer["/ID"] as? [Any])?.count == 2)
        let info = view.dictionary(view.trailer["/Info"])
        let digits = session.documentDate.filter(\.isNumber)
        #expect(info["/CreationDate"] as? String == "u:D:\(digits)" + offset.replacingOccurrences(of: ":", with: "'") + "'")
        // Every font embedded.
        let fonts = try pdfFonts(out)
        #expect(!fonts.isEmpty && fonts.allSatisfy(\.embedded))
        // The structure: headings, tables with header cells and scopes, figures with alternative text.
        let elements = view.structElements
        let kinds = Set(elements.compactMap { $0["/S"] as? String })
        #expect(kinds.isSuperset(of: ["/H1", "/H2", "/Table", "/TR", "/TH", "/TD", "/P"]))
        let headers = elements.filter { $0["/S"] as? String == "/TH" }
        #expect(headers.allSatisfy { (($0["/A"] as? [String: Any])?["/Scope"] as? String).map { ["/Column", "/Row"].contains($0) } ?? false })
        let figures = elements.filter { $0["/S"] as? String == "/Figure" }
        let expected = DiagramKind.allCases.filter { session.hasData(for: $0) }.count
        #expect(figures.count == expected)
        #expect(figures.allSatisfy { (($0["/Alt"] as? String)?.count ?? 0) > 20 })
    }

    @Test func theSameSessionGivesTheSameBytes() throws {
        let path = Fixture.resources.root + "/samples/bandbreedte-18-opties.yaml"
        let a = try Data(contentsOf: URL(fileURLWithPath: try renderArchive(path, name: "a.pdf")))
        let b = try Data(contentsOf: URL(fileURLWithPath: try renderArchive(path, name: "b.pdf")))
        #expect(a == b)
    }

    @Test func theFigureTextDescribesThePostItsInOrder() throws {
        let out = try renderArchive(Fixture.resources.root + "/samples/beslisnota.yaml")
        let alts = try QpdfView(out).structElements.compactMap { $0["/Alt"] as? String }
        let range = try #require(alts.first { $0.contains("Handelingsbandbreedte") })
        let order = ["Advies weglaten", "Eén zin over het advies", "Samenvatting met verwijzing", "Advies letterlijk opnemen"]
        let positions = order.map { range.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        let cg = try #require(alts.first { $0.contains("driehoeken") })
        #expect(cg.contains("Deelnemer 1: spanning 7 van 10") && !cg.contains("Pieter"))
    }

    @Test func readingOrderIsTheStepOrder() throws {
        let path = Fixture.resources.root + "/samples/beslisnota.yaml"
        let (session, _) = try SessionParser(file: path).parse()
        let frames = try Fixture.withEngine { engine in
            engine.composeWerkblad(session.werkbladContent().content, layout: try engine.layout("werkblad-a3")).frames
        }
        var order: [String] = []
        func walk(_ items: [Item]) {
            for item in items {
                if case let .tagged(.heading(2), inner) = item {
                    order += Frame(size: frames[0].size, items: inner).textItems.map { $0.text.trimmingCharacters(in: .whitespaces) }.filter { $0.count > 2 }
                } else if case let .tagged(_, inner) = item { walk(inner) }
            }
        }
        walk(frames[0].items)
        #expect(order == ["Kennismaken", "Verkennen", "Afwegen", "Kiezen", "Afronding"])
    }

    @Test func chathamKeepsTheLeaderOutOfTheAuthorWhenTheyTakePart() throws {
        let path = try writeSession("""
        sessie: {titel: Test, gespreksleider: An, deelnemers: [An, Bo]}
        """)
        let out = try renderArchive(path)
        #expect(!(try run("pdfinfo", ["-meta", out]).stdout.contains("<dc:creator>")))
        #expect(!(try run("pdfinfo", [out]).stdout.contains("Author:")))
    }
}
