// Pango's font searches on the calling thread: see threads.c. Nothing to call; the definition of
// g_thread_new in threads.c takes effect where the executable exports it (Package.swift).
#ifndef WERKBLAD_CPANGOTHREADS_H
#define WERKBLAD_CPANGOTHREADS_H
#endif
