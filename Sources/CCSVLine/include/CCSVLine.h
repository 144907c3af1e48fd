#ifndef CCSVLINE_H
#define CCSVLINE_H

#include <stddef.h>
#include <stdint.h>

/// Splits the plain CSV line at `p` (`n` bytes available): one that ends with a line feed within
/// the `n` bytes and has no quote and no carriage return before it, so that its fields are the
/// bytes between its commas. Writes the offset of each field's end (its comma, or the line feed
/// for the last) to `ends` and their number to `count`.
///
/// Returns the line's length with its line feed, or 0 when the line is not plain, runs past the
/// `n` bytes, or has more than `capacity` fields: the caller then parses it the general way.
long cecsite_csv_plain_line(const uint8_t *p, long n, int32_t *ends, int capacity, int *count);

#endif
