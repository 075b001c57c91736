#if X86_KERNELS
import Foundation
import Testing

/// The AVX-512 instance of the kernels (AVX512Kernels) must hold the only
/// AVX-512 instructions in the binary: everything else runs on machines
/// without them. The generic kernels inline all their helpers into the
/// function each module specialises, and that specialisation carries the
/// module's own type in its name (`KernelInstance`), so the linker cannot
/// swap one instance for the other. This checks the result in the machine
/// code of this very test binary, which links every module.
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
        // BoringSSL (swift-crypto, for the export's checksum) carries hand-written
        // AVX-512 routines of its own, which it runs only where cpuid finds them.
        let functions = try Self.functionsWithAVX512(in: binary).filter { !$0.hasPrefix("CCryptoBoringSSL_") }
        // Specialised for AVX512Kernels (13AVX512Kernels in the mangled name): the product loop and the update loop.
        let instance = functions.filter { $0.hasPrefix("$s11SIMDKernels") && $0.contains("13AVX512Kernels") }
        #expect(instance.filter { $0.contains("8TileLoopO7product") }.count == 1, "the AVX-512 product loop, once: \(functions)")
        #expect(instance.filter { $0.contains("15ParameterUpdateO5apply") }.count == 1, "the AVX-512 update loop, once: \(functions)")
        #expect(functions.count == instance.count, "AVX-512 instructions outside the AVX-512 instance: \(functions)")
    }
}
#endif
