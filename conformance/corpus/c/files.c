/* files.c: what a C program does with files through wasi-libc, checked end to end.
 * Creates, writes, reads back, seeks, stats, renames, lists and removes files and
 * directories under the preopen "/" (the fixture). Exits 0 when every check holds, or with
 * the number of the first failed check. Rebuild: examples/c/build.sh conformance/corpus/c */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(n, cond) do { if (!(cond)) return (n); } while (0)

int main(void) {
    char buf[64];
    /* 1-4: the fixture's file reads back exactly. */
    FILE *f = fopen("greeting.txt", "r");
    CHECK(1, f != NULL);
    CHECK(2, fgets(buf, sizeof buf, f) != NULL);
    CHECK(3, strcmp(buf, "hello from the fixture\n") == 0);
    CHECK(4, fclose(f) == 0);

    /* 5-11: create, write, seek, read back, size. */
    int fd = open("new.txt", O_CREAT | O_EXCL | O_RDWR, 0644);
    CHECK(5, fd >= 0);
    CHECK(6, write(fd, "0123456789", 10) == 10);
    CHECK(7, lseek(fd, 3, SEEK_SET) == 3);
    CHECK(8, read(fd, buf, 4) == 4 && memcmp(buf, "3456", 4) == 0);
    CHECK(9, pwrite(fd, "AB", 2, 0) == 2 && lseek(fd, 0, SEEK_CUR) == 7);
    struct stat st;
    CHECK(10, fstat(fd, &st) == 0 && st.st_size == 10 && S_ISREG(st.st_mode));
    CHECK(11, close(fd) == 0);

    /* 12-15: directories, rename, listing. */
    CHECK(12, mkdir("d", 0755) == 0);
    CHECK(13, rename("new.txt", "d/moved.txt") == 0);
    DIR *dir = opendir("d");
    CHECK(14, dir != NULL);
    int seen = 0, dots = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, "moved.txt") == 0) seen++;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) dots++;
    }
    closedir(dir);
    CHECK(15, seen == 1 && dots == 2);

    /* 16-18: read the moved file, then clean up. */
    f = fopen("d/moved.txt", "r");
    CHECK(16, f != NULL && fread(buf, 1, 10, f) == 10 && memcmp(buf, "AB23456789", 10) == 0);
    fclose(f);
    CHECK(17, unlink("d/moved.txt") == 0 && rmdir("d") == 0);
    CHECK(18, access("d", F_OK) != 0);
    puts("files: ok");
    return 0;
}
