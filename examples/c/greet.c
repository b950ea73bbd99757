// greet.c: the guest of the embedding example (examples/embedding). It reads a name from
// the file `name.txt` in its preopened directory, greets it on stdout in the language its
// environment names (GREETING), signs with its first argument, and leaves a note in
// `greeted.txt` beside the name, which the host reads back after the run.
//
//   cargo run --release -p embedding
//   cargo run --release -p wasi-run -- --env GREETING=Hello --dir DIR::/data \
//       examples/c/greet.wasm guest-name
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *greeting = getenv("GREETING");
    const char *from = argc > 1 ? argv[1] : "a guest";
    char name[128] = {0};
    FILE *in = fopen("/data/name.txt", "r");
    if (!in) {
        perror("/data/name.txt");
        return 1;
    }
    if (!fgets(name, sizeof name, in)) {
        fprintf(stderr, "/data/name.txt is empty\n");
        return 1;
    }
    fclose(in);
    name[strcspn(name, "\r\n")] = 0;
    printf("%s, %s! (from %s)\n", greeting ? greeting : "Hello", name, from);
    FILE *out = fopen("/data/greeted.txt", "w");
    if (!out) {
        perror("/data/greeted.txt");
        return 1;
    }
    fprintf(out, "greeted %s\n", name);
    return fclose(out) == 0 ? 0 : 1;
}
