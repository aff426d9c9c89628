import Foundation
import Graphics
import SessionModel

/// A werkblad form filled in a viewer, read back as a session file.
public enum FilledForm {
    /// The session YAML for the form at `pdf`: the fields read into `basis` (a session file) when
    /// given, else into a new file. Nothing is written here.
    public static func session(pdf: String, basis: String?) throws -> FormImport.Result {
        guard let data = FileManager.default.contents(atPath: pdf) else {
            throw Diagnostic.error(SourcePosition(file: pdf), "kan het bestand niet lezen")
        }
        let fields: [PDFFormReader.Field]
        do { fields = try PDFFormReader.fields(of: data) } catch PDFFormReader.Failure.noForm {
            throw Diagnostic.error(SourcePosition(file: pdf), "is geen invulbare PDF (geen formulier gevonden)")
        } catch {
            throw Diagnostic.error(SourcePosition(file: pdf), "kan niet als PDF worden gelezen (beschadigd, afgebroken of met een wachtwoord versleuteld)")
        }
        var basisText: (String, String)?
        if let basis {
            guard let data = FileManager.default.contents(atPath: basis), let text = String(data: data, encoding: .utf8) else {
                throw Diagnostic.error(SourcePosition(file: basis), "kan het basisbestand niet lezen als UTF-8")
            }
            basisText = (text, basis)
        }
        var result = try FormImport.session(from: fields.map { ($0.name, $0.value) }, basis: basisText, form: pdf)
        for field in fields where field.valueIsNotText {
            result.notices.append(.warning(SourcePosition(file: pdf), "veld ‘\(field.name)’ heeft een waarde die geen tekst is; die is overgeslagen"))
        }
        return result
    }
}
