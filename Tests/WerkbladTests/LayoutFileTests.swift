import Foundation
import Testing
@testable import Export
@testable import Graphics
@testable import SessionModel
@testable import WerkbladDocuments

@Suite("Layout files")
struct LayoutFileTests {
    /// The bundled layout with one textual change, written to a temporary file.
    func variant(_ replace: String, with replacement: String) throws -> String {
        let original = try String(contentsOfFile: Fixture.resources.layouts + "/werkblad-a3.yaml", encoding: .utf8)
        #expect(original.contains(replace))
        let path = Fixture.temporaryDirectory() + "/layout.yaml"
        try original.replacingOccurrences(of: replace, with: replacement).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func error(loading path: String) -> Diagnostic? {
        do {
            _ = try WerkbladLayout.load(path: path)
            return nil
        } catch let d as Diagnostic {
            return d
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// 1-based line and column of the first occurrence of `needle` in the file.
    func position(of needle: String, in path: String) throws -> (Int, Int) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = line.range(of: needle) { return (i + 1, line.distance(from: line.startIndex, to: r.lowerBound) + 1) }
        }
        Issue.record("\(needle) not found")
        return (0, 0)
    }

    @Test func bundledLayoutHasFiveSectionsInStepOrder() throws {
        let layout = try Fixture.defaultLayout
        #expect(layout.sections.map(\.number).sorted() == [1, 2, 3, 4, 5])
        #expect(layout.page.size.width == .mm(420) && layout.page.size.height == .mm(297))
    }

    /// For printers without A3: the A4 layout gives portrait A4 sheets, blank and filled, from the
    /// command line by name; every word of the session is printed (on the sheet or a vervolgblad),
    /// and every box that continues says where.
    @Test(arguments: ["blank", "render"])
    func theA4WerkbladIsOnA4(command: String) throws {
        let dir = Fixture.temporaryDirectory()
        let sample = Fixture.resources.root + "/samples/woo-gespreksverslagen.yaml"
        let arguments = command == "blank" ? ["blank", "--layout", "werkblad-a4"]
            : ["render", sample, "--alleen", "werkblad", "--layout", "werkblad-a4"]
        let pdf = dir + "/a4.pdf"
        let result = try run(Fixture.executable, arguments + ["-o", pdf])
        #expect(result.status == 0, "\(result.stderr)")
        let info = try run("pdfinfo", ["-f", "1", "-l", "99", pdf]).stdout
        let sizes = info.split(separator: "\n").filter { $0.hasPrefix("Page") && $0.contains("size:") }
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0.contains("595.276 x 841.89") }, "\(sizes)")
        guard command == "render" else { return }
        let (session, _) = try SessionParser(file: sample).parse()
        let printed = Set(words(try pdfText(pdf)))
        let expected = session.freeTexts.filter { !$0.field.path.hasPrefix("sessie.") && !$0.field.path.hasPrefix("afwegen.common-ground") }.flatMap { words($0.text.rendered) }
        #expect(Set(expected).subtracting(printed).isEmpty, "missing: \(Set(expected).subtracting(printed).sorted().prefix(10))")
        let continued = result.stderr.components(separatedBy: "loopt door op een vervolgblad").count - 1
        let markers = try pdfText(pdf, page: 1).matches(of: #/› (?:vervolg op )?blad \d+/#).count
        #expect(continued > 0 && markers == continued)
    }

    @Test func anOrdinarySessionFitsTheOneA4Sheet() throws {
        let pdf = Fixture.temporaryDirectory() + "/a4.pdf"
        let result = try run(Fixture.executable, ["render", Fixture.resources.root + "/samples/beslisnota.yaml", "--alleen", "werkblad",
                                                  "--layout", "werkblad-a4", "-o", pdf])
        #expect(result.status == 0)
        #expect(!result.stderr.contains("vervolgblad"), "\(result.stderr)")
        #expect(try run("pdfinfo", [pdf]).stdout.contains("Pages:           1"))
    }

    @Test("The conversation's facts stand in the header, never on a vervolgblad",
          arguments: ["werkblad-a3", "werkblad-a4"], ["beslisnota", "vol-8-spelers-6-opties", "woo-gespreksverslagen"])
    func theHeaderFactsStayInTheHeader(layout: String, sample: String) throws {
        let path = Fixture.resources.root + "/samples/\(sample).yaml"
        let pdf = Fixture.temporaryDirectory() + "/w.pdf"
        let result = try run(Fixture.executable, ["render", path, "--alleen", "werkblad", "--layout", layout, "-o", pdf])
        #expect(result.status == 0, "\(result.stderr)")
        let (session, _) = try SessionParser(file: path).parse()
        let first = words(try pdfText(pdf, page: 1)).joined(separator: " ")
        for fact in [session.sessie.locatie, session.sessie.gespreksleider].compactMap({ $0 }) {
            #expect(first.contains(words(fact).joined(separator: " ")), "\(layout) \(sample): '\(fact)' not whole on page 1")
        }
        #expect(!result.stderr.contains("Locatie"), "\(result.stderr)")
    }

    @Test func unknownKeyIsReportedAtItsPositionWithASuggestion() throws {
        let path = try variant("  gutter: 7mm", with: "  guter: 7mm")
        let d = try #require(error(loading: path))
        let (line, column) = try position(of: "guter", in: path)
        #expect(d.position.line == line && d.position.column == column)
        #expect(d.message.contains("'guter'") && d.message.contains("'gutter'"))
        #expect(d.description.hasPrefix("\(path):\(line):\(column): fout: "))
    }

    @Test func badLengthNamesTheValue() throws {
        let path = try variant("margin: 12mm", with: "margin: 12 inch")
        let d = try #require(error(loading: path))
        #expect(d.position.line == (try position(of: "12 inch", in: path)).0)
        #expect(d.message.contains("12 inch"))
    }

    @Test func marginsLargerThanThePageAreAnError() throws {
        let d = try #require(error(loading: try variant("margin: 12mm", with: "margin: 160mm")))
        #expect(d.message.contains("geen ruimte"))
        #expect(d.position.line != nil)
    }

    @Test func unknownSectionInAColumnSuggestsTheNearest() throws {
        let path = try variant("sections: [verkennen]", with: "sections: [verkenen]")
        let d = try #require(error(loading: path))
        #expect(d.message.contains("'verkennen'"))
        #expect(d.position.line == (try position(of: "verkenen", in: path)).0)
    }

    @Test func minimumTextSizeBelowEightPointIsRefused() throws {
        let d = try #require(error(loading: try variant("minimum: 8pt", with: "minimum: 7.5pt")))
        #expect(d.message.contains("8pt"))
    }

    @Test func brokenYAMLGivesAPosition() throws {
        let path = try variant("  margin: 12mm", with: "  margin: [12mm")
        let d = try #require(error(loading: path))
        #expect(d.position.line != nil)
        #expect(d.message.hasPrefix("geen geldige YAML"))
    }
}

/// A cache file's damaged versions: empty, cut inside its header, in half and by one byte, and
/// with one bit changed every `step` bytes.
func damagedCopies(of good: Data, every step: Int) -> [Data] {
    var damaged: [Data] = [Data(), good.prefix(31), good.prefix(good.count / 2), good.dropLast()]
    for offset in stride(from: 0, to: good.count, by: step) {
        var d = good
        d[offset] ^= 0x20
        damaged.append(d)
    }
    return damaged
}

/// A copy of a bundled layout in a folder of its own, with a cache folder beside it.
func copyOfBundledLayout(_ name: String) throws -> (layout: String, cache: String) {
    let dir = Fixture.temporaryDirectory()
    let path = dir + "/\(name).yaml"
    try FileManager.default.copyItem(atPath: Fixture.resources.layouts + "/\(name).yaml", toPath: path)
    return (path, dir + "/cache")
}

/// The names of the entries in `cache` that start with `prefix`.
func cacheEntries(in cache: String, prefix: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).filter { $0.hasPrefix(prefix) }
}

@Suite("Layout cache")
struct LayoutCacheTests {
    func copy(_ name: String = "werkblad-a3") throws -> (layout: String, cache: String) { try copyOfBundledLayout(name) }
    func entries(in cache: String) -> [String] { cacheEntries(in: cache, prefix: "layout-") }

    /// Every bundled werkblad layout comes back from its cache entry equal to the parsed one, field by field.
    @Test(arguments: ["werkblad-a3", "werkblad-a4"])
    func aCachedLayoutEqualsTheParsedOne(name: String) throws {
        let (path, cache) = try copy(name)
        let parsed = try WerkbladLayout.load(path: path)
        let first = try WerkbladLayout.load(path: path, cacheDirectory: cache)
        #expect(entries(in: cache).count == 1)
        let second = try WerkbladLayout.load(path: path, cacheDirectory: cache)
        #expect(first == parsed)
        #expect(second == parsed)
    }

    /// The entry is what is read: a different (valid) value stored under the file's key comes back.
    @Test func theEntryIsRead() throws {
        let (path, cache) = try copy()
        var changed = try WerkbladLayout.load(path: path, cacheDirectory: cache)
        changed.colors.accent = Color(red: 1, green: 0, blue: 0)
        var writer = BinaryWriter()
        changed.encode(to: &writer)
        let entryPath = cache + "/" + entries(in: cache)[0]
        let original = try Data(contentsOf: URL(fileURLWithPath: entryPath))
        // Same header (key), new payload: rewritten through CacheEntry itself.
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let entry = try #require(data.withUnsafeBytes {
            CacheEntry(directory: cache, prefix: String(entries(in: cache)[0].split(separator: "-").dropLast().joined(separator: "-")),
                       source: $0, format: WerkbladLayout.cacheFormat)
        })
        #expect(entry.path == entryPath)
        entry.store(writer.bytes)
        #expect(try Data(contentsOf: URL(fileURLWithPath: entryPath)) != original)
        #expect(try WerkbladLayout.load(path: path, cacheDirectory: cache).colors.accent == Color(red: 1, green: 0, blue: 0))
    }

    /// A changed layout file is read again, and a mistake in it is reported although an entry of the old version exists.
    @Test func anEditedLayoutIsReadAgain() throws {
        let (path, cache) = try copy()
        _ = try WerkbladLayout.load(path: path, cacheDirectory: cache)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for size in 9...13 {
            try text.replacingOccurrences(of: "minimum: 8pt", with: "minimum: \(size)pt").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try WerkbladLayout.load(path: path, cacheDirectory: cache).type.minimum == .pt(Double(size)))
        }
        #expect(entries(in: cache).count == CacheEntry.versionsKept, "only the newest entries are kept")
        try text.replacingOccurrences(of: "minimum: 8pt", with: "minimum: 7pt").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: Diagnostic.self) { try WerkbladLayout.load(path: path, cacheDirectory: cache) }
    }

    /// A damaged entry (any byte changed, or cut short anywhere) is never used: the layout is parsed and the entry written anew.
    @Test func aDamagedEntryIsNotUsed() throws {
        let (path, cache) = try copy()
        let parsed = try WerkbladLayout.load(path: path, cacheDirectory: cache)
        let entryPath = cache + "/" + entries(in: cache)[0]
        let good = try Data(contentsOf: URL(fileURLWithPath: entryPath))
        var damaged = damagedCopies(of: good, every: 97)
        // The sign bits of the page's width and height (the payload starts after 32 bytes of
        // header): a checksum over 8-byte words let these two cancel.
        var signs = good
        signs[32 + 7] ^= 0x80
        signs[32 + 15] ^= 0x80
        damaged.append(signs)
        for bytes in damaged {
            try bytes.write(to: URL(fileURLWithPath: entryPath))
            #expect(try WerkbladLayout.load(path: path, cacheDirectory: cache) == parsed)
            #expect(try Data(contentsOf: URL(fileURLWithPath: entryPath)) == good)
        }
    }

    /// The decoder itself stops at every cut (the checksum aside): no prefix of a payload decodes, and none crashes.
    @Test func everyTruncatedPayloadIsRefused() throws {
        let (path, _) = try copy()
        let layout = try WerkbladLayout.load(path: path)
        var writer = BinaryWriter()
        layout.encode(to: &writer)
        let payload = writer.bytes
        var whole = BinaryReader(payload)
        #expect(try WerkbladLayout(from: &whole, name: layout.name, source: layout.source) == layout && whole.atEnd)
        for cut in 0..<payload.count {
            var reader = BinaryReader(Array(payload[..<cut]))
            #expect(throws: (any Error).self) { try WerkbladLayout(from: &reader, name: "x", source: "x") }
        }
    }

    /// The newest entries kept per layout name are that name's alone: editing `werkblad-a3` again
    /// and again leaves the entry of a layout named `werkblad-a3-groot` in the same folder.
    @Test func anotherLayoutsEntryIsKept() throws {
        let (path, cache) = try copy()
        let other = (path as NSString).deletingLastPathComponent + "/werkblad-a3-groot.yaml"
        try FileManager.default.copyItem(atPath: path, toPath: other)
        _ = try WerkbladLayout.load(path: other, cacheDirectory: cache)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for size in 9...14 {
            try text.replacingOccurrences(of: "minimum: 8pt", with: "minimum: \(size)pt").write(toFile: path, atomically: true, encoding: .utf8)
            _ = try WerkbladLayout.load(path: path, cacheDirectory: cache)
        }
        #expect(entries(in: cache).filter { $0.hasPrefix("layout-werkblad-a3-groot-") }.count == 1, "\(entries(in: cache))")
        #expect(entries(in: cache).count == CacheEntry.versionsKept + 1)
    }

    /// Without a cache folder nothing is written and the file is simply parsed.
    @Test func noCacheFolderNoEntry() throws {
        let (path, cache) = try copy()
        #expect(try WerkbladLayout.load(path: path, cacheDirectory: nil) == WerkbladLayout.load(path: path))
        #expect(!FileManager.default.fileExists(atPath: cache))
    }
}

@Suite("Diagram layout cache")
struct DiagramLayoutCacheTests {
    /// The bundled diagram and document layouts, each with the schema it is read with.
    static let bundled: [(name: String, document: Bool)] = [("diagrammen", false), ("toelichting-a4", true)]

    func copy(_ name: String) throws -> (layout: String, cache: String) { try copyOfBundledLayout(name) }
    func entries(in cache: String) -> [String] { cacheEntries(in: cache, prefix: "diagramlayout-") }

    func schema(document: Bool) -> [String: [String: DiagramLayout.Kind]] {
        document ? DiagramLayout.documentSchema : DiagramLayout.schema
    }

    /// Each bundled layout comes back from its entry equal to the parsed one, value for value.
    @Test(arguments: bundled)
    func aCachedLayoutEqualsTheParsedOne(name: String, document: Bool) throws {
        let (path, cache) = try copy(name)
        let parsed = try DiagramLayout.load(path: path, schema: schema(document: document))
        let first = try DiagramLayout.load(path: path, schema: schema(document: document), cacheDirectory: cache)
        #expect(entries(in: cache).count == 1)
        let second = try DiagramLayout.load(path: path, schema: schema(document: document), cacheDirectory: cache)
        #expect(first == parsed)
        #expect(second == parsed)
    }

    /// The entry is what is read: another valid value stored under the file's key comes back.
    @Test func theEntryIsRead() throws {
        let (path, cache) = try copy("diagrammen")
        var changed = try DiagramLayout.load(path: path, cacheDirectory: cache)
        changed.font = "Noto Serif"
        var writer = BinaryWriter()
        changed.encode(to: &writer)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let entry = try #require(DiagramLayout.cacheKey(data, schema: DiagramLayout.schema).withUnsafeBytes {
            CacheEntry(directory: cache, prefix: "diagramlayout-diagrammen", source: $0, format: DiagramLayout.cacheFormat)
        })
        #expect(entry.path == cache + "/" + entries(in: cache)[0])
        entry.store(writer.bytes)
        #expect(try DiagramLayout.load(path: path, cacheDirectory: cache).font == "Noto Serif")
        #expect(try DiagramLayout.load(path: path).font == "Noto Sans")
    }

    /// The schema is part of the key: the same file read against another schema is checked
    /// against that one (and refused) instead of coming from the first one's entry.
    @Test func anotherSchemaIsNotAnsweredFromTheEntry() throws {
        let (path, cache) = try copy("diagrammen")
        _ = try DiagramLayout.load(path: path, cacheDirectory: cache)
        #expect(throws: Diagnostic.self) { try DiagramLayout.load(path: path, schema: DiagramLayout.documentSchema, cacheDirectory: cache) }
    }

    /// An edited layout is read again, and a mistake in it is reported although the old version has an entry.
    @Test func anEditedLayoutIsReadAgain() throws {
        let (path, cache) = try copy("diagrammen")
        let before = try DiagramLayout.load(path: path, cacheDirectory: cache)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("  bar-width: 5mm\n"))
        try text.replacingOccurrences(of: "  bar-width: 5mm\n", with: "  bar-width: 6mm\n").write(toFile: path, atomically: true, encoding: .utf8)
        let after = try DiagramLayout.load(path: path, cacheDirectory: cache)
        #expect(before.length("bandbreedte.bar-width") == .mm(5))
        #expect(after.length("bandbreedte.bar-width") == .mm(6))
        try text.replacingOccurrences(of: "  bar-width: 5mm\n", with: "").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: Diagnostic.self) { try DiagramLayout.load(path: path, cacheDirectory: cache) }
    }

    /// A damaged entry (a byte changed, or cut short) is never used: the layout is parsed and the entry written anew.
    @Test func aDamagedEntryIsNotUsed() throws {
        let (path, cache) = try copy("diagrammen")
        let parsed = try DiagramLayout.load(path: path, cacheDirectory: cache)
        let entryPath = cache + "/" + entries(in: cache)[0]
        let good = try Data(contentsOf: URL(fileURLWithPath: entryPath))
        for bytes in damagedCopies(of: good, every: 61) {
            try bytes.write(to: URL(fileURLWithPath: entryPath))
            #expect(try DiagramLayout.load(path: path, cacheDirectory: cache) == parsed)
            #expect(try Data(contentsOf: URL(fileURLWithPath: entryPath)) == good)
        }
    }

    /// The decoder stops at every cut of a payload (the checksum aside): no prefix decodes, none crashes.
    @Test func everyTruncatedPayloadIsRefused() throws {
        let layout = try DiagramLayout.load(path: Fixture.resources.layouts + "/diagrammen.yaml")
        var writer = BinaryWriter()
        layout.encode(to: &writer)
        let payload = writer.bytes
        var whole = BinaryReader(payload)
        #expect(try DiagramLayout(from: &whole, source: layout.source) == layout && whole.atEnd)
        for cut in stride(from: 0, to: payload.count, by: 7) {
            var reader = BinaryReader(Array(payload[..<cut]))
            #expect(throws: (any Error).self) { try DiagramLayout(from: &reader, source: "x") }
        }
    }
}
