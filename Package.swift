// swift-tools-version:6.0
// bplab — Backprop Lab. GPL-3.0-or-later (links GNU readline).
import PackageDescription

let package = Package(
    name: "bplab",
    products: [
        .executable(name: "bplab", targets: ["bplab"]),
        .library(name: "BackpropCore", targets: ["BackpropCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Numbers only, no I/O: matrices, layers, backprop, optimizers, trainer, model file.
        .target(name: "BackpropCore"),
        // One long-lived gnuplot process behind a pipe; knows nothing of networks.
        .target(name: "Gnuplot"),
        .executableTarget(
            name: "bplab",
            dependencies: [
                "BackpropCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "BackpropCoreTests", dependencies: ["BackpropCore"]),
        .testTarget(name: "GnuplotTests", dependencies: ["Gnuplot"]),
    ]
)
