// Published photos carry no metadata: a phone's EXIF holds where the photo was taken (GPS),
// the camera's serial number and the time; XMP and IPTC hold names and places. The pixels are
// not decoded and encoded again, so nothing of the image is lost:
//
// - JPEG through libjpeg-turbo's coefficient API (jpeg_read_coefficients /
//   jpeg_write_coefficients, what `jpegtran -copy none` does): the same DCT coefficients and
//   quantisation tables, so the same pixels; the Huffman coding is made optimal, which mostly
//   makes the file smaller. Debian's libjpeg62-turbo-dev does not install transupp.h (the
//   lossless rotations of jpegtran), so an image is never turned here.
// - WebP through libwebpmux: its EXIF and XMP chunks are deleted; the bitstream is kept.
// - PNG by keeping only the chunks that say how to show the pixels, byte for byte. libpng
//   (Debian's libpng-dev) can only write a PNG by compressing its pixels again; it has no way to
//   copy the image data as it is, so these few lines walk the chunks (length, type, data, CRC).
//
// The ICC colour profile is kept. The EXIF orientation is the one piece of metadata that
// changes how a photo is shown (a phone held upright writes 6: "turn 90° clockwise"), and
// browsers follow it; turning the pixels instead would mean a lossy JPEG encoding, so an image
// whose orientation is not 1 keeps a new EXIF block with that one entry, made by libexif (which
// also reads it, as libvips does when it measures the image).
#include "CImageMetadata.h"

#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>
#include <libexif/exif-data.h>
#include <webp/mux.h>
#include <zlib.h>

static const unsigned char exif_header[6] = {'E', 'x', 'i', 'f', 0, 0};

static int fail(char *error, const char *message) {
    snprintf(error, 256, "%s", message);
    return -1;
}

// The orientation (1–8) in an EXIF block that starts with "Exif\0\0"; 1 when it has none.
static int exif_orientation(const unsigned char *exif, size_t size) {
    if (size < sizeof exif_header || size > UINT_MAX) return 1;
    ExifData *data = exif_data_new();
    if (!data) return 1;
    exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_load_data(data, exif, (unsigned int)size);
    int orientation = 1;
    ExifEntry *entry = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (entry && entry->format == EXIF_FORMAT_SHORT && entry->components >= 1 && entry->data && entry->size >= 2)
        orientation = exif_get_short(entry->data, exif_data_get_byte_order(data));
    exif_data_unref(data);
    return orientation >= 1 && orientation <= 8 ? orientation : 1;
}

// The orientation in a raw EXIF payload (a PNG eXIf or WebP EXIF chunk: TIFF data, which some
// writers put after an "Exif\0\0" header).
static int payload_orientation(const unsigned char *payload, size_t size) {
    if (size >= sizeof exif_header && memcmp(payload, exif_header, sizeof exif_header) == 0) return exif_orientation(payload, size);
    if (size > 1 << 24) return 1;
    unsigned char *block = malloc(size + sizeof exif_header);
    if (!block) return 1;
    memcpy(block, exif_header, sizeof exif_header);
    memcpy(block + sizeof exif_header, payload, size);
    int orientation = exif_orientation(block, size + sizeof exif_header);
    free(block);
    return orientation;
}

// An EXIF block ("Exif\0\0", then TIFF data) whose one entry is `orientation`, made by libexif;
// the caller frees it. NULL when out of memory.
static unsigned char *orientation_exif(int orientation, unsigned int *size) {
    ExifData *data = exif_data_new();
    if (!data) return NULL;
    exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_set_byte_order(data, EXIF_BYTE_ORDER_MOTOROLA);
    ExifEntry *entry = exif_entry_new();
    if (!entry) {
        exif_data_unref(data);
        return NULL;
    }
    exif_content_add_entry(data->ifd[EXIF_IFD_0], entry);
    exif_entry_initialize(entry, EXIF_TAG_ORIENTATION);
    unsigned char *block = NULL;
    *size = 0;
    if (entry->data && entry->size >= 2) {
        exif_set_short(entry->data, EXIF_BYTE_ORDER_MOTOROLA, (ExifShort)orientation);
        exif_data_save_data(data, &block, size);
    }
    exif_entry_unref(entry);
    exif_data_unref(data);
    if (block && *size <= sizeof exif_header) {
        free(block);
        block = NULL;
    }
    return block;
}

// MARK: JPEG

// libjpeg reports a fatal error by calling error_exit, which must not return: it jumps back.
struct jpeg_failure {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static void jpeg_failed(j_common_ptr info) {
    struct jpeg_failure *failure = (struct jpeg_failure *)info->err;
    (*info->err->format_message)(info, failure->message);
    longjmp(failure->jump, 1);
}

// Warnings (a damaged but readable file) are not printed: the image is published as it shows.
static void jpeg_quiet(j_common_ptr info, int level) {
    (void)info;
    (void)level;
}

// The output in a buffer this file owns (libjpeg's jpeg_mem_dest frees and replaces its
// buffer as it grows, which cannot be cleaned up after an error).
struct jpeg_sink {
    struct jpeg_destination_mgr manager;
    unsigned char *bytes;
    size_t capacity, size;
};

static void sink_start(j_compress_ptr info) {
    struct jpeg_sink *sink = (struct jpeg_sink *)info->dest;
    sink->manager.next_output_byte = sink->bytes;
    sink->manager.free_in_buffer = sink->capacity;
}

static boolean sink_grow(j_compress_ptr info) {
    struct jpeg_sink *sink = (struct jpeg_sink *)info->dest;
    size_t capacity = sink->capacity * 2;
    unsigned char *bytes = realloc(sink->bytes, capacity);
    if (!bytes) ERREXIT1(info, JERR_OUT_OF_MEMORY, 0);
    sink->bytes = bytes;
    sink->manager.next_output_byte = bytes + sink->capacity;
    sink->manager.free_in_buffer = capacity - sink->capacity;
    sink->capacity = capacity;
    return TRUE;
}

static void sink_end(j_compress_ptr info) {
    struct jpeg_sink *sink = (struct jpeg_sink *)info->dest;
    sink->size = sink->capacity - sink->manager.free_in_buffer;
}

// Everything libjpeg may leave behind when it jumps out, in memory the jump does not undo.
struct jpeg_state {
    struct jpeg_decompress_struct source;
    struct jpeg_compress_struct target;
    struct jpeg_failure failure;
    struct jpeg_sink sink;
    JOCTET *icc;
    unsigned char *exif;
};

static int strip_jpeg(struct jpeg_state *s, const void *data, size_t size, void **output, size_t *length, char *error) {
    if (size > ULONG_MAX) return fail(error, "the file is too large");
    s->source.err = jpeg_std_error(&s->failure.manager);
    s->failure.manager.error_exit = jpeg_failed;
    s->failure.manager.emit_message = jpeg_quiet;
    s->target.err = &s->failure.manager;
    if (setjmp(s->failure.jump)) {
        jpeg_destroy_compress(&s->target);
        jpeg_destroy_decompress(&s->source);
        free(s->sink.bytes);
        free(s->icc);
        free(s->exif);
        return fail(error, s->failure.message);
    }
    jpeg_create_decompress(&s->source);
    jpeg_create_compress(&s->target);
    jpeg_mem_src(&s->source, data, (unsigned long)size);
    jpeg_save_markers(&s->source, JPEG_APP0 + 1, 0xFFFF);  // EXIF, for its orientation
    jpeg_save_markers(&s->source, JPEG_APP0 + 2, 0xFFFF);  // the ICC profile
    jpeg_read_header(&s->source, TRUE);
    jvirt_barray_ptr *coefficients = jpeg_read_coefficients(&s->source);
    jpeg_copy_critical_parameters(&s->source, &s->target);
    s->target.optimize_coding = TRUE;
    if (s->source.progressive_mode) jpeg_simple_progression(&s->target);

    s->sink.capacity = size + 4096;
    s->sink.bytes = malloc(s->sink.capacity);
    if (!s->sink.bytes) ERREXIT1(&s->target, JERR_OUT_OF_MEMORY, 0);
    s->sink.manager.init_destination = sink_start;
    s->sink.manager.empty_output_buffer = sink_grow;
    s->sink.manager.term_destination = sink_end;
    s->target.dest = &s->sink.manager;
    // Writes SOI and the JFIF or Adobe marker; the markers below follow them.
    jpeg_write_coefficients(&s->target, coefficients);

    int orientation = 1;
    for (jpeg_saved_marker_ptr marker = s->source.marker_list; marker; marker = marker->next) {
        if (marker->marker == JPEG_APP0 + 1 && marker->data_length >= sizeof exif_header
            && memcmp(marker->data, exif_header, sizeof exif_header) == 0) {
            orientation = exif_orientation(marker->data, marker->data_length);
            break;
        }
    }
    if (orientation != 1) {
        unsigned int exif_size = 0;
        s->exif = orientation_exif(orientation, &exif_size);
        if (!s->exif) ERREXIT1(&s->target, JERR_OUT_OF_MEMORY, 1);
        jpeg_write_marker(&s->target, JPEG_APP0 + 1, s->exif, exif_size);
    }
    unsigned int icc_size = 0;
    if (jpeg_read_icc_profile(&s->source, &s->icc, &icc_size)) jpeg_write_icc_profile(&s->target, s->icc, icc_size);

    jpeg_finish_compress(&s->target);
    jpeg_finish_decompress(&s->source);
    jpeg_destroy_compress(&s->target);
    jpeg_destroy_decompress(&s->source);
    free(s->icc);
    free(s->exif);
    *output = s->sink.bytes;
    *length = s->sink.size;
    return 0;
}

int cec_strip_jpeg(const void *data, size_t size, void **output, size_t *length, char *error) {
    struct jpeg_state *state = calloc(1, sizeof(struct jpeg_state));
    if (!state) return fail(error, "out of memory");
    int result = strip_jpeg(state, data, size, output, length, error);
    free(state);
    return result;
}

// MARK: PNG

// The chunks kept: the critical ones, transparency, colour (cHRM, gAMA, iCCP, sBIT, sRGB, cICP,
// mDCv, cLLi), the pixels' aspect (pHYs) and animation (APNG). Every other chunk is dropped:
// text (tEXt, zTXt, iTXt: author, software, often a path), eXIf, tIME and private chunks.
static const char *const png_kept[] = {
    "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT",
    "sRGB", "cICP", "mDCv", "cLLi", "pHYs", "acTL", "fcTL", "fdAT",
};

static uint32_t be32(const unsigned char *bytes) {
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

static void put_be32(unsigned char *bytes, uint32_t value) {
    bytes[0] = (unsigned char)(value >> 24);
    bytes[1] = (unsigned char)(value >> 16);
    bytes[2] = (unsigned char)(value >> 8);
    bytes[3] = (unsigned char)value;
}

int cec_strip_png(const void *data, size_t size, void **output, size_t *length, char *error) {
    static const unsigned char signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    const unsigned char *bytes = data;
    if (size < sizeof signature || memcmp(bytes, signature, sizeof signature) != 0) return fail(error, "it does not start as a PNG file does");
    // First the chunks' frame, and the orientation of an eXIf chunk before the image data.
    int orientation = 1, ended = 0, seen_data = 0;
    for (size_t at = sizeof signature; at < size;) {
        if (size - at < 12) return fail(error, "a chunk runs past the end of the file");
        uint32_t chunk = be32(bytes + at);
        if (chunk > size - at - 12) return fail(error, "a chunk runs past the end of the file");
        const unsigned char *type = bytes + at + 4;
        if (memcmp(type, "IDAT", 4) == 0) seen_data = 1;
        if (memcmp(type, "eXIf", 4) == 0 && !seen_data) orientation = payload_orientation(type + 4, chunk);
        int kept = 0;
        for (size_t i = 0; i < sizeof png_kept / sizeof *png_kept; i++) kept |= memcmp(type, png_kept[i], 4) == 0;
        // A critical chunk (upper-case first letter) that is not known cannot be dropped.
        if (!kept && type[0] >= 'A' && type[0] <= 'Z') {
            int letters = 1;
            for (int i = 0; i < 4; i++) letters &= (type[i] >= 'A' && type[i] <= 'Z') || (type[i] >= 'a' && type[i] <= 'z');
            if (!letters) return fail(error, "a chunk's type is not four letters");
            snprintf(error, 256, "it has a critical chunk '%.4s' that cecsite does not know (Apple's CgBI PNGs are such: export the image again)", (const char *)type);
            return -1;
        }
        at += 12 + (size_t)chunk;
        if (memcmp(type, "IEND", 4) == 0) {
            ended = 1;
            break;
        }
    }
    if (!ended) return fail(error, "it ends before its last chunk (IEND)");

    unsigned char *exif = NULL;
    unsigned int exif_size = 0;
    if (orientation != 1 && !(exif = orientation_exif(orientation, &exif_size))) return fail(error, "out of memory");
    unsigned char *out = malloc(size + exif_size + 12);
    if (!out) {
        free(exif);
        return fail(error, "out of memory");
    }
    memcpy(out, signature, sizeof signature);
    size_t written = sizeof signature;
    for (size_t at = sizeof signature;;) {
        uint32_t chunk = be32(bytes + at);
        const unsigned char *type = bytes + at + 4;
        if (exif && memcmp(type, "IDAT", 4) == 0) {
            // The eXIf chunk holds the TIFF data without the "Exif\0\0" header; it must come
            // before the image data.
            uint32_t payload = exif_size - (uint32_t)sizeof exif_header;
            put_be32(out + written, payload);
            memcpy(out + written + 4, "eXIf", 4);
            memcpy(out + written + 8, exif + sizeof exif_header, payload);
            put_be32(out + written + 8 + payload, (uint32_t)crc32(0, out + written + 4, payload + 4));
            written += 12 + payload;
            free(exif);
            exif = NULL;
        }
        int kept = 0;
        for (size_t i = 0; i < sizeof png_kept / sizeof *png_kept; i++) kept |= memcmp(type, png_kept[i], 4) == 0;
        if (kept) {
            memcpy(out + written, bytes + at, 12 + (size_t)chunk);
            written += 12 + (size_t)chunk;
        }
        at += 12 + (size_t)chunk;
        if (memcmp(type, "IEND", 4) == 0) break;
    }
    free(exif);
    *output = out;
    *length = written;
    return 0;
}

// MARK: WebP

int cec_strip_webp(const void *data, size_t size, void **output, size_t *length, char *error) {
    WebPData input = {data, size};
    WebPMux *mux = WebPMuxCreate(&input, 0);
    if (!mux) return fail(error, "libwebpmux cannot read it as a WebP file");
    int orientation = 1;
    WebPData exif;
    if (WebPMuxGetChunk(mux, "EXIF", &exif) == WEBP_MUX_OK) orientation = payload_orientation(exif.bytes, exif.size);
    WebPMuxDeleteChunk(mux, "EXIF");
    WebPMuxDeleteChunk(mux, "XMP ");
    if (orientation != 1) {
        unsigned int block_size = 0;
        unsigned char *block = orientation_exif(orientation, &block_size);
        if (!block) {
            WebPMuxDelete(mux);
            return fail(error, "out of memory");
        }
        WebPData chunk = {block + sizeof exif_header, block_size - sizeof exif_header};
        WebPMuxError status = WebPMuxSetChunk(mux, "EXIF", &chunk, 1);
        free(block);
        if (status != WEBP_MUX_OK) {
            WebPMuxDelete(mux);
            return fail(error, "libwebpmux cannot add the orientation");
        }
    }
    WebPData assembled;
    WebPDataInit(&assembled);
    WebPMuxError status = WebPMuxAssemble(mux, &assembled);
    WebPMuxDelete(mux);
    if (status != WEBP_MUX_OK) return fail(error, "libwebpmux cannot write it again");
    unsigned char *out = malloc(assembled.size ? assembled.size : 1);
    if (!out) {
        WebPDataClear(&assembled);
        return fail(error, "out of memory");
    }
    memcpy(out, assembled.bytes, assembled.size);
    *output = out;
    *length = assembled.size;
    WebPDataClear(&assembled);
    return 0;
}
