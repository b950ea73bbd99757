/* errno.c: the errno values a C program sees for the usual mistakes, through wasi-libc
 * (which hands WASI errnos through unchanged). Exits with the number of the first check that
 * fails. Rebuild: examples/c/build.sh conformance/corpus/c */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(n, cond) do { if (!(cond)) return (n); } while (0)

int main(void) {
    CHECK(1, open("missing.txt", O_RDONLY) < 0 && errno == ENOENT);
    CHECK(2, open("greeting.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) < 0 && errno == EEXIST);
    /* Leaving the sandbox: ENOTCAPABLE, which wasi-libc defines. */
    CHECK(3, open("../outside.txt", O_RDONLY) < 0 && errno == ENOTCAPABLE);
    CHECK(4, mkdir("sub", 0755) == 0);
    int fd = open("sub/f", O_CREAT | O_WRONLY, 0644);
    CHECK(5, fd >= 0 && close(fd) == 0);
    CHECK(6, rmdir("sub") < 0 && errno == ENOTEMPTY);
    CHECK(7, unlink("sub") < 0 && errno == EISDIR);
    CHECK(8, open("greeting.txt/", O_RDONLY) < 0 && errno == ENOTDIR);
    fd = open("greeting.txt", O_RDONLY);
    CHECK(9, fd >= 0);
    CHECK(10, write(fd, "x", 1) < 0 && errno == EBADF);
    CHECK(11, close(fd) == 0 && close(fd) < 0 && errno == EBADF);
    CHECK(12, unlink("sub/f") == 0 && rmdir("sub") == 0);
    puts("errno: ok");
    return 0;
}
