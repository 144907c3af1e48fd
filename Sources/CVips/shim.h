// libvips through a few plain functions: its API takes options as NULL-terminated variadic
// arguments, which Swift cannot call.
#include <vips/vips.h>

static inline void cec_vips_quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain, (void)level, (void)message, (void)data;
}

/// Starts libvips (once per process) with its operation cache off, so that a file edited while
/// `cecsite serve` runs is read again; 0 on success.
static inline int cec_vips_start(void) {
    if (VIPS_INIT("cecsite")) return -1;
    vips_cache_set_max(0);
    // libvips's warnings ("heifload: ignoring nclx profile") would be printed between the
    // build's diagnostics; what matters reaches cecsite as an error.
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, cec_vips_quiet, NULL);
    return 0;
}

/// Which metadata the image file at `path` carries: 1 for EXIF, 2 for XMP, 4 for IPTC, added;
/// -1 when libvips cannot read it.
static inline int cec_vips_metadata(const char *path) {
    VipsImage *image = vips_image_new_from_file(path, NULL);
    if (!image) return -1;
    int found = (vips_image_get_typeof(image, VIPS_META_EXIF_NAME) ? 1 : 0) | (vips_image_get_typeof(image, VIPS_META_XMP_NAME) ? 2 : 0)
        | (vips_image_get_typeof(image, VIPS_META_IPTC_NAME) ? 4 : 0);
    g_object_unref(image);
    return found;
}

/// The width and height of the image file at `path` as shown (its EXIF orientation applied),
/// read from its header; 0 on success, -1 when libvips cannot read it (see cec_vips_error).
static inline int cec_vips_size(const char *path, int *width, int *height) {
    VipsImage *image = vips_image_new_from_file(path, NULL);
    if (!image) return -1;
    int w = vips_image_get_width(image), h = vips_image_get_height(image);
    if (vips_image_get_orientation_swap(image)) { int t = w; w = h; h = t; }
    *width = w;
    *height = h;
    g_object_unref(image);
    return 0;
}

/// The image in `data` (`size` bytes) scaled to `width` pixels wide (never enlarged), upright,
/// its metadata stripped, saved as PNG when `png` is non-zero and as JPEG (quality 82) otherwise
/// into a new buffer the caller frees with g_free; 0 on success.
static inline int cec_vips_resize(const void *data, size_t size, int width, int png, void **buffer, size_t *length) {
    VipsImage *out = NULL;
    if (vips_thumbnail_buffer((void *)data, size, &out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL)) return -1;
    int result = png
        ? vips_pngsave_buffer(out, buffer, length, "strip", TRUE, "compression", 9, NULL)
        : vips_jpegsave_buffer(out, buffer, length, "Q", 82, "strip", TRUE, "optimize_coding", TRUE, NULL);
    g_object_unref(out);
    return result;
}

/// The pixels of the image in `data` as stored (its orientation not applied), with its width,
/// height and EXIF orientation, into a new buffer the caller frees with g_free: tests compare two
/// files of one image with it; 0 on success.
static inline int cec_vips_pixels(const void *data, size_t size, void **pixels, size_t *length, int *width, int *height, int *orientation) {
    VipsImage *image = vips_image_new_from_buffer(data, size, "", NULL);
    if (!image) return -1;
    *width = vips_image_get_width(image);
    *height = vips_image_get_height(image);
    *orientation = vips_image_get_orientation(image);
    *pixels = vips_image_write_to_memory(image, length);
    g_object_unref(image);
    return *pixels ? 0 : -1;
}

/// The names of the metadata libvips reads from the image in `data` ("icc-profile-data",
/// "exif-ifd3-GPSLatitude", "xmp-data", "png-comment-0-Comment"…), one per line, into a new
/// string the caller frees with g_free; NULL when it cannot read it.
static inline char *cec_vips_fields(const void *data, size_t size) {
    VipsImage *image = vips_image_new_from_buffer(data, size, "", NULL);
    if (!image) return NULL;
    char **fields = vips_image_get_fields(image);
    char *joined = g_strjoinv("\n", fields);
    g_strfreev(fields);
    g_object_unref(image);
    return joined;
}

/// libvips's last error messages; cleared by cec_vips_clear_error.
static inline const char *cec_vips_error(void) { return vips_error_buffer(); }
static inline void cec_vips_clear_error(void) { vips_error_clear(); }

/// The library's version, "8.14.1": part of the key of every cached variant.
static inline const char *cec_vips_version(void) { return vips_version_string(); }
