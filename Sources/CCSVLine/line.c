#include "CCSVLine.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CECSITE_AVX2 1
#endif

// The bytes from `i` on, one at a time: the tail of the line shorter than a vector, or the whole
// line where there are no vectors.
static long plain_tail(const uint8_t *p, long i, long n, int fields, int32_t *ends, int capacity, int *count) {
    for (; i < n; i++) {
        uint8_t c = p[i];
        if (c == ',') {
            if (fields == capacity) return 0;
            ends[fields++] = (int32_t)i;
        } else if (c == '\n') {
            if (fields == capacity) return 0;
            ends[fields++] = (int32_t)i;
            *count = fields;
            return i + 1;
        } else if (c == '"' || c == '\r') {
            return 0;
        }
    }
    return 0;
}

// One block's bits: the commas below the first line feed become field ends; a quote or a carriage
// return below it makes the line not plain. Returns 1 when the line ends in this block, -1 when
// it is not plain (or has too many fields), 0 to go on.
#define CECSITE_BLOCK(MASK_T, ALL, commas, lines, bad)                                  \
    do {                                                                               \
        MASK_T below = (lines) ? ((lines) & (MASK_T)(0 - (lines))) - 1 : (ALL);        \
        if ((bad) & below) return 0;                                                   \
        MASK_T c_ = (commas) & below;                                                  \
        while (c_) {                                                                   \
            if (fields == capacity) return 0;                                          \
            ends[fields++] = (int32_t)(i + __builtin_ctz(c_));                         \
            c_ &= c_ - 1;                                                              \
        }                                                                              \
        if (lines) {                                                                   \
            long end_ = i + __builtin_ctz(lines);                                      \
            if (fields == capacity) return 0;                                          \
            ends[fields++] = (int32_t)end_;                                            \
            *count = fields;                                                           \
            return end_ + 1;                                                           \
        }                                                                              \
    } while (0)

// Sixteen bytes at a time with SSE2 (every x86-64 processor has it): three compares give a bit per
// byte for commas, line feeds, and quotes or carriage returns; the fields' ends are the commas'
// bits below the first line feed. A record of the bench's records file (107 bytes) is seven
// blocks; the eight-byte SWAR loop of the Swift scanner took four compares per eight bytes.
static long plain_line_sse2(const uint8_t *p, long n, int32_t *ends, int capacity, int *count) {
    int fields = 0;
    long i = 0;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        unsigned commas = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
        unsigned lines = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf));
        unsigned bad = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)));
        CECSITE_BLOCK(unsigned, 0xFFFFu, commas, lines, bad);
    }
#endif
    return plain_tail(p, i, n, fields, ends, capacity, count);
}

#if defined(CECSITE_AVX2)
// The same thirty-two bytes at a time, on processors with AVX2 (chosen once, at the first line).
__attribute__((target("avx2"))) static long plain_line_avx2(const uint8_t *p, long n, int32_t *ends, int capacity, int *count) {
    int fields = 0;
    long i = 0;
    const __m256i comma = _mm256_set1_epi8(','), lf = _mm256_set1_epi8('\n'), quote = _mm256_set1_epi8('"'), cr = _mm256_set1_epi8('\r');
    for (; i + 32 <= n; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + i));
        unsigned commas = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, comma));
        unsigned lines = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, lf));
        unsigned bad = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, cr)));
        CECSITE_BLOCK(unsigned, 0xFFFFFFFFu, commas, lines, bad);
    }
    return plain_tail(p, i, n, fields, ends, capacity, count);
}

// 0 until the first call, then 1 for SSE2 or 2 for AVX2 (every thread finds the same value).
static int chosen;
#endif

long cecsite_csv_plain_line(const uint8_t *p, long n, int32_t *ends, int capacity, int *count) {
#if defined(CECSITE_AVX2)
    int kind = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (kind == 0) {
        __builtin_cpu_init();
        kind = __builtin_cpu_supports("avx2") ? 2 : 1;
        __atomic_store_n(&chosen, kind, __ATOMIC_RELAXED);
    }
    if (kind == 2) return plain_line_avx2(p, n, ends, capacity, count);
#endif
    return plain_line_sse2(p, n, ends, capacity, count);
}
