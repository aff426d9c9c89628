import Foundation
import Testing
@testable import SessionModel

/// The fillable werkblad, judged by readers and fillers werkblad did not write: qpdf's form
/// helpers (`qpdf --json`), the validators, pdf.js in Chromium and poppler (`scripts/fill-pdf`),
/// pdfminer.six for the structure, pdftotext for what the re-rendered archive says.
@Suite("Fillable werkblad and import", .serialized)
struct FormTests {
    struct FormField: Decodable { var fullname: String; var alternativename: String; var pageposfrom1: Int; var value: String? }
    struct Form: Decodable { var fields: [FormField] }
    struct JSON: Decodable { var acroform: Form }

    static func fields(_ pdf: String) throws -> [FormField] {
        let result = try run("qpdf", ["--json=2", "--json-key=acroform", pdf])
        return try JSONDecoder().decode(JSON.self, from: Data(result.stdout.utf8)).acroform.fields
    }

    /// The names the registry gives the werkblad's fields for `players` and `options`: every
    /// field the werkblad prints, except the duration (part of the printed time) and the
    /// reporting rule (the footnote), which the form does not ask for.
    static func expectedNames(players: Int, options: Int) -> Set<String> {
        var names = Set<String>()
        for field in FieldRegistry.all where field.documents.contains(.werkblad) && !["sessie.duur", "sessie.verslaglegging"].contains(field.path) {
            if field.parent == "verkennen.spelers[]" {
                for i in 0..<players { names.insert(FieldRegistry.formName(field.path, index: i)) }
            } else if field.parent == "afwegen.opties[]" {
                for i in 0..<options { names.insert(FieldRegistry.formName(field.path, index: i)) }
            } else {
                names.insert(FieldRegistry.formName(field.path))
            }
        }
        return names
    }

    @Test(arguments: [(3, 2), (8, 6)])
    func everyBoxCellAndFactHasExactlyOneFieldNamedByTheRegistry(players: Int, options: Int) throws {
        let out = Fixture.temporaryDirectory() + "/form.pdf"
        let result = try run(Fixture.executable, ["blank", "--invulbaar", "--archief", "--spelers", "\(players)", "--opties", "\(options)", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let fields = try Self.fields(out)
        let names = fields.map(\.fullname)
        #expect(names.count == Set(names).count, "a name twice")
        #expect(Set(names) == Self.expectedNames(players: players, options: options))
        #expect(fields.allSatisfy { $0.pageposfrom1 == 1 && !$0.alternativename.isEmpty })
        #expect(try run("pdfinfo", [out]).stdout.contains("AcroForm"))
        // 3 players: 6 header facts, 3 in Kennismaken, 4 per player, the shared question, 3 per option, conclusion, 3 + 2.
        if players == 3 { #expect(fields.count == 6 + 3 + 12 + 1 + 6 + 1 + 3 + 2) }
    }

    @Test(arguments: ["blank", "render"])
    func fillableArchivePassesTheValidators(command: String) throws {
        let out = Fixture.temporaryDirectory() + "/form.pdf"
        let arguments = command == "blank" ? ["blank", "--invulbaar", "--archief", "--spelers", "8", "--opties", "6", "-o", out]
            : ["render", "--invulbaar", "--archief", Fixture.resources.root + "/samples/woo-gespreksverslagen.yaml", "-o", out]
        #expect(try run(Fixture.executable, arguments).status == 0)
        let result = try run(Fixture.resources.root + "/scripts/validate-pdf", ["-q", "--preflight", out])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let check = try run("qpdf", ["--check", out])
        #expect(check.stdout.contains("No syntax or stream encoding errors"), "\(check.stdout)")
    }

    /// A pre-filled form holds the session's own values, and each widget sits in a Form element
    /// right after the label it belongs to.
    @Test func prefilledFieldsHoldTheSessionAndFollowTheirLabels() throws {
        let out = Fixture.temporaryDirectory() + "/form.pdf"
        let sample = Fixture.resources.root + "/samples/woo-gespreksverslagen.yaml"
        #expect(try run(Fixture.executable, ["render", "--invulbaar", "--archief", "--alleen", "werkblad", sample, "-o", out]).status == 0)
        let values = Dictionary(uniqueKeysWithValues: try Self.fields(out).map { ($0.fullname, $0.value ?? "") })
        #expect(values["sessie_datum"] == "u:2026-10-08")
        #expect(values["verkennen_spelers_1_naam"] == "u:Netbeheerder")
        #expect(values["afwegen_conclusie"]?.hasPrefix("u:Zienswijze vragen en daarna openbaar maken") == true)
        let tree = try StructureTree(out)
        let conclusion = try #require(tree.index("H3", "Wat is de conclusie?"))
        #expect(tree.elements[conclusion + 1].role == "Form")
        #expect(tree.elements[conclusion + 2] == .init(depth: tree.elements[conclusion + 1].depth + 1, role: "Widget",
                                                       text: "afwegen_conclusie (Wat is de conclusie?)"))
        // The page shows the values: pdftotext reads them from the widgets' appearances.
        let text = normalizeText(try run("pdftotext", [out, "-"]).stdout)
        #expect(text.contains("Zienswijze vragen en daarna openbaar maken"))
    }

    static let typed: [String: String] = [
        "sessie_titel": "Woo-verzoek over de subsidie — ‘eerlijk’ delen",
        "sessie_datum": "2026-12-03",
        "sessie_tijd": "13:30–16:00",
        "sessie_gespreksleider": "Yvonne de Wit",
        "kennismaken_dilemma": "Maken we het advies openbaar? Het kost €2,5 mln en de ĳsbaan blijft dicht.\n\nمرحبا بالعالم",
        "verkennen_spelers_1_naam": "Minister",
        "verkennen_spelers_1_belangen-en-waarden": "• Vertrouwen\n• Uitlegbaarheid",
        "afwegen_opties_2_titel": "Alles openbaar",
        "afwegen_opties_2_voordelen": "Volledig “en” eerlijk",
        "afwegen_conclusie": "We vragen eerst een zienswijze.",
    ]

    /// Filled as a user fills it (typing in pdf.js in Chromium; poppler's form API), imported,
    /// checked and rendered as an archive: every typed word is in the archive's text.
    @Test(arguments: ["pdfjs", "poppler"])
    func aFormFilledInAViewerComesBackWord(engine: String) throws {
        let dir = Fixture.temporaryDirectory()
        #expect(try run(Fixture.executable, ["blank", "--invulbaar", "-o", dir + "/leeg.pdf"]).status == 0)
        try JSONSerialization.data(withJSONObject: Self.typed).write(to: URL(fileURLWithPath: dir + "/values.json"))
        let fill = try run(Fixture.resources.root + "/scripts/fill-pdf", ["--engine", engine, dir + "/leeg.pdf", dir + "/filled.pdf", dir + "/values.json"])
        try #require(fill.status == 0, "\(fill.stderr)")
        let imported = try run(Fixture.executable, ["import", dir + "/filled.pdf", "-o", dir + "/sessie.yaml"])
        try #require(imported.status == 0, "\(imported.stderr)")
        #expect(try run(Fixture.executable, ["check", dir + "/sessie.yaml"]).status == 0)
        let (session, _) = try SessionParser(file: dir + "/sessie.yaml").parse()
        #expect(session.sessie.tijd == "13:30" && session.sessie.duur == 150)
        #expect(session.sessie.datum == "2026-12-03")
        let render = try run(Fixture.executable, ["render", "--archief", dir + "/sessie.yaml", "-o", dir + "/archief.pdf"])
        #expect(render.status == 0, "\(render.stderr)")
        let text = normalizeText(try run("pdftotext", [dir + "/archief.pdf", "-"]).stdout)
        // The date and time print in their long form ("3 december 2026", "13:30–16:00"), checked above.
        for (key, value) in Self.typed where key != "sessie_datum" && key != "sessie_tijd" {
            for word in value.split(whereSeparator: { $0.isWhitespace || $0 == "•" }) {
                #expect(text.contains(String(word)), "\(engine): ‘\(word)’ lost")
            }
        }
    }

    @Test("A form whose title or date is not the basis's is imported with a warning that names both")
    func aFormFromAnotherSessionIsNoticed() throws {
        let sample = Fixture.resources.root + "/samples/beslisnota.yaml"
        let text = try String(contentsOfFile: sample, encoding: .utf8)
        let other = try FormImport.session(from: [("sessie_titel", "Een ander gesprek"), ("sessie_datum", "2026-11-17")],
                                           basis: (text, sample), form: "f.pdf")
        #expect(other.notices.count == 1)
        #expect(other.notices.first?.description.contains("‘Een ander gesprek’") == true)
        #expect(other.notices.first?.description.contains("Afwijkend ambtelijk advies") == true)
        let same = try FormImport.session(from: [("sessie_titel", "Afwijkend ambtelijk advies in de beslisnota over de subsidieregeling")],
                                          basis: (text, sample), form: "f.pdf")
        #expect(same.notices.isEmpty)
    }

    /// Into the session it was made from: the typed change lands, the rest of the file (participants,
    /// the post-it exercises, untouched texts) stays.
    @Test func importIntoTheBasisKeepsWhatTheFormLacks() throws {
        let dir = Fixture.temporaryDirectory()
        let sample = Fixture.resources.root + "/samples/beslisnota.yaml"
        #expect(try run(Fixture.executable, ["render", "--invulbaar", "--alleen", "werkblad", sample, "-o", dir + "/form.pdf"]).status == 0)
        try JSONSerialization.data(withJSONObject: ["afwegen_conclusie": "Nieuw: eerst de minister informeren."])
            .write(to: URL(fileURLWithPath: dir + "/values.json"))
        try #require(try run(Fixture.resources.root + "/scripts/fill-pdf", ["--engine", "poppler", dir + "/form.pdf", dir + "/filled.pdf", dir + "/values.json"]).status == 0)
        let result = try run(Fixture.executable, ["import", dir + "/filled.pdf", "--basis", sample, "-o", dir + "/sessie.yaml"])
        try #require(result.status == 0, "\(result.stderr)")
        let (before, _) = try SessionParser(file: sample).parse()
        let (after, _) = try SessionParser(file: dir + "/sessie.yaml").parse()
        #expect(after.text(FieldRegistry.field("afwegen.conclusie")!)?.rendered == "Nieuw: eerst de minister informeren.")
        #expect(after.sessie.deelnemers.map(\.value) == before.sessie.deelnemers.map(\.value))
        #expect(after.commonGround?.waarden == before.commonGround?.waarden)
        #expect(after.commonGround?.spanning.map { "\($0.deelnemer.value) \($0.waarde)" } == before.commonGround?.spanning.map { "\($0.deelnemer.value) \($0.waarde)" })
        #expect(after.commonGround?.versterking?.rendered == before.commonGround?.versterking?.rendered)
        #expect(after.handelingsperspectieven?.opties.map { "\($0.tekst) \($0.positie)" } == before.handelingsperspectieven?.opties.map { "\($0.tekst) \($0.positie)" })
        #expect(before.commonGround != nil && before.handelingsperspectieven != nil)
        for field in FieldRegistry.all where field.isFreeText && field.documents.contains(.werkblad) && field.path != "afwegen.conclusie" {
            if case .session = field.access {
                #expect(after.text(field)?.rendered == before.text(field)?.rendered, "\(field.path)")
            }
        }
    }

    @Test func aMistypedDateIsADutchErrorAndNothingIsWritten() throws {
        let dir = Fixture.temporaryDirectory()
        #expect(try run(Fixture.executable, ["blank", "--invulbaar", "-o", dir + "/leeg.pdf"]).status == 0)
        try JSONSerialization.data(withJSONObject: ["sessie_datum": "3 december"]).write(to: URL(fileURLWithPath: dir + "/values.json"))
        try #require(try run(Fixture.resources.root + "/scripts/fill-pdf", ["--engine", "poppler", dir + "/leeg.pdf", dir + "/filled.pdf", dir + "/values.json"]).status == 0)
        let result = try run(Fixture.executable, ["import", dir + "/filled.pdf", "-o", dir + "/sessie.yaml"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("‘3 december’ is geen datum in de vorm jjjj-mm-dd"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["filled.pdf", "leeg.pdf", "values.json"])
        for (field, value, message) in [("sessie_datum", "2026-02-30", "de datum 2026-02-30 bestaat niet"),
                                        ("sessie_tijd", "09:30-08:00", "een gesprek duurt 30 tot en met 480 minuten")] {
            try JSONSerialization.data(withJSONObject: [field: value]).write(to: URL(fileURLWithPath: dir + "/v2.json"))
            try #require(try run(Fixture.resources.root + "/scripts/fill-pdf", ["--engine", "poppler", dir + "/leeg.pdf", dir + "/f2.pdf", dir + "/v2.json"]).status == 0)
            let bad = try run(Fixture.executable, ["import", dir + "/f2.pdf", "-o", dir + "/z.yaml"])
            #expect(bad.status == 1 && bad.stderr.contains("veld ‘\(field)’: ") && bad.stderr.contains(message), "\(bad.stderr)")
            try FileManager.default.removeItem(atPath: dir + "/f2.pdf")
            try FileManager.default.removeItem(atPath: dir + "/v2.json")
        }
        let notAForm = try run(Fixture.executable, ["import", dir + "/leeg.pdf", "-o", dir + "/x.yaml"])
        #expect(notAForm.status == 0, "an empty form is still a form")
        let plain = Fixture.temporaryDirectory() + "/plain.pdf"
        #expect(try run(Fixture.executable, ["blank", "-o", plain]).status == 0)
        let refused = try run(Fixture.executable, ["import", plain, "-o", dir + "/y.yaml"])
        #expect(refused.status != 0 && refused.stderr.contains("geen invulbare PDF"), "\(refused.stderr)")
        // Cut in half: not a PDF any more, and said so.
        let whole = try Data(contentsOf: URL(fileURLWithPath: dir + "/leeg.pdf"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: dir + "/half.pdf"))
        let half = try run(Fixture.executable, ["import", dir + "/half.pdf", "-o", dir + "/h.yaml"])
        #expect(half.status != 0 && half.stderr.contains("kan niet als PDF worden gelezen"), "\(half.stderr)")
    }
}
