import Foundation
import Yams

/// Turns the fields of a filled werkblad form (named by `FieldRegistry.formName`) back into a
/// session file: into a copy of the session the form was made from (`basis`), or into a new one.
/// What the form does not hold (participants, the post-it exercises, comments aside) stays as
/// the basis has it; a field left empty removes its text.
public enum FormImport {
    /// What the form said, and what was done with fields werkblad does not know.
    public struct Result: Sendable {
        public var yaml: String
        public var notices: [Diagnostic]
        /// How many of the form's fields were read into the session.
        public var imported: Int
    }

    enum Part: Hashable { case key(String), index(Int) }

    /// The text a werkblad form shows for a name the Chatham House Rule hides: never imported.
    static let hiddenNames: Set<String> = Set(Language.allCases.map { Session.hiddenName[$0] })

    /// - Parameters:
    ///   - fields: the form's fields (full name, value) in the form's order.
    ///   - basis: the YAML text of the session to update, with its path for messages.
    ///   - form: the form's path, for messages.
    public static func session(from fields: [(name: String, value: String?)], basis: (text: String, path: String)?,
                               form: String) throws -> Result {
        var editor = try SessionEditor(basis: basis)
        var notices: [Diagnostic] = []
        // A form made from another session: its title and date differ from the basis's.
        if let basis, let old = try? SessionParser(data: Data(basis.text.utf8), file: basis.path).parse().session {
            for (formName, label, was) in [("sessie_titel", "titel", old.sessie.titel), ("sessie_datum", "datum", old.sessie.datum)] {
                let now = fields.first { $0.name == formName }?.value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                if let was, !now.isEmpty, now != was {
                    notices.append(.warning(SourcePosition(file: form), "de \(label) in het formulier (‘\(now)’) is niet die van het basisbestand "
                                            + "\(basis.path) (‘\(was)’): hoort het formulier bij dit gesprek? De \(label) uit het formulier is overgenomen"))
                }
            }
        }
        var values: [String: String] = [:]
        var known: [(field: SessionField, index: Int?, name: String)] = []
        let here = SourcePosition(file: form)
        for f in fields {
            guard let (field, index) = FieldRegistry.field(formName: f.name), field.documents.contains(.werkblad) else {
                notices.append(.warning(here, "veld ‘\(f.name)’ hoort niet bij een werkblad; overgeslagen"))
                continue
            }
            guard values[f.name] == nil else {
                notices.append(.warning(here, "veld ‘\(f.name)’ staat meer dan eens in het formulier; de eerste waarde is gebruikt"))
                continue
            }
            values[f.name] = (f.value ?? "").replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            known.append((field, index, f.name))
        }
        // The format's order, so that keys a new file gets stand where a person would write them.
        let order = Dictionary(uniqueKeysWithValues: FieldRegistry.all.enumerated().map { ($1.path, $0) })
        known.sort { (order[$0.field.path] ?? 0, $0.index ?? 0) < (order[$1.field.path] ?? 0, $1.index ?? 0) }
        // A player or option beyond the basis's is added only when the form gave it some text.
        var usedItems = Set<String>()
        for k in known where k.index != nil && !(values[k.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            usedItems.insert("\(k.field.parent)#\(k.index!)")
        }
        var imported = 0
        for k in known {
            let raw = values[k.name] ?? ""
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if hiddenNames.contains(value) { continue }
            let parts = path(k.field.path, index: k.index)
            if let index = k.index, !usedItems.contains("\(k.field.parent)#\(index)"),
               editor.sequence(at: Array(parts.prefix { if case .index = $0 { return false }; return true })).count <= index {
                continue
            }
            try editor.set(k.field, index: k.index, value: value, at: here, name: k.name)
            imported += 1
        }
        return Result(yaml: try editor.yaml(), notices: notices, imported: imported)
    }
    /// A registry path as parts: `verkennen.spelers[].naam`, 1 → verkennen, spelers, [1], naam.
    static func path(_ path: String, index: Int?) -> [Part] {
        var parts: [Part] = []
        for component in path.split(separator: ".") {
            if component.hasSuffix("[]") {
                parts.append(.key(String(component.dropLast(2))))
                parts.append(.index(index ?? 0))
            } else {
                parts.append(.key(String(component)))
            }
        }
        return parts
    }

    /// A text as the format writes it: bullets as a list, else a string (a block when it has lines).
    static func textNode(_ value: String) -> Node {
        let lines = value.split(separator: "\n", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
        let bullet = /^[•·\-–*]\s*/
        if !lines.isEmpty, lines.allSatisfy({ $0.prefixMatch(of: bullet) != nil }) {
            let items = lines.map { line -> Node in
                let text = String(line[line.prefixMatch(of: bullet)!.range.upperBound...])
                    .trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{00A0}")))
                return Node(text, Tag(.str), .doubleQuoted)
            }
            return Node.sequence(Node.Sequence(items))
        }
        return Node(value, Tag(.str), value.contains("\n") ? .literal : .doubleQuoted)
    }

    static func key(_ node: Node) -> String? { node.scalar?.string }

    /// Sets (or with nil removes) the value at `parts`, making mappings and list items on the way.
    static func set(_ node: inout Node, _ parts: ArraySlice<Part>, _ value: Node?) {
        guard let part = parts.first else { return }
        let rest = parts.dropFirst()
        switch part {
        case .key(let k):
            var pairs: [(Node, Node)] = node.mapping.map { $0.map { ($0.key, $0.value) } } ?? []
            let at = pairs.firstIndex { key($0.0) == k }
            if rest.isEmpty {
                if let value { if let at { pairs[at].1 = value } else { pairs.append((Node(k), value)) } }
                else if let at { pairs.remove(at: at) }
            } else {
                if value == nil && at == nil { return }
                var child = at.map { pairs[$0].1 } ?? empty(for: rest.first!)
                set(&child, rest, value)
                if let at { pairs[at].1 = child } else { pairs.append((Node(k), child)) }
            }
            node = Node.mapping(Node.Mapping(pairs))
        case .index(let i):
            var items: [Node] = node.sequence.map { Array($0) } ?? []
            if value == nil && i >= items.count { return }
            while items.count <= i { items.append(Node.mapping(Node.Mapping([]))) }
            if rest.isEmpty { if let value { items[i] = value } } else { set(&items[i], rest, value) }
            node = Node.sequence(Node.Sequence(items))
        }
    }

    static func empty(for part: Part) -> Node {
        if case .index = part { return Node.sequence(Node.Sequence([])) }
        return Node.mapping(Node.Mapping([]))
    }
}
