import BackpropCore
import COpenBLAS
import Foundation

/// bplab-bench: times W1–W4 through BackpropCore and prints one JSON line per
/// workload (median of the timed runs after a warm-up, training loop only),
/// in the same shape as Benchmarks/python's scripts, for Benchmarks/run.sh.
struct Options {
    static let usage = """
        usage: bplab-bench [--runs N] [--workloads W1,W2,W3,W4] [--data FOLDER] [--process LABEL] [--depth N]
               bplab-bench --machine
          --runs N        timed runs after one warm-up (default 5)
          --workloads …   which of W1–W4 to run (default all)
          --data FOLDER   folder of spiral1000.csv and digits.csv (default \(defaultData))
          --process LABEL how this process ran, copied into every line ("fresh", "after-others")
          --depth N       passes over the shared index N deep instead of the processor's table (to measure it)
          --machine       one JSON line: the processor and the kernel tiling chosen for it
        The workloads and their data are specified in docs/generator.md.
        """

    /// The repository's sessions/data, found from this source file's path so
    /// the benchmark reads the data of the clone it was built from, whatever
    /// the working directory.
    static let defaultData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sessions/data").path

    var runs = 5
    var workloads = ["W1", "W2", "W3", "W4"]
    var data = Options.defaultData
    var process = "after-others"
    var depth: Int?
    var machine = false

    /// Refuses an unknown option rather than ignoring it: a mistyped option
    /// would otherwise start minutes of timing with the defaults.
    init(_ arguments: [String]) {
        var k = 0
        while k < arguments.count {
            let value = k + 1 < arguments.count ? arguments[k + 1] : ""
            switch arguments[k] {
            case "--runs": runs = max(1, Int(value) ?? 5); k += 1
            case "--workloads": workloads = value.split(separator: ",").map(String.init); k += 1
            case "--data": data = value; k += 1
            case "--process": process = value; k += 1
            case "--depth": depth = Int(value); k += 1
            case "--machine": machine = true
            case "--help", "-h": print(Self.usage); exit(0)
            default:
                FileHandle.standardError.write(Data("bplab-bench: unknown option \(arguments[k])\n\(Self.usage)\n".utf8))
                exit(2)
            }
            k += 1
        }
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// The most memory this process has held so far, in MB (its peak resident set).
func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func report(_ workload: String, times: [Double], loss: Double?, accuracy: Double?, extra: [String: Double]) {
    var fields = ["\"impl\":\"bplab\"", "\"workload\":\"\(workload)\"", "\"process\":\"\(options.process)\"",
                  "\"median_s\":\(median(times))", "\"peak_rss_mb\":\(peakMegabytes())",
                  "\"runs\":[\(times.map { "\($0)" }.joined(separator: ","))]"]
    if let loss { fields.append("\"final_loss\":\(loss)") }
    if let accuracy { fields.append("\"accuracy\":\(accuracy)") }
    fields.append("\"extra\":{" + extra.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}")
    print("{" + fields.joined(separator: ",") + "}")
}

/// Trains a fresh copy per run; returns the times and the last run's network.
func timeTraining(runs: Int, network start: Network, data: Dataset, optimizer: OptimizerSettings,
                  options: TrainingOptions) throws -> ([Double], Network) {
    var times: [Double] = []
    var last = start
    for run in 0...runs {
        var network = start
        let trainer = try Trainer(train: data, optimizer: optimizer, shuffleSeed: 2, parameterCount: network.parameters.count)
        let t = try seconds { _ = try trainer.train(&network, options: options) }
        if run > 0 { times.append(t) }  // run 0 is the warm-up
        last = network
    }
    return (times, last)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
// As in bplab: BPLAB_KERNELS=avx2 runs the AVX2 instance on an AVX-512 machine (run.sh compares them).
if let name = ProcessInfo.processInfo.environment["BPLAB_KERNELS"], let instance = InstructionSet(rawValue: name) {
    try InstructionSet.use(instance)
}
if let depth = options.depth { try KernelTiling.use(depthTile: depth) }
if options.machine {
    let processor = Processor.current, tiling = KernelTiling.selected
    let openblas = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset"
    print("{\"impl\":\"machine\",\"processor\":\"\(processor.name)\",\"vendor\":\"\(processor.vendor)\","
          + "\"family\":\(processor.family),\"model\":\(processor.model),\"l1d_kb\":\(processor.l1dBytes / 1024),"
          + "\"cores\":\(ProcessInfo.processInfo.activeProcessorCount),\"instance\":\"\(tiling.instance.rawValue)\","
          + "\"tiling\":\"\(tiling)\",\"openblas_coretype\":\"\(openblas)\"}")
    exit(0)
}
for workload in options.workloads {
    switch workload {
    case "W1":
        let data = try Workloads.w1Data(options.data)
        let network = try Workloads.network([2, 16, 16, 1], [.tanh, .tanh, .sigmoid], loss: .mse)
        let (times, trained) = try timeTraining(runs: options.runs, network: network, data: data,
                                                optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1),
                                                options: TrainingOptions(epochs: 100, batchSize: 10, recordGradientNorms: false))
        let result = Metrics.evaluate(trained, on: data)
        report("W1", times: times, loss: result.loss, accuracy: result.accuracy,
               extra: ["steps_per_s": 10_000 / median(times), "samples_per_s": 100_000 / median(times)])
    case "W2":
        let data = try Workloads.w2Data(options.data)
        let network = try Workloads.network([64, 128, 64, 10], [.relu, .relu, .softmax], loss: .ce)
        let steps = 20.0 * Double((data.count + 31) / 32)
        let (times, trained) = try timeTraining(runs: options.runs, network: network, data: data,
                                                optimizer: OptimizerSettings(kind: .adam, learningRate: 1e-3),
                                                options: TrainingOptions(epochs: 20, batchSize: 32, recordGradientNorms: false))
        let result = Metrics.evaluate(trained, on: data)
        let flops = 6.0 * Double(data.count) * 20 * Double(64 * 128 + 128 * 64 + 64 * 10)
        report("W2", times: times, loss: result.loss, accuracy: result.accuracy,
               extra: ["steps_per_s": steps / median(times), "samples_per_s": 20 * Double(data.count) / median(times),
                       "gflops": flops / median(times) * 1e-9])
    case "W3":
        let network = try Workloads.network([16] + Array(repeating: 16, count: 99) + [1],
                                            Array(repeating: .sigmoid, count: 100), loss: .mse)
        let x = Matrix(rows: 1, columns: 16, storage: Workloads.w3Input()), e = Matrix(rows: 1, columns: 1, storage: [1])
        let pass = Propagation(shapeOf: network, capacity: 1)
        var times: [Double] = []
        let repeats = 1000
        for run in 0...options.runs {
            let t = seconds { for _ in 0..<repeats { pass.forward(network, inputs: x, targets: e); pass.backward(network) } }
            if run > 0 { times.append(t / Double(repeats)) }
        }
        let first = network.layers[0], last = network.layers[99]
        let explain = try seconds {
            for _ in 0..<100 {
                _ = try GradientExplanation(network: network, reference: .weight(layer: 1, from: 0, to: 0), inputs: x, targets: e)
            }
        } / 100
        report("W3", times: times, loss: nil, accuracy: nil,
               extra: ["norm_dW1": pass.weightGradientSquaredNorm(first).squareRoot(),
                       "norm_dW100": pass.weightGradientSquaredNorm(last).squareRoot(),
                       "grad_query_s": explain])
    case "W4":
        let data = try Workloads.w4Data()
        let network = try Workloads.network([784, 512, 512, 10], [.relu, .relu, .softmax], loss: .ce)
        let (times, trained) = try timeTraining(runs: options.runs, network: network, data: data,
                                                optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.01),
                                                options: TrainingOptions(epochs: 1, batchSize: 128, shuffle: false, recordGradientNorms: false))
        let result = Metrics.evaluate(trained, on: data)
        // Per sample: 2 flops per weight forward, 2 for dE/dW, 2 for the error sent back (not into layer 0).
        let weights = 784 * 512 + 512 * 512 + 512 * 10, firstLayer = 784 * 512
        let flops = 2.0 * 10_000 * Double(2 * weights + (weights - firstLayer))
        report("W4", times: times, loss: result.loss, accuracy: result.accuracy,
               extra: ["steps_per_s": 79 / median(times), "samples_per_s": 10_000 / median(times),
                       "gflops": flops / median(times) * 1e-9, "dgemm_ceiling_gflops": dgemmCeiling(),
                       "bplab_2048_gflops": try bplabCeiling()])
    default:
        FileHandle.standardError.write(Data("unknown workload \(workload)\n".utf8))
    }
}

/// The machine's float64 matrix-product ceiling in this run: OpenBLAS dgemm
/// on 2048 × 2048 matrices with two threads, best of three, in GFLOP/s.
func dgemmCeiling() -> Double {
    let n = 2048
    var rng = SplitMix64(seed: 6)
    let a = (0..<(n * n)).map { _ in rng.uniform01() }, b = (0..<(n * n)).map { _ in rng.uniform01() }
    var c = [Double](repeating: 0, count: n * n)
    openblas_set_num_threads(2)
    let best = (0..<3).map { _ in
        seconds {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a, Int32(n), b, Int32(n),
                        0, &c, Int32(n))
        }
    }.min()!
    return 2 * Double(n * n * n) / best * 1e-9
}

/// bplab's own products on the same 2048 × 2048 matrices: one forward pass
/// of a 2048 → 2048 linear layer over a batch of 2048 (the bias and the
/// identity activation add 2048² operations to 2048³ multiply-adds), best
/// of three, in GFLOP/s.
func bplabCeiling() throws -> Double {
    let n = 2048
    let network = try Workloads.network([n, n], [.linear], loss: .mse)
    var rng = SplitMix64(seed: 6)
    let inputs = (0..<(n * n)).map { _ in rng.uniform01() }
    let pass = Propagation(shapeOf: network, capacity: n)
    let best = (0..<3).map { _ in
        seconds { inputs.withUnsafeBufferPointer { pass.forward(network, inputs: $0.baseAddress!, count: n) } }
    }.min()!
    return 2 * Double(n * n * n) / best * 1e-9
}
