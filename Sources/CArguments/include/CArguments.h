// The process's command line for the Swift runtime (see arguments.c); nothing to call from Swift.
#ifndef WERKBLAD_CARGUMENTS_H
#define WERKBLAD_CARGUMENTS_H
#endif
