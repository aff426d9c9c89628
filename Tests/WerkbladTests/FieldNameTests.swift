import Testing
@testable import SessionModel

/// A form field's name and a field's key are built in one pass over the path's bytes; they must
/// say what the rule in words says: `[]` becomes `._N` (N from 1), then `._` becomes `_` and every
/// other `.` becomes `_`; the key is the part after the last dot.
@Suite("Form field names and keys")
struct FieldNameTests {
    /// The rule, as three replacements one after the other.
    static func byRule(_ path: String, index: Int?) -> String {
        let numbered = index.map { path.replacingAll("[]", with: "._\($0 + 1)") } ?? path
        return numbered.replacingAll("._", with: "_").replacingAll(".", with: "_")
    }

    static let odd = ["a.[]", ".._", "[][]", "x._y", "é.[].ü", "a..b", "[", "]", "", ".", "_.", "a[]b[]c"]

    @Test(arguments: FieldRegistry.all.map(\.path) + odd)
    func formNameFollowsTheRule(path: String) {
        for index in [nil, 0, 1, 8, 9, 99] as [Int?] {
            #expect(FieldRegistry.formName(path, index: index) == Self.byRule(path, index: index), "\(path) \(String(describing: index))")
        }
    }

    @Test func keyIsTheLastPartOfThePath() {
        for field in FieldRegistry.all {
            #expect(field.key == String(field.path.split(separator: ".").last!), "\(field.path)")
        }
    }

    @Test func knownNames() {
        #expect(FieldRegistry.formName("verkennen.spelers[].naam", index: 1) == "verkennen_spelers_2_naam")
        #expect(FieldRegistry.formName("kennismaken.dilemma") == "kennismaken_dilemma")
    }
}
