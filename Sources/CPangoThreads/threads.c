// Pango 1.50.0 to 1.50.12 (Debian 12 ships 1.50.12) starts two threads for every font pattern it
// has not seen before, one for FcFontSetMatch and one for FcFontSetSort, and then waits for the
// first of them before it can shape a single glyph. werkblad searches a private configuration of
// seven faces, where either search takes a few microseconds; creating, scheduling and joining the
// threads costs far more (a cold render makes ten patterns: twenty threads, about 7 % of its wall
// time, measured with strace and paired runs). Later Pango versions run these searches on one
// long-lived thread named "[pango] fontconfig" and are not affected.
//
// The executable exports this definition (--export-dynamic-symbol=g_thread_new), so that the
// dynamic linker binds libpangoft2's call to it. The two searches, recognised by the names Pango
// gives their threads, run here on the calling thread; Pango unreferences the thread it is given
// at once and never joins it, so a new reference to the calling thread stands in for it. Every
// other thread is GLib's own, made by the real g_thread_new. The search functions take no lock
// that Pango holds while starting them (they lock only the pattern's own mutex, after the search),
// and the fonts they find are the same: the PDFs are byte for byte those of the threaded searches.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include "CPangoThreads.h"

// GLib's declarations, without its headers (which need pkg-config's include paths).
typedef struct _GThread GThread;
typedef void *(*GThreadFunc)(void *data);
GThread *g_thread_self(void);
GThread *g_thread_ref(GThread *thread);

static int is_pango_font_search(const char *name) {
    static const char prefix[] = "[pango] FcFontSet";   // "...Match" and "...Sort"
    return name != NULL && strncmp(name, prefix, sizeof prefix - 1) == 0;
}

GThread *g_thread_new(const char *name, GThreadFunc func, void *data) {
    if (is_pango_font_search(name)) {
        func(data);
        return g_thread_ref(g_thread_self());
    }
    static GThread *(*glib_thread_new)(const char *, GThreadFunc, void *);
    GThread *(*real)(const char *, GThreadFunc, void *) =
        __atomic_load_n(&glib_thread_new, __ATOMIC_ACQUIRE);
    if (real == NULL) {
        real = (GThread *(*)(const char *, GThreadFunc, void *))dlsym(RTLD_NEXT, "g_thread_new");
        if (real == NULL) abort();   // GLib not loaded: cannot be, Pango links it (GLib aborts too when it cannot start a thread)
        __atomic_store_n(&glib_thread_new, real, __ATOMIC_RELEASE);
    }
    return real(name, func, data);
}
