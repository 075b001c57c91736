// swift-tools-version:6.0
// bplab — Backprop Lab. GPL-3.0-or-later (links GNU readline).
import Foundation
import PackageDescription

/// The x86-64 kernels: BackpropCore's own loops compiled for AVX2 (haswell)
/// and the AVX512Kernels module beside them. Every other target (arm64)
/// compiles the same generic loops for itself, with the same summation
/// order, so results are bit-identical. `BPLAB_GENERIC_KERNELS=1` builds the
/// generic form on x86-64 too, so it can be tested here (`make test-generic`).
#if arch(x86_64)
let x86Kernels = ProcessInfo.processInfo.environment["BPLAB_GENERIC_KERNELS"] == nil
#else
let x86Kernels = false
#endif

/// Flags of the modules that hold kernels: the processor they are compiled
/// for (x86-64 only) and no errno from math functions, so they vectorise.
func kernelFlags(targetCPU: String) -> [SwiftSetting] {
    (x86Kernels ? [.unsafeFlags(["-target-cpu", targetCPU]), .define("X86_KERNELS")] : [])
        + [.unsafeFlags(["-Xcc", "-fno-math-errno"]),
           // The kernels are generic over SIMD widths; unoptimised, every lane operation is a call.
           .unsafeFlags(["-O"], .when(configuration: .debug))]
}

let package = Package(
    name: "bplab",
    products: [
        .executable(name: "bplab", targets: ["bplab"]),
        .library(name: "BackpropCore", targets: ["BackpropCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Tests start tmux, gnuplot, Python and Chromium; Subprocess closes every other
        // descriptor in the child, so a daemon (the tmux server) keeps none of ours open.
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // Numbers only, no I/O: matrices, layers, backprop, optimizers, trainer, model file.
        .target(name: "BackpropCore", dependencies: ["SIMDKernels", "CPU"] + (x86Kernels ? ["AVX512Kernels"] : []),
                swiftSettings: kernelFlags(targetCPU: "haswell")),
        // The loops of every matrix product and optimizer update, generic over register
        // width and inlined into the modules using them, each compiling them for its processor.
        .target(name: "SIMDKernels"),
        // cpuid and xgetbv (whether the processor and the OS run AVX-512), and the spin-wait hint.
        .target(name: "CPU"),
        // OpenBLAS (libopenblas-dev): the benchmark's dgemm ceiling, to compare the kernels with.
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        // One long-lived gnuplot process behind a pipe; knows nothing of networks.
        .target(name: "Gnuplot"),
        // The command language, session state, transcripts and plots.
        // The PyTorch export's script is a template compiled into the binary (no resource folder to install).
        .target(name: "Lab", dependencies: ["BackpropCore", "Gnuplot", .product(name: "CSV", package: "CSV.swift"),
                                            .product(name: "Crypto", package: "swift-crypto")],
                resources: [.embedInCode("Export/Resources/pytorch.py.template")]),
        // GNU readline, linked as a system library.
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .executableTarget(
            name: "bplab",
            dependencies: [
                "Lab",
                "BackpropCore",
                "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Readline is driven through its C globals (rl_line_buffer, rl_catch_signals…),
            // which Swift 6's strict checking cannot see as main-thread-only.
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // The benchmark program (make bench): W1–W4 through BackpropCore.
        .executableTarget(name: "bplab-bench", dependencies: ["BackpropCore", "COpenBLAS"], path: "Benchmarks/BplabBench"),
        // What the test targets share: seeded networks, finite differences, scratch folders.
        .target(name: "TestSupport", dependencies: ["BackpropCore"], path: "Tests/TestSupport"),
        // The machine-code checks of the x86 kernel instances run where those exist (X86_KERNELS).
        .testTarget(name: "BackpropCoreTests", dependencies: ["BackpropCore", "SIMDKernels", "TestSupport"],
                    swiftSettings: x86Kernels ? [.define("X86_KERNELS")] : []),
        .testTarget(name: "GnuplotTests", dependencies: ["Gnuplot", "TestSupport"]),
        // Golden gnuplot scripts and the malformed-file corpus are read by path, beside the tests that use them.
        .testTarget(name: "LabTests", dependencies: ["Lab", "BackpropCore", "TestSupport", .product(name: "Subprocess", package: "swift-subprocess")],
                    exclude: ["Golden", "Corpus"]),
        // grad, delta, paths, check and cost against finite differences and hand-worked figures.
        .testTarget(name: "DerivativeTests", dependencies: ["BackpropCore", "TestSupport"]),
    ] + (x86Kernels ? [
        // The kernel loops compiled for AVX-512, chosen at run time (CPU) on machines that have it.
        .target(name: "AVX512Kernels", dependencies: ["SIMDKernels"], swiftSettings: kernelFlags(targetCPU: "skylake-avx512")),
    ] : [])
)
