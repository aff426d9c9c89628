import Foundation
import Yams

/// Reads and validates a session file (YAML or JSON). Errors stop at the first problem;
/// warnings are collected.
public struct SessionParser {
    /// The highest contract version this program reads.
    public static let supportedVersion = 1

    /// Allowed keys per mapping, by path, from the field registry; the JSON Schema is tested against it.
    public static var keys: [String: [String]] { FieldRegistry.keys }

    public static let maxPlayers = 8
    public static let maxOptions = 6
    public static let advisedParticipants = 8

    private let reader: YAMLReader
    /// The file's bytes when given, as by the fuzzer; otherwise the file is read.
    private let data: Data?

    public init(file: String, limits: InputLimits = InputLimits()) {
        reader = YAMLReader(file: file, limits: limits)
        data = nil
    }

    /// Parses `data` as the contents of `file`, without reading it.
    package init(data: Data, file: String, limits: InputLimits = InputLimits()) {
        reader = YAMLReader(file: file, limits: limits)
        self.data = data
    }

    /// The session and its warnings; throws the first error as a `Diagnostic` that carries the
    /// other misspelt keys of the file (`others`), so one reading reports them all.
    public func parse() throws -> (session: Session, warnings: [Diagnostic]) {
        reader.collectsUnknownKeys = true
        do {
            let result = try parseSession()
            if !reader.errors.isEmpty { throw Diagnostic.combined(reader.errors) }
            return result
        } catch let d as Diagnostic where !reader.errors.isEmpty && d.others.isEmpty {
            throw Diagnostic.combined(reader.errors + [d])
        }
    }

    private func parseSession() throws -> (session: Session, warnings: [Diagnostic]) {
        var session = Session(file: reader.file)
        guard let root = try data.map(reader.load) ?? reader.load() else { return (session, []) }
        if case .scalar = root, root.string?.isEmpty ?? true { return (session, []) }
        for (key, _, value) in try mapping(root, "") {
            switch key {
            case "versie":
                let v = try reader.integer(value, what: "versie", range: 1...Int.max)
                guard v <= Self.supportedVersion else {
                    throw reader.error(value, "versie \(v) wordt niet ondersteund; dit programma leest versie \(Self.supportedVersion) (werk werkblad bij)")
                }
                session.versie = v
            case "taal":
                let t = try reader.string(value, what: "taal")
                guard let lang = Language(rawValue: t) else { throw reader.error(value, "taal moet 'nl' of 'en' zijn, niet '\(t)'") }
                session.taal = lang
            case "layout":
                session.layout = Located(value: try reader.string(value, what: "layout"), position: reader.position(value))
            case "sessie": try parseInfo(value, into: &session)
            case "verkennen": try parseExploration(value, into: &session)
            case "afwegen": try parseWeighing(value, into: &session)
            default:
                // kennismaken, kiezen, afronding: text fields only, each kept where the registry says.
                for (k, _, v) in try mapping(value, key) {
                    let field = FieldRegistry.field("\(key).\(k)")!
                    guard case .session(let path) = field.access else { continue }
                    session[keyPath: path] = try text(v, what: field.path)
                }
            }
        }
        try checkParticipants(&session)
        warnAboutNamesInFreeText(session)
        return (session, reader.warnings)
    }

    // MARK: Sections

    private func parseInfo(_ node: Node, into session: inout Session) throws {
        for (key, _, value) in try mapping(node, "sessie") {
            let what = "sessie.\(key)"
            switch key {
            case "titel": session.sessie.titel = try line(value, what: what)
            case "datum": session.sessie.datum = try date(value)
            case "tijd": session.sessie.tijd = try time(value)
            case "duur": session.sessie.duur = try reader.integer(value, what: "sessie.duur (minuten)", range: 30...480)
            case "locatie": session.sessie.locatie = try line(value, what: what)
            case "vorm": session.sessie.vorm = try choice(value, what: what, SessionForm.self)
            case "gespreksleider": session.sessie.gespreksleider = try line(value, what: what, name: true)
            case "dilemma-eigenaar": session.sessie.dilemmaEigenaar = try line(value, what: what, name: true)
            case "deelnemers":
                var seen = Set<String>()
                for item in try reader.sequence(value, what: what, depth: 2) {
                    let name = try line(item, what: "een deelnemer", name: true)
                    guard seen.insert(name).inserted else { throw reader.error(item, "deelnemer '\(name)' staat twee keer in de lijst") }
                    session.sessie.deelnemers.append(Located(value: name, position: reader.position(item)))
                }
                if session.sessie.deelnemers.count > Self.advisedParticipants {
                    reader.warn(value, "\(session.sessie.deelnemers.count) deelnemers; de methode adviseert er hoogstens \(Self.advisedParticipants)")
                }
            case "verslaglegging": session.sessie.verslaglegging = try choice(value, what: what, ReportingRule.self)
            case "aanleiding": session.sessie.aanleiding = try text(value, what: what)
            default: session.sessie.doel = try text(value, what: what)
            }
        }
    }

    /// The players or the options: at most `max` items, each with its name (a line) and the text
    /// fields the registry keeps on the item (`texts` picks the key path out of a field's access).
    private func listItems<Item>(_ value: Node, list: String, max: Int, tooMany: (Int) -> String,
                                 name: (key: String, what: String, path: WritableKeyPath<Item, String?>), make: () -> Item,
                                 texts: (SessionField.Access) -> WritableKeyPath<Item, SessionText?>?) throws -> [Item] {
        let items = try reader.sequence(value, what: list, depth: 2)
        if items.count > max { throw reader.error(items[max], tooMany(items.count)) }
        return try items.map { node in
            var item = make()
            for (k, _, v) in try mapping(node, list + "[]", depth: 3) {
                if k == name.key { item[keyPath: name.path] = try line(v, what: name.what); continue }
                guard let path = texts(FieldRegistry.field("\(list)[].\(k)")!.access) else { continue }
                item[keyPath: path] = try text(v, what: k)
            }
            return item
        }
    }

    private func parseExploration(_ node: Node, into session: inout Session) throws {
        for (key, _, value) in try mapping(node, "verkennen") {
            switch key {
            case "spelers":
                session.spelers = try listItems(value, list: "verkennen.spelers", max: Self.maxPlayers,
                                                tooMany: { "te veel spelers: \($0); het werkblad heeft plaats voor hoogstens \(Self.maxPlayers) (A–H)" },
                                                name: ("naam", "naam van een speler", \.naam), make: Session.Player.init) {
                    if case .player(let path) = $0 { return path } else { return nil }
                }
            case "waarden":
                var pairs: [(Node, [String])] = []
                for (k, _, v) in try mapping(value, "verkennen.waarden", depth: 2) {
                    if k == "spanningen" {
                        pairs = try reader.sequence(v, what: "verkennen.waarden.spanningen", depth: 3).map { pair in
                            let names = try strings(pair, what: "een spanning")
                            guard names.count == 2, names[0] != names[1] else {
                                throw reader.error(pair, "een spanning noemt precies twee verschillende waarden, zoals [Navolgbaarheid, Loyaliteit]")
                            }
                            return (pair, names)
                        }
                        continue
                    }
                    let list = try strings(v, what: "verkennen.waarden.\(k)")
                    switch k {
                    case "inhoud": session.waarden.inhoud = list
                    case "proces-en-relatie": session.waarden.procesEnRelatie = list
                    default: session.waarden.mensEnProfessional = list
                    }
                }
                let known = session.waarden.all
                for (node, names) in pairs {
                    if let unknown = names.first(where: { !known.contains($0) }) {
                        let hint = suggestion(for: unknown, among: known).map { "; bedoelt u '\($0)'?" } ?? ""
                        throw reader.error(node, "de spanning noemt '\(unknown)', maar die waarde staat niet in inhoud, proces-en-relatie of mens-en-professional\(hint)")
                    }
                    session.waarden.spanningen.append(.init(first: names[0], second: names[1]))
                }
            case "invalshoeken":
                for item in try reader.sequence(value, what: "verkennen.invalshoeken", depth: 2) {
                    var name = try reader.string(item, what: "een invalshoek")
                    if name == "financiën" { name = "financien" }
                    guard let hoek = Invalshoek(rawValue: name) else {
                        let all = Invalshoek.allCases.map(\.rawValue)
                        let hint = suggestion(for: name, among: all).map { "; bedoelt u '\($0)'?" } ?? "; kies uit \(all.joined(separator: ", "))"
                        throw reader.error(item, "onbekende invalshoek '\(name)'\(hint)")
                    }
                    if !session.invalshoeken.contains(hoek) { session.invalshoeken.append(hoek) }
                }
            default: session.gedeeldeVraag = try text(value, what: "verkennen.gedeelde-vraag")
            }
        }
    }

    private func parseWeighing(_ node: Node, into session: inout Session) throws {
        for (key, _, value) in try mapping(node, "afwegen") {
            switch key {
            case "common-ground":
                var cg = Session.CommonGround()
                for (k, _, v) in try mapping(value, "afwegen.common-ground", depth: 2) {
                    switch k {
                    case "waarden":
                        cg.waarden = try strings(v, what: "afwegen.common-ground.waarden")
                        guard cg.waarden.count == 2 else {
                            throw reader.error(v, "common-ground.waarden moet precies twee waarden hebben (één per driehoek), niet \(cg.waarden.count)")
                        }
                    case "spanning":
                        cg.spanning = try reader.sequence(v, what: "spanning", depth: 3).map { item in
                            var name: Located<String>?, score: Double?
                            for (sk, _, sv) in try mapping(item, "afwegen.common-ground.spanning[]", depth: 4) {
                                if sk == "deelnemer" {
                                    name = Located(value: try line(sv, what: "deelnemer", name: true), position: reader.position(sv))
                                } else {
                                    score = try range(sv, what: "spanning", 0...10)
                                }
                            }
                            guard let name, let score else { throw reader.error(item, "een spanning heeft 'deelnemer' en 'waarde' nodig") }
                            return Session.Tension(deelnemer: name, waarde: score)
                        }
                    case "versterking": cg.versterking = try text(v, what: "versterking")
                    default: cg.commonGround = try text(v, what: "common-ground")
                    }
                }
                session.commonGround = cg
            case "handelingsperspectieven":
                var hp = Session.ActionRange()
                for (k, _, v) in try mapping(value, "afwegen.handelingsperspectieven", depth: 2) {
                    if k == "grenzen" {
                        let items = try reader.sequence(v, what: "grenzen", depth: 3)
                        guard items.count == 2 else { throw reader.error(v, "grenzen heeft precies twee getallen: [laag, hoog]") }
                        let low = try range(items[0], what: "de lage grens", 0...10)
                        let high = try range(items[1], what: "de hoge grens", 0...10)
                        guard low < high else { throw reader.error(items[1], "de hoge grens (\(high)) moet groter zijn dan de lage (\(low))") }
                        hp.grenzen = (low, high)
                    } else {
                        hp.opties = try reader.sequence(v, what: "opties", depth: 3).map { item in
                            var tekst: String?, positie: Double?, door: Located<String>?
                            for (ok, _, ov) in try mapping(item, "afwegen.handelingsperspectieven.opties[]", depth: 4) {
                                switch ok {
                                case "tekst": tekst = try line(ov, what: "tekst")
                                case "positie": positie = try range(ov, what: "positie", 0...10)
                                default: door = Located(value: try line(ov, what: "door", name: true), position: reader.position(ov))
                                }
                            }
                            guard let tekst, let positie else { throw reader.error(item, "een handelingsoptie heeft 'tekst' en 'positie' nodig") }
                            return Session.ActionIdea(tekst: tekst, positie: positie, door: door, position: reader.position(item))
                        }
                    }
                }
                session.handelingsperspectieven = hp
            case "opties":
                session.opties = try listItems(value, list: "afwegen.opties", max: Self.maxOptions,
                                               tooMany: { "te veel opties: \($0); het werkblad heeft plaats voor hoogstens \(Self.maxOptions)" },
                                               name: ("titel", "titel van een optie", \.titel), make: Session.Option.init) {
                    if case .option(let path) = $0 { return path } else { return nil }
                }
            default: session.conclusie = try text(value, what: "afwegen.conclusie")
            }
        }
    }

    // MARK: Cross-checks

    private func checkParticipants(_ session: inout Session) throws {
        let names = session.sessie.deelnemers.map(\.value)
        var referenced: [Located<String>] = session.commonGround?.spanning.map(\.deelnemer) ?? []
        referenced += session.handelingsperspectieven?.opties.compactMap(\.door) ?? []
        for ref in referenced where !names.contains(ref.value) {
            var message = "'\(ref.value)' staat niet in sessie.deelnemers"
            if let near = suggestion(for: ref.value, among: names) {
                message += "; bedoelt u '\(near)'?"
            } else if names.isEmpty {
                message += " (die lijst is leeg)"
            }
            throw Diagnostic.error(ref.position, message)
        }
    }

    /// Under the Chatham House Rule, a participant's name anywhere in what the group wrote (every
    /// free text, and every one-line value: the title, the place, players, options, post-its)
    /// is reported at the name itself: the full name, the first name, or the surname alone.
    private func warnAboutNamesInFreeText(_ session: Session) {
        guard !session.namesAllowed, !session.sessie.deelnemers.isEmpty else { return }
        // Each text folded once, not once per name; read by index below, not copied per name.
        var folded: [[[UInt8]]] = []
        var positions: [SourcePosition] = []
        for free in session.freeTexts {
            folded.append(free.text.parts.map(Self.foldedBytes))
            positions.append(free.text.position)
        }
        for line in reader.lineTexts {
            folded.append([Self.foldedBytes(line.text)])
            positions.append(line.position)
        }
        // All of them in one, each followed by a 0 byte (in no folded text or name, and no
        // letter): a form of a name that stands nowhere in it (most) is not looked for text by text.
        var all: [UInt8] = []
        for parts in folded { for part in parts { all += part; all.append(0) } }
        var reported = Set<SourcePosition>()
        for participant in session.sessie.deelnemers {
            let full = participant.value
            let forms = Self.nameForms(full).map { (form: $0, folded: Self.foldedBytes($0)) }
                .filter { Self.containsWord($0.folded, in: [all]) }
            if forms.isEmpty { continue }
            for t in folded.indices {
                // The first place in the field where any form of the name stands (the first form
                // of those found at the same place).
                var found: (form: String, at: SourcePosition)?
                for form in forms where Self.containsWord(form.folded, in: folded[t]) {
                    let at = reader.locate(form.form, from: positions[t])
                    if let f = found, (f.at.line ?? 0, f.at.column ?? 0) <= (at.line ?? 0, at.column ?? 0) { continue }
                    found = (form.form, at)
                }
                guard let (form, at) = found else { continue }
                // A list item is read both as a line and as part of its text: one warning.
                guard reported.insert(at).inserted else { continue }
                let message = "de naam '\(form)' (deelnemer \(full)) staat in de tekst; onder de Chatham House Rule mag niets herleidbaar zijn naar deelnemers"
                reader.warnings.append(.warning(at, message, code: .participantName))
            }
        }
    }

    /// The particles of a surname ("de", "van", "ter"...).
    private static let particles: Set<String> = ["de", "den", "der", "van", "het", "ter", "ten", "te", "in", "op", "la", "le", "du",
                                                 "da", "al", "el", "'t"]

    /// The ways a name is written: in full, the first name, the surname with and without its
    /// particles ("de Graaf", "Graaf"); parts of fewer than three letters alone are too common.
    static func nameForms(_ full: String) -> [String] {
        let words = full.split(separator: " ").map(String.init)
        var forms = [full]
        guard words.count > 1 else { return forms }
        if words[0].count >= 3 { forms.append(words[0]) }
        let rest = Array(words.dropFirst())
        if let surnameStart = rest.firstIndex(where: { !particles.contains($0.lowercased()) }) {
            let withParticles = rest.joined(separator: " ")
            let surname = Array(rest[surnameStart...]).joined(separator: " ")
            if withParticles != surname { forms.append(withParticles) }
            if surname.count >= 3 { forms.append(surname) }
        }
        return forms
    }

    /// Names match whatever their case and accents ("YILMAZ", "Ozlem" for "Özlem Yılmaz"): both
    /// sides are compared decomposed, without their combining marks, in lower case; the dotless ı
    /// has no accent to drop, so it is read as i.
    static func folded(_ s: String) -> String {
        String(decoding: foldedBytes(s), as: UTF8.self)
    }

    /// `folded(s)` as UTF-8 bytes, as `containsWord` compares them.
    static func foldedBytes(_ s: String) -> [UInt8] {
        // ASCII (most text) needs no decomposition: upper case letters made lower, byte by byte.
        var bytes = Array(s.utf8)
        var ascii = true
        for i in bytes.indices {
            let b = bytes[i]
            if b >= 0x80 { ascii = false; break }
            if b >= 0x41 && b <= 0x5A { bytes[i] = b + 0x20 }
        }
        if ascii { return bytes }
        return Array(unicodeFolded(s).utf8)
    }

    private static func unicodeFolded(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.value < 0x80 {
                out.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 0x20)! : scalar)
                continue
            }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar == "ı" { out.append("i"); continue }
            out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        return String(out)
    }

    /// Whether `word` (folded) stands in one of `parts` (folded) as a whole word.
    /// Both are compared as UTF-8 bytes (the same folding gives the same bytes); a match counts
    /// when no letter touches it on either side.
    static func containsWord(_ word: String, in parts: [[UInt8]]) -> Bool {
        containsWord(Array(word.utf8), in: parts)
    }

    static func containsWord(_ needle: [UInt8], in parts: [[UInt8]]) -> Bool {
        guard let first = needle.first else { return false }
        func isLetter(_ bytes: ArraySlice<UInt8>) -> Bool {
            guard let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first else { return false }
            return scalar.properties.isAlphabetic
        }
        return parts.contains { hay in
            // Candidates by memchr on the first byte, confirmed by memcmp: a session's free text
            // is searched once for every form of every participant's name.
            hay.withUnsafeBufferPointer { h in
                needle.withUnsafeBufferPointer { n in
                    guard let base = h.baseAddress, h.count >= n.count else { return false }
                    var i = 0
                    let last = h.count - n.count
                    while i <= last, let hit = memchr(base + i, Int32(first), last - i + 1) {
                        i = UnsafeRawPointer(base).distance(to: hit)
                        defer { i += 1 }
                        guard memcmp(base + i, n.baseAddress!, n.count) == 0 else { continue }
                        // The scalar just before and just after.
                        var b = i - 1
                        while b > 0 && h[b] & 0xC0 == 0x80 { b -= 1 }
                        let end = i + n.count
                        var e = end
                        if e < h.count { e += 1; while e < h.count && h[e] & 0xC0 == 0x80 { e += 1 } }
                        if (i == 0 || !isLetter(hay[b..<i])) && (end == h.count || !isLetter(hay[end..<e])) { return true }
                    }
                    return false
                }
            }
        }
    }

    // MARK: Values

    private func mapping(_ node: Node, _ path: String, depth: Int = 1) throws -> [(key: String, keyNode: Node, value: Node)] {
        try reader.mapping(node, allowed: Self.keys[path]!, what: path.isEmpty ? "het sessiebestand" : "'\(path.replacingAll("[]", with: ""))'",
                           depth: depth)
    }

    /// A one-line string (names, titles, places).
    /// A one-line value; unless it is a person's `name` field, it is what the group wrote and is
    /// kept for the Chatham House check.
    private func line(_ node: Node, what: String, name: Bool = false) throws -> String {
        let s = try reader.string(node, what: what).trimmedWhitespace
        guard !s.isEmpty else { throw reader.error(node, "\(what) is leeg") }
        // A title, a place, a name is one line on paper; it also heads pages and fills labels.
        guard s.count <= Self.maxLineLength else {
            throw reader.error(node, "\(what) is te lang (\(s.count) tekens); hoogstens \(Self.maxLineLength) tekens, "
                               + "zet een lange tekst in een tekstveld (zoals aanleiding of dilemma)")
        }
        if !name { reader.lineTexts.append((s, reader.position(node))) }
        return s
    }

    private func text(_ node: Node, what: String) throws -> SessionText {
        let position = reader.position(node)
        switch node {
        case .scalar:
            let raw = try reader.string(node, what: what)
            let paragraphs = raw.replacingAll("\r\n", with: "\n")
                .parts(separatedBy: "\n\n")
                .map(\.trimmedWhitespace)
                .filter { !$0.isEmpty }
            return SessionText(form: .paragraphs, parts: paragraphs, position: position)
        case .sequence:
            return SessionText(form: .bullets, parts: try strings(node, what: what), position: position)
        default:
            throw reader.error(node, "\(what) moet tekst of een lijst van teksten zijn")
        }
    }

    private func strings(_ node: Node, what: String) throws -> [String] {
        if case .scalar = node { return [try line(node, what: what)] }
        return try reader.sequence(node, what: what, depth: 4).map { try line($0, what: "een item van \(what)") }
    }

    private func choice<T: RawRepresentable & CaseIterable>(_ node: Node, what: String, _: T.Type) throws -> T
    where T.RawValue == String {
        let s = try reader.string(node, what: what)
        if let v = T(rawValue: s) { return v }
        let all = T.allCases.map(\.rawValue)
        let hint = suggestion(for: s, among: all).map { "; bedoelt u '\($0)'?" } ?? ""
        throw reader.error(node, "\(what) moet \(all.map { "'\($0)'" }.joined(separator: " of ")) zijn, niet '\(s)'\(hint)")
    }

    private func range(_ node: Node, what: String, _ r: ClosedRange<Double>) throws -> Double {
        let v = try reader.number(node, what: what)
        guard r.contains(v) else {
            throw reader.error(node, "\(what) moet tussen \(Int(r.lowerBound)) en \(Int(r.upperBound)) liggen, niet \(v.formatted())")
        }
        return v
    }

    private func date(_ node: Node) throws -> String {
        let s = try reader.string(node, what: "sessie.datum")
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only: Int("+1") would read a sign.
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2, parts.allSatisfy(Self.digits),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else {
            throw reader.error(node, "sessie.datum moet de vorm JJJJ-MM-DD hebben (bijv. 2026-12-03), niet '\(s)'")
        }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(m), (1...days[m - 1]).contains(d) else {
            throw reader.error(node, "sessie.datum \(s) bestaat niet")
        }
        // A conversation of the Woo era, give or take: year 0 or 9999 is a typing error.
        guard (1900...2200).contains(y) else {
            throw reader.error(node, "sessie.datum \(s): het jaar moet tussen 1900 en 2200 liggen")
        }
        return s
    }

    /// The longest one-line value (a title, a place, a name, a post-it).
    static let maxLineLength = 400

    static func digits(_ part: Substring) -> Bool { part.allSatisfy { ("0"..."9").contains($0) } }

    private func time(_ node: Node) throws -> String {
        let s = try reader.string(node, what: "sessie.tijd")
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2, parts.allSatisfy(Self.digits),
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else {
            throw reader.error(node, "sessie.tijd moet de vorm UU:MM hebben (bijv. 13:30), niet '\(s)'")
        }
        return clockTime(hours: h, minutes: m)
    }
}
