import Foundation
import Testing
@testable import Export
import Graphics
import LayoutEngine
@testable import SessionModel
@testable import WerkbladDocuments

/// A token per field of the registry that holds words: each must reach a document that claims it.
private let tokens: [String: String] = [
    "sessie.titel": "Tokentitel", "sessie.locatie": "Tokenplaats", "sessie.gespreksleider": "Tokenleider",
    "sessie.dilemma-eigenaar": "Tokeneigenaar", "sessie.deelnemers": "Tokendeelnemer", "sessie.aanleiding": "Tokenaanleiding",
    "sessie.doel": "Tokendoel", "kennismaken.dilemma": "Tokendilemma", "kennismaken.waarom-nu": "Tokenwaarom",
    "kennismaken.kaders": "Tokenkaders", "verkennen.spelers[].naam": "Tokenspeler",
    "verkennen.spelers[].standpunten-en-emoties": "Tokenstandpunt", "verkennen.spelers[].belangen-en-waarden": "Tokenbelang",
    "verkennen.spelers[].rechten-en-voorkeuren": "Tokenrecht", "verkennen.waarden.inhoud": "Tokeninhoud",
    "verkennen.waarden.proces-en-relatie": "Tokenproces", "verkennen.waarden.mens-en-professional": "Tokenmens",
    "verkennen.gedeelde-vraag": "Tokenvraag", "afwegen.common-ground.waarden": "Tokeninhoud",
    "afwegen.common-ground.versterking": "Tokenversterking", "afwegen.common-ground.common-ground": "Tokengrond",
    "afwegen.handelingsperspectieven.opties[].tekst": "Tokenpostit", "afwegen.handelingsperspectieven.opties[].door": "Tokendeelnemer",
    "afwegen.common-ground.spanning[].deelnemer": "Tokendeelnemer",
    "afwegen.opties[].titel": "Tokenoptie", "afwegen.opties[].voordelen": "Tokenvoordeel", "afwegen.opties[].nadelen": "Tokennadeel",
    "afwegen.conclusie": "Tokenconclusie", "kiezen.keuze": "Tokenkeuze", "kiezen.wat-heeft-wie-nodig": "Tokennodig",
    "kiezen.hoe-nu-verder": "Tokenverder", "afronding.tevreden": "Tokentevreden", "afronding.samenvatting": "Tokensamenvatting",
]

private let everyField = """
sessie:
  titel: Tokentitel
  datum: 2026-12-03
  tijd: "13:30"
  duur: 120
  locatie: Tokenplaats
  vorm: fysiek
  gespreksleider: Tokenleider
  dilemma-eigenaar: Tokeneigenaar
  deelnemers: [Tokendeelnemer]
  verslaglegging: namen
  aanleiding: Tokenaanleiding
  doel: Tokendoel
kennismaken:
  dilemma: Tokendilemma
  waarom-nu: Tokenwaarom
  kaders: Tokenkaders
verkennen:
  spelers:
    - naam: Tokenspeler
      standpunten-en-emoties: Tokenstandpunt
      belangen-en-waarden: Tokenbelang
      rechten-en-voorkeuren: Tokenrecht
  waarden:
    inhoud: [Tokeninhoud]
    proces-en-relatie: [Tokenproces]
    mens-en-professional: [Tokenmens]
    spanningen: [[Tokeninhoud, Tokenproces]]
  invalshoeken: [ethiek]
  gedeelde-vraag: Tokenvraag
afwegen:
  common-ground:
    waarden: [Tokeninhoud, Tokenmens]
    spanning: [{deelnemer: Tokendeelnemer, waarde: 4}]
    versterking: Tokenversterking
    common-ground: Tokengrond
  handelingsperspectieven:
    grenzen: [2, 8]
    opties: [{tekst: Tokenpostit, positie: 5, door: Tokendeelnemer}]
  opties:
    - titel: Tokenoptie
      voordelen: Tokenvoordeel
      nadelen: Tokennadeel
  conclusie: Tokenconclusie
kiezen:
  keuze: Tokenkeuze
  wat-heeft-wie-nodig: Tokennodig
  hoe-nu-verder: Tokenverder
afronding:
  tevreden: Tokentevreden
  samenvatting: Tokensamenvatting

"""

/// The text poppler reads from each document of the session with every field filled.
private let documentTexts: [DocumentID: String] = {
    let path = try! writeSession(everyField)
    let dir = Fixture.temporaryDirectory()
    var texts: [DocumentID: String] = [:]
    Fixture.withEngine { engine in
        let exporter = Exporter(engine: engine)
        let loaded = try! LoadedSession(path: path)
        func text(_ document: some DocumentKind, _ name: String) -> String {
            try! exporter.write(document, to: dir + "/" + name + ".pdf")
            return try! pdfText(dir + "/" + name + ".pdf")
        }
        texts[.werkblad] = text(SessionDocuments(session: loaded, only: .werkblad), "werkblad")
        texts[.waardenkaart] = text(DiagramDocument(kind: .waardenkaart, session: loaded), "wk")
        texts[.commonGround] = text(DiagramDocument(kind: .commonGround, session: loaded), "cg")
        texts[.bandbreedte] = text(DiagramDocument(kind: .bandbreedte, session: loaded), "bb")
        texts[.gids] = text(GuideDocument(kind: .gespreksleider, session: loaded), "gids")
        texts[.voorbereiding] = text(Voorbereiding(session: loaded), "vb")
        let handouts = try! exporter.writeHandouts(Handouts(session: loaded), to: dir + "/hand-outs")
        texts[.handout] = try! pdfText(handouts.written[0])
    }
    return texts
}()

@Suite("Pipeline and field registry")
struct PipelineTests {
    @Test func everyFieldOfTheFormatIsDeclaredAndPrinted() throws {
        for field in FieldRegistry.all where field.kind != .control {
            #expect(!field.documents.isEmpty, "\(field.path) is printed in no document")
        }
        // Every field that holds words has a token above; the token reaches a document that claims the field.
        let wordy = FieldRegistry.all.filter { [.text, .line, .name].contains($0.kind) || ($0.kind == .list && tokens[$0.path] != nil) }
        for field in wordy {
            let token = try #require(tokens[field.path], "no token for \(field.path)")
            let printedIn = field.documents.filter { documentTexts[$0]?.contains(token) ?? false }
            #expect(!printedIn.isEmpty, "\(field.path) (\(token)) is in none of \(field.documents.map(\.rawValue))")
        }
        // aanleiding and doel: in the guide and the hand-out.
        for document in [DocumentID.gids, .handout] {
            #expect(documentTexts[document]!.contains("Tokenaanleiding") && documentTexts[document]!.contains("Tokendoel"))
        }
    }

    @Test func theWerkbladPrintsEveryFieldTheRegistryPutsOnIt() throws {
        for field in FieldRegistry.all where field.documents.contains(.werkblad) {
            guard let token = tokens[field.path] else { continue }
            #expect(documentTexts[.werkblad]!.contains(token), "\(field.path) missing from the werkblad")
        }
    }

    @Test func theParserAcceptsExactlyTheRegistrysKeys() throws {
        // The registry's key table is the parser's: a key outside it is refused with a suggestion.
        #expect(SessionParser.keys["kennismaken"] == ["dilemma", "waarom-nu", "kaders"])
        #expect(SessionParser.keys["verkennen.spelers[]"] == ["naam", "standpunten-en-emoties", "belangen-en-waarden", "rechten-en-voorkeuren"])
        let path = try writeSession("afwegen:\n  conclusei: x\n")
        #expect(throws: Diagnostic.self) { try SessionParser(file: path).parse() }
    }

    @Test(arguments: [
        ("afwegen.conclusie]", "afwegen.conclusei]", "onbekend veld 'afwegen.conclusei'", "afwegen.conclusie"),
        ("field: voordelen", "field: voordeelen", "onbekend veld 'voordeelen' voor een tabel met kolommen 'opties'", "voordelen"),
    ])
    func aLayoutFieldThatNamesNoRegisteredFieldIsAnErrorAtItsPlace(original: String, typo: String, message: String, hint: String) throws {
        let source = try String(contentsOfFile: Fixture.resources.layouts + "/werkblad-a3.yaml", encoding: .utf8)
        #expect(source.contains(original))
        let path = Fixture.temporaryDirectory() + "/eigen.yaml"
        try source.replacingOccurrences(of: original, with: typo).write(toFile: path, atomically: true, encoding: .utf8)
        let lines = source.replacingOccurrences(of: original, with: typo).components(separatedBy: "\n")
        let line = lines.firstIndex { $0.contains(typo) }! + 1
        do {
            _ = try WerkbladLayout.load(path: path)
            Issue.record("a misspelt field was accepted")
        } catch let d as Diagnostic {
            #expect(d.position.file == path && d.position.line == line, "\(d)")
            #expect(d.message.contains(message) && d.message.contains("bedoelt u '\(hint)'"), "\(d)")
        }
    }

    @Test func structureRolesAreTypedWhenItemsAreMade() throws {
        // Header cells carry their scope from the composer: the Verkenning table's first row is
        // column headers, its first column row headers.
        let layout = try Fixture.defaultLayout
        let frames = Fixture.withEngine { $0.composeWerkblad(WerkbladContent(), layout: layout).frames }
        var scopes: [StructureRole.Scope] = []
        func walk(_ items: [Item]) {
            for item in items {
                switch item {
                case .tagged(.header(let scope), let inner): scopes.append(scope); walk(inner)
                case .tagged(_, let inner), .figure(_, let inner), .artifact(let inner), .clipped(_, _, _, let inner): walk(inner)
                default: break
                }
            }
        }
        walk(frames[0].items)
        let columns = scopes.filter { $0 == StructureRole.Scope.column }.count
        let rows = scopes.filter { $0 == StructureRole.Scope.row }.count
        #expect(columns == 7)   // two corners, three player and two option headers
        #expect(rows == 5)      // three exploration rows, two weighing rows
    }

    @Test(arguments: [
        ("yaml", "layout: eigen.yaml\nsessie:\n  titel: Test\n"),
        ("yaml", "layout: eigen.yaml   # mijn layout\nsessie:\n  titel: Test\n"),
        ("yaml", "layout: >-\n  eigen.yaml\nsessie:\n  titel: Test\n"),
        ("yaml", "{layout: eigen.yaml, sessie: {titel: Test}}\n"),
        ("yaml", "layout: eigen.yaml\r\nsessie:\r\n  titel: Test\r\n"),
        ("json", "{\"sessie\": {\"titel\": \"Test\"},\n \"layout\":\n   \"eigen.yaml\"}\n"),
    ])
    func batchRemakesASessionWhenTheLayoutItNamesChanges(ext: String, session: String) throws {
        let dir = Fixture.temporaryDirectory()
        let layout = try String(contentsOfFile: Fixture.resources.layouts + "/werkblad-a3.yaml", encoding: .utf8)
        try layout.write(toFile: dir + "/eigen.yaml", atomically: true, encoding: .utf8)
        try session.write(toFile: dir + "/sessie." + ext, atomically: true, encoding: .utf8)
        let out = dir + "/archief"
        let first = try run(Fixture.executable, ["batch", dir + "/sessie." + ext, "-o", out])
        #expect(first.status == 0, "\(first.stderr)")
        let again = try run(Fixture.executable, ["batch", dir + "/sessie." + ext, "-o", out])
        #expect(again.stderr.contains("1 al bij"), "\(again.stderr)")
        try layout.replacingOccurrences(of: "Werkblad dilemmagesprek", with: "Werkblad gesprek")
            .write(toFile: dir + "/eigen.yaml", atomically: true, encoding: .utf8)
        let changed = try run(Fixture.executable, ["batch", dir + "/sessie." + ext, "-o", out])
        #expect(changed.stderr.contains("1 gemaakt"), "\(changed.stderr)")
        #expect(try pdfText(out + "/sessie.pdf").contains("Werkblad gesprek"))
    }

    @Test(arguments: ["nl", "en"])
    func theVoorbereidingWorksBlankAndPreFilled(language: String) throws {
        let dir = Fixture.temporaryDirectory()
        let blank = try run(Fixture.executable, ["voorbereiding", "-o", dir + "/leeg.pdf", "--taal", language])
        #expect(blank.status == 0, "\(blank.stderr)")
        let blankText = try pdfText(dir + "/leeg.pdf")
        let questions = language == "nl"
            ? ["Wat is de situatie waarbij je een dilemma ervaart?", "Met welke kaders heb je te maken?", "Wie zijn de betrokkenen?",
               "Waar was je? Wat gebeurde er?", "Welke kansen biedt openbaarheid in deze situatie? Voor wie of wat?"]
            : ["What is the situation in which you are experiencing a dilemma?", "Which frameworks are you dealing with?",
               "Who are the people involved?"]
        for q in questions { #expect(blankText.contains(q), "\(q) missing") }
        let session = language == "nl" ? everyField : "taal: en\n" + everyField
        let path = try writeSession(session)
        let filled = try run(Fixture.executable, ["voorbereiding", path, "-o", dir + "/vb.pdf"])
        #expect(filled.status == 0, "\(filled.stderr)")
        let text = try pdfText(dir + "/vb.pdf")
        for token in ["Tokendilemma", "Tokenwaarom", "Tokenkaders", "Tokenspeler", "Tokenaanleiding", "Tokendoel", "Tokendeelnemer",
                      "Tokeneigenaar"] {
            #expect(text.contains(token), "\(token) missing from the pre-filled voorbereiding")
        }
        #expect(text.contains(language == "nl" ? "Voorbereiding dilemma-eigenaar" : "Preparation for the dilemma owner"))
    }

    @Test func anAnswerDirectiveNamingNoFieldIsAnErrorAtItsLine() throws {
        let path = Fixture.temporaryDirectory() + "/tekst.md"
        try "---\ntitel: x\n---\n\nVraag?\n\n{{antwoord kennismaken.dilema}}\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try GuideText.load(path: path)
            Issue.record("accepted")
        } catch let d as Diagnostic {
            #expect(d.position.line == 7 && d.message.contains("bedoelt u 'kennismaken.dilemma'"), "\(d)")
        }
    }
}

@Suite("Archive option")
struct ArchiveOptionTests {
    @Test(arguments: [["blank"], ["diagram", "bandbreedte"], ["voorbereiding"], ["toelichting", "deelnemer"]])
    func theArchiveVersionIsAlwaysAPDF(command: [String]) throws {
        let dir = Fixture.temporaryDirectory()
        let result = try run(Fixture.executable, command + ["--archief", "-o", dir + "/x.png"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--archief maakt een PDF"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.png"))
    }
}

@Suite("Bullets as lists")
struct BulletListTests {
    /// Split into a P and an L of LIs for the structure tree, the text must look exactly as when it
    /// is set as one: the two renders give the same pixels.
    @Test func splittingIntoListItemsMovesNoPixel() throws {
        let text = "Kaders:\n•\u{00A0}Woo artikel 5.1 lid 2 onder b: economische belangen van de staat\n"
            + "•\u{00A0}Afspraken over vertrouwelijkheid in het convenant\n\nDaarna een alinea die over meer dan één regel doorloopt."
        let dir = Fixture.temporaryDirectory()
        let (one, split): ([Item], [Item]) = Fixture.withEngine { engine in
            let style = TextStyle(font: FontSpec(family: "Noto Sans", size: .pt(10)))
            let result = engine.fitter.fit(text, style: style, in: Size(width: .mm(60), height: .mm(80)), minimumSize: .pt(10))
            let origin = Point(x: .mm(10), y: .mm(10))
            return ([.text(engine.fitter.item(result, style: style, at: origin, width: .mm(60)))],
                    engine.fitter.structured(result, style: style, at: origin, width: .mm(60)))
        }
        #expect(split.count == 3, "P, L, P")
        guard case .tagged(.list, let items) = split[1] else { Issue.record("no list: \(split)"); return }
        #expect(items.count == 2)
        let metadata = DocumentMetadata(title: "t", subject: "s", keywords: [], date: "2026-12-01T10:00:00", language: .nl)
        var images: [Data] = []
        for (name, items) in [("one", one), ("split", split)] {
            let page = Frame(size: Size(width: .mm(80), height: .mm(100)), items: items)
            let path = dir + "/\(name).png"
            _ = try Fixture.withEngine { try Exporter(engine: $0).write(Composition(pages: [page], metadata: metadata), to: path) }
            images.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(images[0] == images[1])
    }
}
