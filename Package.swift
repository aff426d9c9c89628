// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "werkblad",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "werkblad", targets: ["werkblad"]),
        .library(name: "WerkbladDocuments", targets: ["WerkbladDocuments"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
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
        .systemLibrary(name: "CQpdf", pkgConfig: "libqpdf", providers: [.apt(["libqpdf-dev"])]),

        // The only Swift code that calls cairo_*, pango_*, Fc*, hnj_* and qpdf_*.
        .target(name: "Graphics", dependencies: ["CCairo", "CPango", "CFontconfig", "CHyphen", "CQpdf"]),
        // Value types: frames of positioned items, text fitting. Never touches C.
        .target(name: "LayoutEngine", dependencies: ["Graphics"]),
        // The werkblad, its layouts and session files.
        .target(name: "WerkbladDocuments", dependencies: [
            "LayoutEngine", .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "werkblad", dependencies: [
            "WerkbladDocuments", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The warm figure of the benchmark (bench/run.sh): many documents in one process.
        .executableTarget(name: "werkblad-bench", dependencies: ["WerkbladDocuments", "Graphics"]),
        .testTarget(name: "WerkbladTests", dependencies: ["WerkbladDocuments", "LayoutEngine", "Graphics"]),
    ]
)
