// swift-tools-version:6.2
import PackageDescription
import Foundation

// Start-up: the compiler refers to a generic type it specialized (a Dictionary's storage, an
// Optional tuple) by its mangled name, which the runtime resolves on first use by decoding the
// name and scanning all of the binary's ~6,000 conformance records for each requirement
// (measured: about 370,000 instructions for each new key type). With this flag it calls the
// type's metadata accessor with the conformances it already knows: the same program, about 10
// million instructions less per cold render. Our targets only; the dependencies build as they are.
// -function-sections: each function in a section of its own, so that the linker can place the
// ones a cold run executes side by side (startUpLinking below).
let startUp: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors",
                                              "-Xfrontend", "-function-sections"])]

// DT_RELR needs glibc 2.36 or later (Debian 12, Ubuntu 24.04) where the program runs: built on an
// older system, werkblad links without it (and starts, with 1.9 MB more to read).
#if canImport(Glibc)
import Glibc
let packedRelocations: [String] = {
    var buffer = [CChar](repeating: 0, count: 64)   // "glibc 2.36"
    guard confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count) > 0 else { return [] }
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let version = text.split(separator: " ").last?.split(separator: ".").compactMap { Int($0) } ?? []
    guard version.count >= 2, (version[0], version[1]) >= (2, 36) else { return [] }
    return ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]
}()
#else
let packedRelocations: [String] = []
#endif

// Pango's font searches on the calling thread instead of two new threads per font pattern
// (Sources/CPangoThreads/threads.c): the executable exports its g_thread_new so that libpangoft2
// binds to it.
let pangoSearchesInline: [LinkerSetting] = [.unsafeFlags([
    "-Xlinker", "--export-dynamic-symbol=g_thread_new",
], .when(platforms: [.linux]))]

// The C++ runtime linked statically where GCC's archive is installed (libstdc++-dev, which the
// Swift toolchain needs anyway): see Linking/static-libstdc++/libstdc++.so.
let staticCxxRuntime: [String] = {
    #if os(Linux)
    let gcc = "/usr/lib/gcc"
    let fm = FileManager.default
    for triple in (try? fm.contentsOfDirectory(atPath: gcc)) ?? [] {
        for version in (try? fm.contentsOfDirectory(atPath: "\(gcc)/\(triple)")) ?? []
        where fm.fileExists(atPath: "\(gcc)/\(triple)/\(version)/libstdc++.a") {
            return ["-L\(Context.packageDirectory)/Linking/static-libstdc++"]
        }
    }
    #endif
    return []
}()

// Start-up memory: linked by lld (in the Swift toolchain) with packed relative relocations
// (DT_RELR, glibc 2.36: 15 KB to read instead of 1.9 MB of RELA entries) and with the functions a
// cold run executes placed side by side (Linking/werkblad.order, made by scripts/order-symbols),
// so that the pages a command touches are few instead of spread over 17 MB of code.
let startUpLinking: [LinkerSetting] = [.unsafeFlags([
    "-use-ld=lld",
    "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Linking/werkblad.order",
    "-Xlinker", "--no-warn-symbol-ordering",
] + packedRelocations + staticCxxRuntime, .when(platforms: [.linux]))] + pangoSearchesInline

let package = Package(
    name: "werkblad",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "werkblad", targets: ["werkblad"]),
        .executable(name: "werkblad-serve", targets: ["werkblad-serve"]),
        .library(name: "SessionModel", targets: ["SessionModel"]),
        .library(name: "WerkbladDocuments", targets: ["WerkbladDocuments"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // `werkblad serve`: HTTP, WebSocket and TLS on SwiftNIO.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.0"),
    ],
    targets: [
        // C system libraries: one module map and one umbrella shim.h each.
        .systemLibrary(name: "CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPango", pkgConfig: "pangocairo pangoft2",
                       providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CFontconfig", pkgConfig: "fontconfig",
                       providers: [.apt(["libfontconfig-dev"])]),
        .systemLibrary(name: "CHyphen", providers: [.apt(["libhyphen-dev"])]),
        // Headers only: libqpdf is opened with dlopen when an archive or form pass needs it (see its shim).
        .systemLibrary(name: "CQpdf", providers: [.apt(["libqpdf-dev"])]),
        // glibc's <malloc.h>: mallopt, for the heap kept between documents (see ProcessMemory).
        .systemLibrary(name: "CMalloc"),
        // Pango 1.50.12's font searches run on the thread that asks for them (see threads.c).
        .target(name: "CPangoThreads"),
        // The command line handed to the Swift runtime without its /proc/self/maps scan (arguments.c).
        .target(name: "CArguments"),

        // The only Swift code that calls cairo_*, pango_*, Fc*, hnj_* and qpdf_*.
        .target(name: "Graphics", dependencies: ["CCairo", "CPango", "CFontconfig", "CHyphen", "CQpdf", "CMalloc", "CPangoThreads"], swiftSettings: startUp),
        // The session model: types, the parser with positions, the field registry. Yams only, no drawing:
        // a server or an importer can use it alone.
        .target(name: "SessionModel", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: startUp),
        // Value types: frames of positioned items with their structure roles, text fitting. Writes no files.
        .target(name: "LayoutEngine", dependencies: ["Graphics"], swiftSettings: startUp),
        // Document kinds: each turns (session, layout, options) into a Composition value.
        .target(name: "WerkbladDocuments", dependencies: [
            "LayoutEngine", "SessionModel", .product(name: "Yams", package: "Yams"),
        ], swiftSettings: startUp),
        // The one export pipeline: a Composition to PDF/PNG/SVG under a print or archive profile,
        // written atomically; batch runs on top of it.
        .target(name: "Export", dependencies: ["WerkbladDocuments", "LayoutEngine", "SessionModel", "Graphics"], swiftSettings: startUp),
        // The live werkblad: the shared state of a session being edited, with revisions and rights;
        // no networking, so that it is tested alone.
        .target(name: "LiveSession", dependencies: ["SessionModel"], swiftSettings: startUp),
        // `werkblad serve`: HTTP and WebSocket over the live state, previews and downloads through Export.
        .target(name: "LiveServer", dependencies: [
            "LiveSession", "Export", "WerkbladDocuments", "SessionModel", "Graphics",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
        ], swiftSettings: startUp),
        .executableTarget(name: "werkblad", dependencies: [
            "Export", "WerkbladDocuments", "SessionModel", "CArguments", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: startUp, linkerSettings: startUpLinking),
        // `werkblad serve` runs this, so that the server's libraries (SwiftNIO, Hummingbird) cost
        // the other commands nothing at start-up; it reads the options werkblad validated.
        .executableTarget(name: "werkblad-serve", dependencies: ["LiveServer", "WerkbladDocuments", "SessionModel"], swiftSettings: startUp,
                          linkerSettings: pangoSearchesInline),
        // The warm figure of the benchmark (bench/run.sh): many documents in one process.
        .executableTarget(name: "werkblad-bench", dependencies: ["Export", "WerkbladDocuments", "SessionModel", "Graphics"], swiftSettings: startUp,
                          linkerSettings: startUpLinking),
        // The libFuzzer target for the session and layout parsers (scripts/fuzz); without -D FUZZING a stub.
        .executableTarget(name: "werkblad-fuzz", dependencies: ["SessionModel", "WerkbladDocuments"]),
        .testTarget(name: "WerkbladTests", dependencies: [
            "LiveSession", "LiveServer",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
            "Export", "WerkbladDocuments", "SessionModel", "LayoutEngine", "Graphics"]),
    ]
)
