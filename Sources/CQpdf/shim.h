// libqpdf C API: the PDF object work for archive and form output (PDF/A metadata, output
// intent, structure, form fields). Only those passes need it, so werkblad does not link it:
// loading libqpdf and its dependencies (libstdc++'s symbols, gnutls, nettle, gmp, libjpeg)
// costs every process about 11 million instructions, also `check`, `blank` and print output.
// It is opened with dlopen on first use instead, and its functions found by name; a direct call
// would not link, so every call goes through `werkblad_qpdf`.
#include <qpdf/qpdf-c.h>
#include <dlfcn.h>

// Every libqpdf function werkblad calls.
#define WERKBLAD_QPDF_FUNCTIONS(X) \
    X(qpdf_cleanup) \
    X(qpdf_get_buffer) \
    X(qpdf_get_buffer_length) \
    X(qpdf_get_error) \
    X(qpdf_get_error_full_text) \
    X(qpdf_get_num_pages) \
    X(qpdf_get_object_by_id) \
    X(qpdf_get_page_n) \
    X(qpdf_get_root) \
    X(qpdf_get_trailer) \
    X(qpdf_has_error) \
    X(qpdf_init) \
    X(qpdf_init_write_memory) \
    X(qpdf_make_indirect_object) \
    X(qpdf_oh_append_item) \
    X(qpdf_oh_get_array_item) \
    X(qpdf_oh_get_array_n_items) \
    X(qpdf_oh_get_dict) \
    X(qpdf_oh_get_int_value) \
    X(qpdf_oh_get_int_value_as_int) \
    X(qpdf_oh_get_key) \
    X(qpdf_oh_get_name) \
    X(qpdf_oh_get_object_id) \
    X(qpdf_oh_get_page_content_data) \
    X(qpdf_oh_get_utf8_value) \
    X(qpdf_oh_has_key) \
    X(qpdf_oh_is_array) \
    X(qpdf_oh_is_dictionary) \
    X(qpdf_oh_is_dictionary_of_type) \
    X(qpdf_oh_is_indirect) \
    X(qpdf_oh_is_integer) \
    X(qpdf_oh_is_name) \
    X(qpdf_oh_is_null) \
    X(qpdf_oh_is_or_has_name) \
    X(qpdf_oh_is_stream) \
    X(qpdf_oh_is_string) \
    X(qpdf_oh_new_array) \
    X(qpdf_oh_new_bool) \
    X(qpdf_oh_new_dictionary) \
    X(qpdf_oh_new_integer) \
    X(qpdf_oh_new_name) \
    X(qpdf_oh_new_null) \
    X(qpdf_oh_new_real_from_double) \
    X(qpdf_oh_new_stream) \
    X(qpdf_oh_new_string) \
    X(qpdf_oh_new_unicode_string) \
    X(qpdf_oh_release) \
    X(qpdf_oh_remove_key) \
    X(qpdf_oh_replace_key) \
    X(qpdf_oh_replace_stream_data) \
    X(qpdf_read_memory) \
    X(qpdf_remove_page) \
    X(qpdf_set_compress_streams) \
    X(qpdf_set_deterministic_ID) \
    X(qpdf_set_newline_before_endstream) \
    X(qpdf_set_object_stream_mode) \
    X(qpdf_set_suppress_warnings) \
    X(qpdf_silence_errors) \
    X(qpdf_write)

// One field per function, with the function's own type, named as the function.
typedef struct {
#define WERKBLAD_QPDF_FIELD(name) __typeof__(&name) _Nonnull name;
    WERKBLAD_QPDF_FUNCTIONS(WERKBLAD_QPDF_FIELD)
#undef WERKBLAD_QPDF_FIELD
} werkblad_qpdf;

// Opens libqpdf and finds every function; NULL (dlerror() says why) when one is missing.
// Call it once (Swift's lazy static does).
static inline const werkblad_qpdf *_Nullable werkblad_qpdf_open(void) {
    static werkblad_qpdf functions;
    void *library = dlopen("libqpdf.so.29", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libqpdf.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) return NULL;
#define WERKBLAD_QPDF_FIND(name) if (!(*(void **)&functions.name = dlsym(library, #name))) return NULL;
    WERKBLAD_QPDF_FUNCTIONS(WERKBLAD_QPDF_FIND)
#undef WERKBLAD_QPDF_FIND
    return &functions;
}

// dlerror()'s text, or NULL.
static inline const char *_Nullable werkblad_qpdf_open_error(void) { return dlerror(); }
