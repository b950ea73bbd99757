// readdir.c: lists the preopened directory (fd 3) by calling fd_readdir directly, with a
// deliberately small 64-byte buffer so that entries are cut at the end of the buffer and the
// listing has to resume from a cookie. Prints the names sorted (a directory's order is the
// filesystem's own).
//
//   mkdir -p /tmp/list/sub && touch /tmp/list/a.txt /tmp/list/b.txt
//   cargo run --release -q -p wasi-run -- --dir /tmp/list::/list examples/c/readdir.wasm
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define BUF_LEN 64
#define MAX_NAMES 256

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
    static uint8_t buf[BUF_LEN];
    char *names[MAX_NAMES];
    int count = 0;
    __wasi_dircookie_t cookie = 0; // 0: from the start
    for (;;) {
        __wasi_size_t used = 0;
        __wasi_errno_t err = __wasi_fd_readdir(3, buf, BUF_LEN, cookie, &used);
        if (err != 0) {
            fprintf(stderr, "fd_readdir: errno %d\n", err);
            return 1;
        }
        size_t at = 0;
        int whole = 0;
        // Each entry: a 24-byte header, then d_namlen bytes of name (no NUL).
        while (at + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, buf + at, sizeof d); // the buffer has no alignment
            if (at + sizeof d + d.d_namlen > used) {
                break; // the name is cut: ask again from this entry's cookie
            }
            if (count < MAX_NAMES) {
                names[count++] = strndup((const char *)buf + at + sizeof d, d.d_namlen);
            }
            cookie = d.d_next; // where the entry after this one starts
            at += sizeof d + d.d_namlen;
            whole++;
        }
        if (used < BUF_LEN) {
            break; // a buffer not filled to the end: the directory is done
        }
        if (whole == 0) {
            fprintf(stderr, "an entry does not fit in %d bytes\n", BUF_LEN);
            return 1;
        }
    }
    qsort(names, count, sizeof names[0], by_name);
    printf("%d entries:\n", count);
    for (int i = 0; i < count; i++) {
        printf("  %s\n", names[i]);
    }
    return 0;
}
