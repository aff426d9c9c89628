import Foundation
import Testing
@testable import LiveSession
@testable import SessionModel

/// The live werkblad's shared state: revisions, rights, limits, and the session file it saves.
@Suite("Live session state")
struct LiveStateTests {
    static let leader = LiveActor(name: "Anouk Verbeek", role: .gespreksleider)
    static let noor = LiveActor(name: "Noor Haddou", role: .deelnemer)
    static let bram = LiveActor(name: "Bram Kuipers", role: .deelnemer)

    static func sample(_ name: String = "beslisnota.yaml") throws -> (LiveState, String, String) {
        let path = Fixture.resources.root + "/samples/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return (LiveState(session: try SessionParser(file: path).parse().session), text, path)
    }

    static func reparse(_ yaml: String, at path: String) throws -> Session {
        try SessionParser(data: Data(yaml.utf8), file: path).parse().session
    }

    @Test("Saved untouched, a session reads back with every field, tension and post-it it had",
          arguments: ["beslisnota.yaml", "vol-8-spelers-6-opties.yaml", "woo-gespreksverslagen.yaml", "alleen-dilemma.yaml"])
    func untouchedRoundTrip(sample: String) throws {
        let (state, text, path) = try Self.sample(sample)
        let original = try SessionParser(file: path).parse().session
        let again = try Self.reparse(try state.sessionFile(basis: (text, path)), at: path)
        #expect(again.formValues(for: LiveState.documents, hidingNamesAs: nil) == original.formValues(for: LiveState.documents, hidingNamesAs: nil))
        #expect(again.commonGround?.spanning.map { [$0.deelnemer.value: $0.waarde] } == original.commonGround?.spanning.map { [$0.deelnemer.value: $0.waarde] })
        #expect(again.handelingsperspectieven?.opties.map(\.tekst) == original.handelingsperspectieven?.opties.map(\.tekst))
        #expect(again.handelingsperspectieven?.grenzen?.low == original.handelingsperspectieven?.grenzen?.low)
        #expect(again.sessie.deelnemers.map(\.value) == original.sessie.deelnemers.map(\.value))
        #expect(again.spelers.count == original.spelers.count && again.opties.count == original.opties.count)
        // What the live werkblad does not edit stays as the file had it.
        #expect(again.waarden == original.waarden && again.sessie.aanleiding?.parts == original.sessie.aanleiding?.parts)
    }

    @Test("Each accepted change raises the revision; a write on a revision its writer had not seen tells the overwritten author")
    func revisionsAndLastWriterWins() throws {
        var (state, _, _) = try Self.sample()
        let first = try state.apply(.set(field: "afwegen_conclusie", value: "Noor schrijft", base: 0), by: Self.noor)
        guard case let .field(_, value) = first.first else { Issue.record("no field change"); return }
        #expect(value.revision == 1 && value.by == "Noor Haddou" && first.count == 1)
        // Noor again on an older base: her own text, nobody to tell.
        #expect(try state.apply(.set(field: "afwegen_conclusie", value: "Noor schrijft door", base: 0), by: Self.noor).count == 1)
        // Bram had not seen revision 2: his text wins, and Noor is told what she lost.
        let changes = try state.apply(.set(field: "afwegen_conclusie", value: "Bram", base: 1), by: Self.bram)
        #expect(changes.contains(.overwritten(name: "afwegen_conclusie", lost: LiveState.FieldValue(value: "Noor schrijft door", revision: 2, by: "Noor Haddou"),
                                              by: "Bram Kuipers")))
        #expect(state.fields["afwegen_conclusie"]?.value == "Bram" && state.revision == 3)
        // The same text again changes nothing.
        #expect(try state.apply(.set(field: "afwegen_conclusie", value: "Bram", base: 3), by: Self.bram).isEmpty)
        #expect(state.revision == 3)
    }

    @Test("What only the gespreksleider may do is refused to a participant")
    func rights() throws {
        var (state, _, _) = try Self.sample()
        for command: LiveState.Command in [.bars(low: 1, high: 9), .removePlayer(index: 0), .removeOption(index: 0), .removePostIt(id: 1), .close] {
            #expect(throws: LiveState.Refusal.self) { try state.apply(command, by: Self.noor) }
        }
        #expect(throws: LiveState.Refusal.participantsOnly(what: "een spanning geven")) { try state.apply(.tension(5), by: Self.leader) }
        _ = try state.apply(.bars(low: 1, high: 9), by: Self.leader)
        #expect(state.bars?.low == 1 && state.bars?.high == 9)
        _ = try state.apply(.close, by: Self.leader)
        #expect(throws: LiveState.Refusal.closed) { try state.apply(.tension(3), by: Self.noor) }
    }

    @Test("Limits and invalid values are refused with a Dutch reason, and change nothing")
    func limits() throws {
        var (state, _, _) = try Self.sample()
        let before = state.revision
        let refused: [(LiveState.Command, String)] = [
            (.set(field: "afronding_samenvatting", value: String(repeating: "a", count: 20_001), base: 0), "langer dan 20000 tekens"),
            (.set(field: "sessie_titel", value: String(repeating: "a", count: 401), base: 0), "langer dan 400 tekens"),
            (.set(field: "sessie_titel", value: "twee\nregels", base: 0), "één regel"),
            (.set(field: "sessie_datum", value: "2026-02-30", base: 0), "bestaat niet"),
            (.set(field: "sessie_tijd", value: "25:00", base: 0), "geen tijd"),
            (.set(field: "verkennen_spelers_9_naam", value: "x", base: 0), "onbekend veld"),
            (.set(field: "verkennen_spelers_4_naam", value: "x", base: 0), "onbekend veld"),
            (.set(field: "layout", value: "x", base: 0), "onbekend veld"),
            (.tension(11), "tussen 0 en 10"),
            (.tension(.nan), "tussen 0 en 10"),
            (.addPostIt(text: "  ", position: 5), "zonder tekst"),
            (.addPostIt(text: "x", position: -1), "tussen 0 en 10"),
            (.movePostIt(id: 999, position: 5), "bestaat niet"),
            (.bars(low: 6, high: 4), "links van de rechter"),
        ]
        for (command, reason) in refused {
            let actor = command == .bars(low: 6, high: 4) ? Self.leader : Self.noor
            do {
                _ = try state.apply(command, by: actor)
                Issue.record("accepted: \(command)")
            } catch {
                #expect(error.description.contains(reason), "\(command): \(error.description)")
            }
        }
        #expect(state.revision == before)
        for _ in state.postIts.count..<state.limits.postIts { _ = try state.apply(.addPostIt(text: "idee", position: 5), by: Self.noor) }
        #expect(throws: LiveState.Refusal.tooMany(what: "post-its", limit: 60)) { try state.apply(.addPostIt(text: "één te veel", position: 5), by: Self.noor) }
    }

    @Test("Removing a player moves the columns after it one to the left, their texts with them; the file follows")
    func removingAPlayer() throws {
        var (state, text, path) = try Self.sample()
        let third = state.fields["verkennen_spelers_3_naam"]?.value
        _ = try state.apply(.removePlayer(index: 1), by: Self.leader)
        #expect(state.players == 2)
        #expect(state.fields["verkennen_spelers_2_naam"]?.value == third)
        #expect(state.fields["verkennen_spelers_3_naam"] == nil)
        let session = try Self.reparse(try state.sessionFile(basis: (text, path)), at: path)
        #expect(session.spelers.map(\.naam) == ["Uitvoeringsorganisatie", "Staatssecretaris"])
        _ = try state.apply(.addOption, by: Self.noor)
        _ = try state.apply(.set(field: "afwegen_opties_3_titel", value: "Derde weg", base: 0), by: Self.noor)
        #expect(try Self.reparse(try state.sessionFile(basis: (text, path)), at: path).opties.map(\.titel).last == "Derde weg")
    }

    @Test("A new name joins the participants; tensions, post-its and bars are written as the format has them")
    func exercisesInTheFile() throws {
        var (state, text, path) = try Self.sample()
        let fatma = LiveActor(name: "Fatma Yıldız", role: .deelnemer)
        _ = try state.apply(.tension(4), by: fatma)
        _ = try state.apply(.addPostIt(text: "Alles openbaar", position: 9.5), by: fatma)
        _ = try state.apply(.bars(low: 2, high: 8.5), by: Self.leader)
        _ = try state.apply(.value(index: 0, text: "Openheid"), by: fatma)
        let session = try Self.reparse(try state.sessionFile(basis: (text, path)), at: path)
        #expect(session.sessie.deelnemers.map(\.value).last == "Fatma Yıldız")
        #expect(session.commonGround?.spanning.last.map { ($0.deelnemer.value, $0.waarde) } ?? ("", 0) == ("Fatma Yıldız", 4))
        #expect(session.commonGround?.waarden.first == "Openheid")
        #expect(session.handelingsperspectieven?.grenzen?.high == 8.5)
        let idea = session.handelingsperspectieven?.opties.last
        #expect(idea?.tekst == "Alles openbaar" && idea?.positie == 9.5 && idea?.door?.value == "Fatma Yıldız")
    }

    @Test("Under the Chatham House Rule a participant sees others as Deelnemer N; the gespreksleider sees names")
    func chathamNames() throws {
        let (state, _, _) = try Self.sample()
        #expect(state.chatham)
        #expect(state.shownName("Bram Kuipers", to: Self.noor) == "Deelnemer 3")
        #expect(state.shownName("Noor Haddou", to: Self.noor) == "Noor Haddou")
        #expect(state.shownName("Bram Kuipers", to: Self.leader) == "Bram Kuipers")
    }
}

/// `werkblad serve` in real browsers: headless Chromium through chromedriver and selenium
/// (`scripts/live-browser-test`, which starts the server itself and says what it checks).
@Suite("Live werkblad in Chromium", .serialized)
struct LiveBrowserTests {
    struct Report: Decodable {
        var fields_filled: Int
        var slowest_change_seconds: Double
        var startup_seconds: Double
        var participant_sees: [String]
        var postits: Int
        var refused: [String]
        var renders_as_hand_written: Bool
        var restart: Bool
        var firefox: Bool
    }

    @Test("Two Chromium windows fill a session together, Firefox joins late; refusals, limits, restart; the saved file renders as a hand-written one")
    func twoWindowsFillASession() throws {
        let dir = Fixture.temporaryDirectory()
        let result = try run(Fixture.resources.root + "/scripts/live-browser-test", [Fixture.executable, dir + "/live"])
        try #require(result.status == 0, "\(result.stderr)")
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let report = try JSONDecoder().decode(Report.self, from: Data(line.utf8))
        #expect(report.fields_filled == 34)
        #expect(report.slowest_change_seconds < 1)
        #expect(report.startup_seconds < 1)
        #expect(report.participant_sees.filter { $0.hasPrefix("Deelnemer ") }.count == 5)
        #expect(report.postits == 8)
        #expect(Set(report.refused) == ["token", "host", "origin", "no-origin", "cookie", "foreign-page"])
        #expect(report.renders_as_hand_written && report.restart && report.firefox)
    }
}
