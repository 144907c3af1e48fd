// Removes the metadata (EXIF with its GPS position and camera serial, XMP, IPTC, comments,
// times) from published images without decoding their pixels. See metadata.c for what each
// format keeps and why.
#ifndef CEC_IMAGE_METADATA_H
#define CEC_IMAGE_METADATA_H

#include <stddef.h>

/// The JPEG in `data` (`size` bytes) with only its pixels (the same DCT coefficients, the
/// Huffman coding made optimal), its ICC colour profile, its JFIF/Adobe colour markers and, when
/// its EXIF orientation is not 1, an EXIF block holding nothing but that orientation; into a new
/// buffer the caller frees with free(). 0 on success; -1 with a message in `error` (256 bytes).
int cec_strip_jpeg(const void *data, size_t size, void **output, size_t *length, char *error);

/// The PNG in `data` with only the chunks that say how to show its pixels (see metadata.c) and,
/// when its EXIF orientation is not 1, an eXIf chunk holding nothing but that orientation; the
/// image data's bytes unchanged. Same conventions as cec_strip_jpeg.
int cec_strip_png(const void *data, size_t size, void **output, size_t *length, char *error);

/// The WebP in `data` without its EXIF and XMP chunks (an orientation-only EXIF when its
/// orientation is not 1), through libwebpmux; the bitstream's bytes unchanged. Same conventions
/// as cec_strip_jpeg.
int cec_strip_webp(const void *data, size_t size, void **output, size_t *length, char *error);

#endif
