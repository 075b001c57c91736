import BackpropCore
import Foundation

/// `BPLAB_KERNELS=avx2` keeps an AVX-512 machine on the AVX2 instance of the
/// kernels (to compare the two: `make bench` does). The numeric core reads no
/// environment; the program decides and tells it, before any command runs.
enum KernelChoice {
    static func apply(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let name = environment["BPLAB_KERNELS"], !name.isEmpty else { return }
        guard let instance = InstructionSet(rawValue: name.lowercased()) else {
            let known = InstructionSet.allCases.map(\.rawValue).joined(separator: ", ")
            throw KernelChoiceError(message: "BPLAB_KERNELS=\(name) names no kernel instance (known: \(known))")
        }
        do { try InstructionSet.use(instance) } catch {
            throw KernelChoiceError(message: "BPLAB_KERNELS=\(name): \(error)")
        }
    }
}

struct KernelChoiceError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
