import Foundation
import Testing
import TestSupport

/// A training step allocates nothing: the same `train` over 2 and over 200
/// batches must call malloc about as often. bplab runs with a malloc counter
/// preloaded (compiled here from a few lines of C), so every allocation
/// counts: Swift objects, arrays, closures made escaping, the C library's.
@Suite struct AllocationTests {
    static let counter = """
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <stdio.h>
        #include <stdlib.h>
        static unsigned long count;
        static void *(*next_malloc)(size_t);
        void *malloc(size_t size) {
            if (!next_malloc) next_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
            count++;
            return next_malloc(size);
        }
        __attribute__((destructor)) static void report(void) { fprintf(stderr, "mallocs: %lu\\n", count); }
        """

    /// Builds the counter with the Swift toolchain's clang into a temporary
    /// folder; returns the library's path.
    static func buildCounter() throws -> String {
        let folder = try Support.temporaryDirectory("malloc")
        let source = folder.appendingPathComponent("count.c"), library = folder.appendingPathComponent("count.so")
        try counter.write(to: source, atomically: true, encoding: .utf8)
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        compiler.arguments = ["clang", "-shared", "-fPIC", "-O2", "-o", library.path, source.path, "-ldl"]
        try compiler.run()
        compiler.waitUntilExit()
        try #require(compiler.terminationStatus == 0, "clang (from the Swift toolchain) could not build the malloc counter")
        return library.path
    }

    static func mallocs(samples: Int, library: String) throws -> Int {
        // 96-wide layers: the products and Adam's update are split across two cores too.
        let run = try ExecutableTests.run(["-c", "data spiral n=\(samples) seed=1; net 2 96:tanh 96:relu 1:sigmoid; "
                                               + "train 1 batch=100 opt=adam"],
                                          environment: ["LD_PRELOAD": library])
        #expect(run.status == 0, "\(run.errors)")
        let line = try #require(run.errors.split(separator: "\n").last { $0.hasPrefix("mallocs: ") })
        return try #require(Int(line.dropFirst("mallocs: ".count)))
    }

    @Test func trainingStepsAllocateNothing() throws {
        let library = try Self.buildCounter()
        defer { try? FileManager.default.removeItem(atPath: (library as NSString).deletingLastPathComponent) }
        let twoSteps = try Self.mallocs(samples: 200, library: library)
        let twoHundredSteps = try Self.mallocs(samples: 20_000, library: library)
        // Generating 100 times more samples may allocate a little; 198 more steps may not.
        #expect(twoHundredSteps - twoSteps < 50, "\(twoSteps) mallocs for 2 steps, \(twoHundredSteps) for 200")
    }
}
