#include "cpu.h"

#if defined(__x86_64__)
#include <cpuid.h>

int bplab_cpu_has_avx512(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE)) return 0;
    // XCR0: the OS saves SSE and AVX state (bits 1, 2) and the three AVX-512 parts (5, 6, 7).
    unsigned int xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int needed = bit_AVX512F | bit_AVX512CD | bit_AVX512BW | bit_AVX512DQ | bit_AVX512VL;
    return (ebx & needed) == needed;
}
#else
int bplab_cpu_has_avx512(void) { return 0; }
#endif
