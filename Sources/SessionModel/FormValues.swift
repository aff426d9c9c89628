extension Session {
    /// The text of every field a document prints that a person types (header facts, player and
    /// option names, every box and cell), by form name (`FieldRegistry.formName`): the values of a
    /// fillable PDF and of the live werkblad. `FormImport` and `SessionEditor` read them back.
    /// - Parameters:
    ///   - documents: the documents whose fields are wanted.
    ///   - hidden: the text for a name the Chatham House Rule hides (a fillable PDF for the
    ///     archive); nil keeps every name as the file has it.
    public func formValues(for documents: Set<DocumentID> = [.werkblad], hidingNamesAs hidden: String?) -> [String: String] {
        var values: [String: String] = [:]
        let participants = Set(sessie.deelnemers.map(\.value))
        if documents.contains(.werkblad) {
            let facts: [(String, String?)] = [
                ("sessie.titel", sessie.titel), ("sessie.datum", sessie.datum), ("sessie.tijd", sessie.tijd),
                ("sessie.locatie", sessie.locatie),
                ("sessie.gespreksleider", sessie.gespreksleider.map { hidden != nil && participants.contains($0) ? hidden! : $0 }),
                ("sessie.dilemma-eigenaar", sessie.dilemmaEigenaar.map { hidden ?? $0 }),
            ]
            for (path, value) in facts { if let value { values[FieldRegistry.formName(path)] = value } }
            for (i, p) in spelers.enumerated() { if let n = p.naam { values[FieldRegistry.formName("verkennen.spelers[].naam", index: i)] = n } }
            for (i, o) in opties.enumerated() { if let t = o.titel { values[FieldRegistry.formName("afwegen.opties[].titel", index: i)] = t } }
        }
        for field in FieldRegistry.all where !field.documents.isDisjoint(with: documents) && field.isFreeText {
            switch field.access {
            case .session:
                if let t = text(field), !t.isEmpty { values[FieldRegistry.formName(field.path)] = t.rendered }
            case .player, .option:
                for i in 0..<itemCount(field) {
                    if let t = text(field, index: i), !t.isEmpty { values[FieldRegistry.formName(field.path, index: i)] = t.rendered }
                }
            case .structured: continue
            }
        }
        return values
    }
}
