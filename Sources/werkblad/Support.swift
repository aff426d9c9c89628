import ArgumentParser
import Foundation
import WerkbladDocuments

enum LanguageArgument: String, ExpressibleByArgument, CaseIterable {
    case nl, en
    var language: Language { self == .nl ? .nl : .en }
}

/// Prints the error in Dutch on standard error and exits non-zero.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as Diagnostic {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("werkblad: fout: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

func printWarnings(_ warnings: [Diagnostic]) {
    for w in warnings { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
}
