import SessionModel
import Foundation
import Graphics
import Yams

/// Values of layout files: lengths, colours and labels in every language.
extension YAMLReader {
    func length(_ node: Node, what: String) throws -> Length {
        let text = try string(node, what: what).trimmedWhitespace
        let unit = text.suffix(2)
        guard let value = Double(text.dropLast(2).trimmedWhitespace), value >= 0,
              unit == "mm" || unit == "pt" else {
            throw error(node, "\(what) moet een lengte als 12mm of 10pt zijn, niet '\(text)'")
        }
        let length: Length = unit == "mm" ? .mm(value) : .pt(value)
        // No page werkblad makes is larger than A0 (1189 mm): a bigger length is a typing error
        // that would have cairo allocate pages of kilometres.
        guard value.isFinite, length <= .mm(1200) else {
            throw error(node, "\(what) is te groot (\(text)); een lengte in een layout is hoogstens 1200mm")
        }
        return length
    }

    func localized(_ node: Node, what: String) throws -> LocalizedText {
        var v: [String: String] = [:]
        for (key, _, value) in try mapping(node, allowed: Language.allCases.map(\.rawValue), what: what, depth: 5) {
            v[key] = try string(value, what: "\(what).\(key)")
        }
        guard let nl = v["nl"], let en = v["en"] else { throw error(node, "\(what) heeft een tekst voor nl en en nodig") }
        return LocalizedText(nl: nl, en: en)
    }

    func color(_ node: Node, what: String) throws -> Color {
        let text = try string(node, what: what)
        guard let color = Color(hex: text) else { throw error(node, "\(what) moet een kleur als #1a2b3c zijn") }
        return color
    }
}
