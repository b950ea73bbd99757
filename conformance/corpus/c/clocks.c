/* clocks.c: time through wasi-libc: clock_gettime on the monotonic and realtime clocks,
 * and nanosleep, which wasi-libc implements with a poll_oneoff clock subscription.
 * Rebuild: examples/c/build.sh conformance/corpus/c */
#include <stdio.h>
#include <time.h>

#define CHECK(n, cond) do { if (!(cond)) return (n); } while (0)

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
    struct timespec a, b, r;
    CHECK(1, clock_gettime(CLOCK_REALTIME, &r) == 0 && r.tv_sec > 1600000000);
    CHECK(2, clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    struct timespec nap = {0, 20 * 1000 * 1000};
    CHECK(3, nanosleep(&nap, NULL) == 0);
    CHECK(4, clock_gettime(CLOCK_MONOTONIC, &b) == 0);
    CHECK(5, ns(b) - ns(a) >= 20 * 1000 * 1000);
    puts("clocks: ok");
    return 0;
}
