import Foundation
import Yams

/// Changes a session file's YAML tree field by field, as the field registry names them, and writes
/// it out: `werkblad import` and the live werkblad (`werkblad serve`) both save through it. What it
/// is not told to change stays as the basis has it (Yams keeps no comments).
public struct SessionEditor {
    var root: Node

    /// - Parameter basis: the YAML text of the session to change, with its path for messages; nil
    ///   starts a new file.
    public init(basis: (text: String, path: String)?) throws {
        if let basis {
            guard let node = try? Yams.compose(yaml: basis.text), case .mapping = node else {
                throw Diagnostic.error(SourcePosition(file: basis.path), "het basisbestand is geen sessiebestand (geen YAML-mapping)")
            }
            root = node
        } else {
            root = Node.mapping(Node.Mapping([(Node("versie"), Node("1", Tag(.int)))]))
        }
    }

    /// Sets a field to what a person typed (an empty value removes it), as its kind is written:
    /// bullets as a list, a date checked, a time span "09:30–12:30" as `tijd` and `duur`.
    /// - Parameters:
    ///   - position, name: where the value came from and the field's name there, for an error.
    public mutating func set(_ field: SessionField, index: Int? = nil, value raw: String, at position: SourcePosition,
                             name: String) throws {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = FormImport.path(field.path, index: index)
        var node: Node?
        switch field.kind {
        case .text:
            node = value.isEmpty ? nil : FormImport.textNode(value)
        case .date:
            guard !value.isEmpty else { node = nil; break }
            guard let m = value.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})/), let y = Int(m.1), let mo = Int(m.2), let d = Int(m.3) else {
                throw Diagnostic.error(position, "veld ‘\(name)’: ‘\(value)’ is geen datum in de vorm jjjj-mm-dd (bijvoorbeeld 2026-10-08)")
            }
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard (1900...2200).contains(y), (1...12).contains(mo), (1...days[mo - 1]).contains(d) else {
                throw Diagnostic.error(position, "veld ‘\(name)’: de datum \(value) bestaat niet")
            }
            node = Node(value)
        case .time:
            guard !value.isEmpty else { node = nil; break }
            // "09:30" or a span "09:30–12:30", which also gives the duration.
            guard let m = value.wholeMatch(of: /(\d{1,2}):(\d{2})(?:\s*[–-]\s*(\d{1,2}):(\d{2}))?/),
                  let h = Int(m.1), let min = Int(m.2), h < 24, min < 60 else {
                throw Diagnostic.error(position, "veld ‘\(name)’: ‘\(value)’ is geen tijd in de vorm uu:mm (bijvoorbeeld 09:30 of 09:30–12:30)")
            }
            node = Node(String(format: "%02d:%02d", h, min), Tag(.str), .doubleQuoted)
            if let eh = m.3.flatMap({ Int($0) }), let em = m.4.flatMap({ Int($0) }) {
                var minutes = (eh * 60 + em) - (h * 60 + min)
                if minutes <= 0 { minutes += 24 * 60 }
                guard eh < 24, em < 60, (30...480).contains(minutes) else {
                    throw Diagnostic.error(position, "veld ‘\(name)’: \(value) geeft een gesprek van \(minutes) minuten; "
                                           + "een gesprek duurt 30 tot en met 480 minuten")
                }
                FormImport.set(&root, FormImport.path("sessie.duur", index: nil)[...], Node(String(minutes), Tag(.int)))
            }
        default:
            node = value.isEmpty ? nil : Node(value, Tag(.str), .doubleQuoted)
        }
        FormImport.set(&root, parts[...], node)
    }

    /// Makes the list at `path` (`verkennen.spelers`) hold exactly `count` items: items beyond it
    /// are removed, missing ones added empty. With `count == 0` the key goes.
    public mutating func setItemCount(_ path: String, _ count: Int) {
        let parts = FormImport.path(path, index: nil)
        var items = sequence(at: parts)
        if items.count > count { items.removeLast(items.count - count) }
        while items.count < count { items.append(Node.mapping(Node.Mapping([]))) }
        FormImport.set(&root, parts[...], items.isEmpty ? nil : Node.sequence(Node.Sequence(items)))
    }

    /// The number of items of the list at `path`.
    public func itemCount(_ path: String) -> Int { sequence(at: FormImport.path(path, index: nil)).count }

    /// A list of strings (`sessie.deelnemers`, `afwegen.common-ground.waarden`); empty removes it.
    public mutating func setStrings(_ path: String, _ values: [String]) {
        let items = values.map { Node($0, Tag(.str), .doubleQuoted) }
        FormImport.set(&root, FormImport.path(path, index: nil)[...], items.isEmpty ? nil : Node.sequence(Node.Sequence(items, Tag(.seq), .flow)))
    }

    /// The tensions of the common-ground exercise, in the given order; empty removes them.
    public mutating func setTensions(_ tensions: [(deelnemer: String, waarde: Double)]) {
        let items = tensions.map { t in
            Node.mapping(Node.Mapping([(Node("deelnemer"), Node(t.deelnemer, Tag(.str), .doubleQuoted)),
                                       (Node("waarde"), Self.number(t.waarde))], Tag(.map), .flow))
        }
        FormImport.set(&root, FormImport.path("afwegen.common-ground.spanning", index: nil)[...],
                       items.isEmpty ? nil : Node.sequence(Node.Sequence(items)))
    }

    /// The handelingsbandbreedte: the blue bars and the post-its; nothing given removes them.
    public mutating func setActionRange(bars: (low: Double, high: Double)?, ideas: [(tekst: String, positie: Double, door: String?)]) {
        let base = "afwegen.handelingsperspectieven"
        let barNode = bars.map { Node.sequence(Node.Sequence([Self.number($0.low), Self.number($0.high)], Tag(.seq), .flow)) }
        FormImport.set(&root, FormImport.path(base + ".grenzen", index: nil)[...], barNode)
        let items = ideas.map { idea -> Node in
            var pairs: [(Node, Node)] = [(Node("tekst"), Node(idea.tekst, Tag(.str), .doubleQuoted)), (Node("positie"), Self.number(idea.positie))]
            if let door = idea.door { pairs.append((Node("door"), Node(door, Tag(.str), .doubleQuoted))) }
            return Node.mapping(Node.Mapping(pairs, Tag(.map), .flow))
        }
        FormImport.set(&root, FormImport.path(base + ".opties", index: nil)[...], items.isEmpty ? nil : Node.sequence(Node.Sequence(items)))
    }

    /// Removes a mapping left empty by the changes (`afwegen.handelingsperspectieven: {}`).
    public mutating func removeIfEmpty(_ path: String) {
        let parts = FormImport.path(path, index: nil)
        if let mapping = node(at: parts)?.mapping, mapping.isEmpty { FormImport.set(&root, parts[...], nil) }
    }

    /// The file as YAML text.
    public func yaml() throws -> String {
        try Yams.serialize(node: root, indent: 2, width: -1, allowUnicode: true)
    }

    /// The items of the list at `parts` (none when there is no list).
    func sequence(at parts: [FormImport.Part]) -> [Node] { node(at: parts)?.sequence.map { Array($0) } ?? [] }

    /// The node the keys of `parts` lead to, if any.
    private func node(at parts: [FormImport.Part]) -> Node? {
        var current: Node? = root
        for case .key(let k) in parts { current = current?.mapping?.first { FormImport.key($0.key) == k }?.value }
        return current
    }

    /// 7 as `7`, 4.5 as `4.5`.
    static func number(_ value: Double) -> Node {
        value == value.rounded() && abs(value) < 1e9 ? Node(String(Int(value)), Tag(.int)) : Node(String(format: "%g", value), Tag(.float))
    }
}

extension SessionEditor {
    /// Why a value cannot be written into a field (a date that does not exist), or nil.
    public static func problem(_ field: SessionField, value: String, name: String) -> String? {
        var scratch = SessionEditor(empty: ())
        do {
            try scratch.set(field, index: 0, value: value, at: SourcePosition(file: ""), name: name)
            return nil
        } catch let d as Diagnostic {
            return d.message
        } catch {
            return "\(error)"
        }
    }

    private init(empty: Void) { root = Node.mapping(Node.Mapping([])) }
}
