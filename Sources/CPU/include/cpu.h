// The processor, below what Swift reaches: which kernels it runs (chosen at
// run time, since the binary itself targets AVX2 machines) and the hint
// for spin-waiting threads.
#ifndef BPLAB_CPU_H
#define BPLAB_CPU_H

/// 1 when the AVX-512 subset the AVX512Kernels module is compiled for
/// (F, CD, BW, DQ, VL: -target-cpu skylake-avx512) can run here: the
/// processor has it and the operating system saves the zmm registers.
int bplab_cpu_has_avx512(void);

/// Tells the core this thread is spinning on a flag (x86 `pause`): where two
/// vCPUs share a physical core, the spinner then leaves its execution
/// units to the thread doing the work.
static inline void bplab_cpu_relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}

#endif
