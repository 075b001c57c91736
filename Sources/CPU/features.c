#include "cpu.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

void bplab_cpu_identity(char vendor[13], int *family, int *model) {
    unsigned int eax, ebx, ecx, edx;
    memset(vendor, 0, 13);
    *family = 0;
    *model = 0;
    if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return;
    memcpy(vendor, &ebx, 4);
    memcpy(vendor + 4, &edx, 4);
    memcpy(vendor + 8, &ecx, 4);
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return;
    // The display family and model: the extended fields count from family 15 on (Intel's 6 too, for the model).
    unsigned int base_family = (eax >> 8) & 0xF, base_model = (eax >> 4) & 0xF;
    *family = (int)(base_family == 0xF ? base_family + ((eax >> 20) & 0xFF) : base_family);
    *model = (int)(base_family == 0xF || base_family == 0x6 ? base_model | (((eax >> 16) & 0xF) << 4) : base_model);
}
#else
int bplab_cpu_has_avx512(void) { return 0; }

void bplab_cpu_identity(char vendor[13], int *family, int *model) {
    memset(vendor, 0, 13);
    *family = 0;
    *model = 0;
}
#endif

/// The first line of a file of the kernel's cache description, or "".
static void read_line(const char *path, char *line, size_t size) {
    line[0] = 0;
    FILE *file = fopen(path, "r");
    if (!file) return;
    if (!fgets(line, (int)size, file)) line[0] = 0;
    fclose(file);
}

long bplab_cpu_l1d_bytes(void) {
#if defined(_SC_LEVEL1_DCACHE_SIZE)
    long bytes = sysconf(_SC_LEVEL1_DCACHE_SIZE);
    if (bytes > 0) return bytes;
#endif
    // Where the C library does not know (arm64): the kernel's description of cpu0's level-1 data cache.
    for (int index = 0; index < 4; index++) {
        char path[96], level[16], type[32], size[32];
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", index);
        read_line(path, level, sizeof level);
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", index);
        read_line(path, type, sizeof type);
        if (level[0] != '1' || strncmp(type, "Data", 4) != 0) continue;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", index);
        read_line(path, size, sizeof size);
        char *unit = size;
        long value = strtol(size, &unit, 10);
        if (value <= 0) return 0;
        return *unit == 'K' ? value * 1024 : *unit == 'M' ? value * 1024 * 1024 : value;
    }
    return 0;
}
