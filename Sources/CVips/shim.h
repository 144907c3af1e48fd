// libvips through a few plain functions: its API takes options as NULL-terminated variadic
// arguments, which Swift cannot call.
//
// libvips is opened with dlopen when an image is first read, not linked: linked, it brought about
// a hundred libraries (GIO, Pango, Cairo, GnuTLS, HDF5, OpenEXR…) into every cecsite process,
// 20–25 ms of dynamic loading and 22 MB of memory before `main`, also for commands that never
// read an image (`cecsite aggregate`; measured in BENCHMARKS.md, 2026-12-07). Only its header
// is used at compile time, for the types and the functions' signatures.
#include <dlfcn.h>
#include <vips/vips.h>

/// The libvips library, opened once per process (thread-safe: dlopen counts the references);
/// NULL when it cannot be loaded (see cec_vips_error).
static inline void *cec_vips_library(void) {
    static void *handle;
    void *found = __atomic_load_n(&handle, __ATOMIC_ACQUIRE);
    if (!found) {
#ifdef __APPLE__
        found = dlopen("libvips.42.dylib", RTLD_NOW | RTLD_GLOBAL);
#else
        found = dlopen("libvips.so.42", RTLD_NOW | RTLD_GLOBAL);
#endif
        if (found) __atomic_store_n(&handle, found, __ATOMIC_RELEASE);
    }
    return found;
}

/// The libvips function `name`, with its own signature; callers first check that the library
/// is there (cec_vips_start).
#define CEC_VIPS(name) ((__typeof__(&name))dlsym(cec_vips_library(), #name))

static inline void cec_vips_quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain, (void)level, (void)message, (void)data;
}

/// Starts libvips (once per process) with its operation cache off, so that a file edited while
/// `cecsite serve` runs is read again; 0 on success.
static inline int cec_vips_start(void) {
    if (!cec_vips_library()) return -1;
    // VIPS_INIT's check: the library's ABI is the one of the header compiled against.
    int (*version)(int) = CEC_VIPS(vips_version);
    if (version(3) - version(5) != VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE) return -1;
    if (CEC_VIPS(vips_init)("cecsite")) return -1;
    CEC_VIPS(vips_cache_set_max)(0);
    // libvips's warnings ("heifload: ignoring nclx profile") would be printed between the
    // build's diagnostics; what matters reaches cecsite as an error.
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, cec_vips_quiet, NULL);
    return 0;
}

/// Which metadata the image file at `path` carries: 1 for EXIF, 2 for XMP, 4 for IPTC, added;
/// -1 when libvips cannot read it.
static inline int cec_vips_metadata(const char *path) {
    VipsImage *image = CEC_VIPS(vips_image_new_from_file)(path, NULL);
    if (!image) return -1;
    GType (*type)(const VipsImage *, const char *) = CEC_VIPS(vips_image_get_typeof);
    int found = (type(image, VIPS_META_EXIF_NAME) ? 1 : 0) | (type(image, VIPS_META_XMP_NAME) ? 2 : 0) | (type(image, VIPS_META_IPTC_NAME) ? 4 : 0);
    g_object_unref(image);
    return found;
}

/// The width and height of the image file at `path` as shown (its EXIF orientation applied),
/// read from its header; 0 on success, -1 when libvips cannot read it (see cec_vips_error).
static inline int cec_vips_size(const char *path, int *width, int *height) {
    VipsImage *image = CEC_VIPS(vips_image_new_from_file)(path, NULL);
    if (!image) return -1;
    int w = CEC_VIPS(vips_image_get_width)(image), h = CEC_VIPS(vips_image_get_height)(image);
    if (CEC_VIPS(vips_image_get_orientation_swap)(image)) { int t = w; w = h; h = t; }
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
    if (CEC_VIPS(vips_thumbnail_buffer)((void *)data, size, &out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL)) return -1;
    int result = png
        ? CEC_VIPS(vips_pngsave_buffer)(out, buffer, length, "strip", TRUE, "compression", 9, NULL)
        : CEC_VIPS(vips_jpegsave_buffer)(out, buffer, length, "Q", 82, "strip", TRUE, "optimize_coding", TRUE, NULL);
    g_object_unref(out);
    return result;
}

/// The pixels of the image in `data` as stored (its orientation not applied), with its width,
/// height and EXIF orientation, into a new buffer the caller frees with g_free: tests compare two
/// files of one image with it; 0 on success.
static inline int cec_vips_pixels(const void *data, size_t size, void **pixels, size_t *length, int *width, int *height, int *orientation) {
    if (!cec_vips_library()) return -1;
    VipsImage *image = CEC_VIPS(vips_image_new_from_buffer)(data, size, "", NULL);
    if (!image) return -1;
    *width = CEC_VIPS(vips_image_get_width)(image);
    *height = CEC_VIPS(vips_image_get_height)(image);
    *orientation = CEC_VIPS(vips_image_get_orientation)(image);
    *pixels = CEC_VIPS(vips_image_write_to_memory)(image, length);
    g_object_unref(image);
    return *pixels ? 0 : -1;
}

/// The names of the metadata libvips reads from the image in `data` ("icc-profile-data",
/// "exif-ifd3-GPSLatitude", "xmp-data", "png-comment-0-Comment"…), one per line, into a new
/// string the caller frees with g_free; NULL when it cannot read it.
static inline char *cec_vips_fields(const void *data, size_t size) {
    if (!cec_vips_library()) return NULL;
    VipsImage *image = CEC_VIPS(vips_image_new_from_buffer)(data, size, "", NULL);
    if (!image) return NULL;
    char **fields = CEC_VIPS(vips_image_get_fields)(image);
    char *joined = g_strjoinv("\n", fields);
    g_strfreev(fields);
    g_object_unref(image);
    return joined;
}

/// libvips's last error messages (or why the library could not be loaded); cleared by
/// cec_vips_clear_error.
static inline const char *cec_vips_error(void) {
    if (!cec_vips_library()) {
        const char *why = dlerror();
        return why ? why : "libvips cannot be loaded; install libvips";
    }
    return CEC_VIPS(vips_error_buffer)();
}
static inline void cec_vips_clear_error(void) {
    if (cec_vips_library()) CEC_VIPS(vips_error_clear)();
}

/// The library's version, "8.14.1": part of the key of every cached variant.
static inline const char *cec_vips_version(void) { return cec_vips_library() ? CEC_VIPS(vips_version_string)() : ""; }
