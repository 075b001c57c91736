// The processor, below what Swift reaches: which kernels it runs (chosen at
// run time, since the binary itself targets AVX2 machines), what it is (for
// the tiling and the benchmark's report), a cheap clock and the hint for
// spin-waiting threads.
#ifndef BPLAB_CPU_H
#define BPLAB_CPU_H

#include <stdint.h>

/// 1 when the AVX-512 subset the AVX512Kernels module is compiled for
/// (F, CD, BW, DQ, VL: -target-cpu skylake-avx512) can run here: the
/// processor has it and the operating system saves the zmm registers.
int bplab_cpu_has_avx512(void);

/// The processor's vendor ("AuthenticAMD", "GenuineIntel", … or "" where
/// there is no cpuid) into `vendor` (13 bytes), and its display family and
/// model (0 where unknown).
void bplab_cpu_identity(char vendor[13], int *family, int *model);

/// Bytes of level-1 data cache per core, or 0 where the system does not say.
long bplab_cpu_l1d_bytes(void);

/// A cycle-rate counter that only moves forward (the TSC on x86-64, the
/// virtual counter on arm64, the monotonic clock elsewhere): for comparing
/// two short durations on one thread, not for telling time.
static inline uint64_t bplab_cpu_ticks(void) {
#if defined(__x86_64__)
    return __builtin_ia32_rdtsc();
#elif defined(__aarch64__)
    uint64_t value;
    __asm__ volatile("mrs %0, cntvct_el0" : "=r"(value));
    return value;
#else
    return 0;
#endif
}

/// Tells the core this thread is spinning on a flag (x86 `pause`): where two
/// vCPUs share a physical core, the spinner then leaves its execution
/// units to the thread doing the work.
static inline void bplab_cpu_relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}

#endif
