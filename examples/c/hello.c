/*
 * hello.c - a small C guest for wasi-run, built with zig's clang + wasi-libc.
 *
 * Shows what an ordinary C program compiled for wasm32-wasi can use through
 * the WASI preview1 host:
 *   - command-line arguments  (args_sizes_get / args_get)
 *   - environment variables   (environ_sizes_get / environ_get)
 *   - the realtime clock      (clock_time_get)
 *   - random bytes            (random_get)
 *   - writing to stdout       (fd_write)
 *   - the exit status         (proc_exit)
 * The output is deterministic (no clock values or random bytes are printed),
 * so it can be compared against an expected transcript.
 *
 * Output goes through write(2) rather than <stdio.h>: wasi-libc's stdout
 * FILE references fd_seek, which this example deliberately does not need.
 *
 * Exit status: 0 if every check passed, 3 if the clock or getentropy() failed
 * (or stdout could not be written).
 *
 * Rebuild (from any directory):   examples/c/build.sh
 * Verify committed .wasm files:   examples/c/build.sh --check
 * Which runs, for each *.c here:
 *   python3 -m ziglang cc -target wasm32-wasi -O2 -s hello.c -o hello.wasm
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int write_failed = 0;

/* Write all of s to stdout, retrying on short writes. */
static void out(const char *s) {
    size_t len = strlen(s);
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, s, len);
        if (n <= 0) {
            write_failed = 1;
            return;
        }
        s += n;
        len -= (size_t)n;
    }
}

/* Write a non-negative int in decimal. */
static void out_int(int v) {
    char buf[16];
    char *p = buf + sizeof buf;
    *--p = '\0';
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    out(p);
}

int main(int argc, char **argv) {
    int failed = 0;

    out("hello from C on wasi-run\n");

    for (int i = 0; i < argc; i++) {
        out("argv[");
        out_int(i);
        out("] = ");
        out(argv[i]);
        out("\n");
    }

    for (char **e = environ; e != NULL && *e != NULL; e++) {
        out("env: ");
        out(*e);
        out("\n");
    }

    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > 1600000000) {
        out("clock: ok\n");
    } else {
        out("clock: error\n");
        failed = 1;
    }

    unsigned char buf[16];
    if (getentropy(buf, sizeof buf) == 0) {
        out("random: ok\n");
    } else {
        out("random: error\n");
        failed = 1;
    }

    return (failed || write_failed) ? 3 : 0;
}
