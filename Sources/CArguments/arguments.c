// The command line for Swift's `CommandLine`, as glibc hands it to the program's constructors.
//
// On Linux the Swift runtime finds argv by itself: a constructor in libswiftCore's CommandLine.cpp
// reads /proc/self/maps to locate the stack and walks it back to argv, about 0.3 ms of every
// werkblad process (a tenth of its start-up before `main`). glibc already passes argc and argv to
// every function in the executable's .init_array, so the executable defines the runtime's two
// entry points itself (the declarations of SwiftShims/RuntimeStubs.h) and the static link then
// takes nothing from that member of libswiftCore.a, its constructor included.
#include <stddef.h>
#include "CArguments.h"

static char *no_arguments[] = {NULL};
static char **arguments = no_arguments;
static int argument_count = 0;

static void capture_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    if (argv != NULL) {
        arguments = argv;
        argument_count = argc;
    }
}

__attribute__((section(".init_array"), used))
static void (*const capture_arguments_entry)(int, char **, char **) = capture_arguments;

char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen) {
    *outArgLen = argument_count;
    return arguments;
}

void _swift_stdlib_overrideUnsafeArgvArgc(char **argv, int argc) {
    arguments = argv;
    argument_count = argc;
}
