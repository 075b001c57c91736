import Foundation
import Testing

/// The AVX-512 instance of the product loop (`AVX512Tiles`) must be the only
/// code with AVX-512 instructions in the binary: everything else runs on
/// machines without them. Generic code that two modules specialise the same
/// way is emitted once by the linker, from whichever module came first, so
/// a helper of the loop left out of line in the AVX-512 module could end up
/// running in the AVX2 instance; `TileLoop` inlines everything into
/// `product` (`@_transparent`) so that cannot happen, and this checks it in
/// the machine code of this very test binary, which links every module.
@Suite struct KernelInstanceTests {
    /// Mangled names of the functions with at least one EVEX-encoded
    /// (AVX-512) instruction: in 64-bit mode an instruction whose opcode
    /// starts with 0x62, after at most one segment or address-size prefix.
    static func functionsWithAVX512(in binary: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", """
            objdump -d "$1" | awk -F '\\t' '
                /^[0-9a-f]+ <.*>:$/ { name = $0; sub(/^[0-9a-f]+ </, "", name); sub(/>:$/, "", name); next }
                NF >= 3 { bytes = $2; sub(/^ +/, "", bytes); if (bytes ~ /^(6[4-7] )?62 / && !(name in seen)) { seen[name] = 1; print name } }'
            """, "sh", binary]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func onlyTheAVX512InstanceHasAVX512Instructions() throws {
        let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let functions = try Self.functionsWithAVX512(in: binary)
        // TileLoop.product specialised for SIMD16<Double>, as AVX512Tiles.product instantiates it.
        let instance = functions.filter { $0.contains("11MatrixTiles8TileLoopO7product") && $0.contains("SIMD16") }
        #expect(instance.count == 1, "the AVX-512 instance is in the binary, once")
        #expect(functions.count == instance.count, "AVX-512 instructions outside the AVX-512 instance: \(functions)")
    }
}
