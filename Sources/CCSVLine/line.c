#include "CCSVLine.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Sixteen bytes at a time with SSE2 (every x86-64 processor has it): three compares give a bit per
// byte for commas, line feeds, and quotes or carriage returns; the fields' ends are the commas'
// bits below the first line feed. A record of the bench's records file (107 bytes) is seven
// blocks; the eight-byte SWAR loop of the Swift scanner took four compares per eight bytes.
long cecsite_csv_plain_line(const uint8_t *p, long n, int32_t *ends, int capacity, int *count) {
    int fields = 0;
    long i = 0;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        unsigned commas = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
        unsigned lines = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf));
        unsigned bad = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)));
        unsigned below = lines ? (lines & -lines) - 1 : 0xFFFFu;
        if (bad & below) return 0;
        commas &= below;
        while (commas) {
            if (fields == capacity) return 0;
            ends[fields++] = (int32_t)(i + __builtin_ctz(commas));
            commas &= commas - 1;
        }
        if (lines) {
            long end = i + __builtin_ctz(lines);
            if (fields == capacity) return 0;
            ends[fields++] = (int32_t)end;
            *count = fields;
            return end + 1;
        }
    }
#endif
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
