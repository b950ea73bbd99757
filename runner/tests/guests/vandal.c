// vandal: a guest that tries to change everything under the directory it is given (argv[1],
// a preopen): every file is truncated, rewritten, extended, has its times changed, gets a
// hard link, is renamed and removed; every symlink is replaced; every directory gets new
// entries and is renamed and removed; and finally the whole tree is deleted. It prints how
// many changes succeeded and how many failed, and what is left of the tree.
//
// Built with examples/c/build.sh runner/tests/guests (zig, wasi-libc); used by
// runner/tests/overlay.rs to show that an overlay preopen keeps the host tree unchanged.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int ok, failed;

static void tally(int result) {
    if (result == 0) {
        ok++;
    } else {
        failed++;
    }
}

// The names in `dir`, without . and .. (NULL-terminated; the caller frees them).
static char **names(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        failed++;
        return NULL;
    }
    size_t n = 0, cap = 16;
    char **out = malloc(cap * sizeof *out);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (n + 1 >= cap) out = realloc(out, (cap *= 2) * sizeof *out);
        out[n++] = strdup(e->d_name);
    }
    out[n] = NULL;
    closedir(d);
    return out;
}

static void join(char *buf, size_t size, const char *dir, const char *name, const char *suffix) {
    snprintf(buf, size, "%s/%s%s", dir, name, suffix);
}

static void vandalize(const char *dir) {
    char **list = names(dir);
    if (!list) return;
    for (char **p = list; *p; p++) {
        char path[1024], other[1024];
        join(path, sizeof path, dir, *p, "");
        struct stat st;
        if (lstat(path, &st) != 0) {
            failed++;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            vandalize(path);
            join(other, sizeof other, path, "made-inside", "");
            tally(mkdir(other, 0755));
            join(other, sizeof other, dir, *p, ".moved");
            tally(rename(path, other));
            tally(utimensat(AT_FDCWD, other, NULL, 0));
        } else if (S_ISLNK(st.st_mode)) {
            tally(unlink(path));
            tally(symlink("replaced", path));
        } else if (S_ISREG(st.st_mode)) {
            int fd = open(path, O_RDWR | O_TRUNC);
            tally(fd < 0);
            if (fd >= 0) {
                tally(write(fd, "vandal was here\n", 16) != 16);
                tally(ftruncate(fd, 100000));
                tally(close(fd));
            }
            tally(utimensat(AT_FDCWD, path, NULL, 0));
            join(other, sizeof other, dir, *p, ".link");
            tally(link(path, other));
            join(other, sizeof other, dir, *p, ".renamed");
            tally(rename(path, other));
        }
        free(*p);
    }
    free(list);
    char made[1024];
    join(made, sizeof made, dir, "NEW.txt", "");
    int fd = open(made, O_WRONLY | O_CREAT | O_EXCL, 0644);
    tally(fd < 0);
    if (fd >= 0) {
        tally(write(fd, "new\n", 4) != 4);
        close(fd);
    }
}

// Removes everything under `dir` (and `dir` itself unless it is the top).
static void destroy(const char *dir, int top) {
    char **list = names(dir);
    if (list) {
        for (char **p = list; *p; p++) {
            char path[1024];
            join(path, sizeof path, dir, *p, "");
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
                destroy(path, 0);
            } else {
                tally(unlink(path));
            }
            free(*p);
        }
        free(list);
    }
    if (!top) tally(rmdir(dir));
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: vandal DIR\n");
        return 2;
    }
    vandalize(argv[1]);
    int changed = ok;
    destroy(argv[1], 1);
    char **left = names(argv[1]);
    int remaining = 0;
    for (char **p = left; left && *p; p++) remaining++;
    printf("changes: %d before the deletion, %d in all, %d failed; entries left: %d\n",
           changed, ok, failed, remaining);
    return 0;
}
