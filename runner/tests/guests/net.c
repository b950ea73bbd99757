// net.c: the WASIX socket scenarios of runner/tests/net.rs, through raw wasix_32v1 imports
// (the rest of the program is ordinary wasi-libc). Every failure prints `CALL: errno N` and
// exits 1.
//
//   net connect PORT MESSAGE  TCP to 127.0.0.1:PORT: send MESSAGE, print the reply
//   net connect6 PORT         TCP over IPv6 to [::ffff:127.0.0.1]:PORT (IPv4-mapped)
//   net serve                 bind 127.0.0.1:0, listen, print the port, accept one
//                             connection, print its peer, echo what it sends in upper case
//   net udp PORT              UDP from 127.0.0.1:0 to 127.0.0.1:PORT: send "ping", print the
//                             reply and its sender
//   net resolve NAME PORT     print the addresses NAME resolves to
//   net options               open a socket and read and set some options
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

typedef struct {
    uint8_t tag;
    uint8_t pad;
    uint16_t port;
    uint8_t addr[106];
} addr_port;

typedef struct {
    uint8_t tag;
    uint8_t pad;
    uint8_t octets[16];
} __attribute__((aligned(2))) addr_ip;

typedef struct {
    uint8_t tag;
    uint8_t pad[7];
    uint64_t value;
} option_timestamp;

#define WASIX(name) __attribute__((import_module("wasix_32v1"), import_name(#name)))

WASIX(sock_open) int32_t sock_open(int32_t af, int32_t type, int32_t proto, uint32_t *fd);
WASIX(sock_bind) int32_t sock_bind(int32_t fd, const addr_port *addr);
WASIX(sock_listen) int32_t sock_listen(int32_t fd, int32_t backlog);
WASIX(sock_accept_v2) int32_t sock_accept_v2(int32_t fd, int32_t flags, uint32_t *fd_out, addr_port *peer);
WASIX(sock_connect) int32_t sock_connect(int32_t fd, const addr_port *addr);
WASIX(sock_addr_local) int32_t sock_addr_local(int32_t fd, addr_port *addr);
WASIX(sock_addr_peer) int32_t sock_addr_peer(int32_t fd, addr_port *addr);
WASIX(sock_send_to) int32_t sock_send_to(int32_t fd, const __wasi_ciovec_t *data, int32_t len, int32_t flags, const addr_port *addr, uint32_t *sent);
WASIX(sock_recv_from) int32_t sock_recv_from(int32_t fd, const __wasi_iovec_t *data, int32_t len, int32_t flags, uint32_t *got, uint16_t *roflags, addr_port *from);
WASIX(sock_status) int32_t sock_status(int32_t fd, uint8_t *status);
WASIX(sock_set_opt_flag) int32_t sock_set_opt_flag(int32_t fd, int32_t opt, int32_t flag);
WASIX(sock_get_opt_flag) int32_t sock_get_opt_flag(int32_t fd, int32_t opt, uint8_t *flag);
WASIX(sock_set_opt_size) int32_t sock_set_opt_size(int32_t fd, int32_t opt, int64_t size);
WASIX(sock_get_opt_size) int32_t sock_get_opt_size(int32_t fd, int32_t opt, uint64_t *size);
WASIX(sock_set_opt_time) int32_t sock_set_opt_time(int32_t fd, int32_t opt, const option_timestamp *t);
WASIX(sock_get_opt_time) int32_t sock_get_opt_time(int32_t fd, int32_t opt, option_timestamp *t);
WASIX(resolve) int32_t wasix_resolve(const char *host, int32_t host_len, int32_t port, addr_ip *addrs, int32_t naddrs, uint32_t *n);

enum { INET4 = 1, INET6 = 2, STREAM = 1, DGRAM = 2 };

static void check(const char *call, int32_t err) {
    if (err != 0) {
        printf("%s: errno %d\n", call, err);
        exit(1);
    }
}

static addr_port v4(uint16_t port, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    addr_port out = {0};
    out.tag = INET4;
    out.port = port;
    out.addr[0] = a, out.addr[1] = b, out.addr[2] = c, out.addr[3] = d;
    return out;
}

static void show(const char *what, const addr_port *a) {
    if (a->tag == INET4) {
        printf("%s %u.%u.%u.%u:%u\n", what, a->addr[0], a->addr[1], a->addr[2], a->addr[3], a->port);
    } else {
        printf("%s family %u port %u\n", what, a->tag, a->port);
    }
}

static uint32_t open_socket(int32_t af, int32_t type) {
    uint32_t fd;
    check("sock_open", sock_open(af, type, 0, &fd));
    return fd;
}

static size_t exchange(uint32_t fd, const char *message, char *reply, size_t room) {
    __wasi_ciovec_t out = {(const uint8_t *)message, strlen(message)};
    size_t sent;
    check("fd_write", __wasi_fd_write(fd, &out, 1, &sent));
    __wasi_iovec_t in = {(uint8_t *)reply, room - 1};
    size_t got;
    check("fd_read", __wasi_fd_read(fd, &in, 1, &got));
    reply[got] = 0;
    return got;
}

static int connect_to(uint16_t port, const char *message) {
    uint32_t fd = open_socket(INET4, STREAM);
    addr_port to = v4(port, 127, 0, 0, 1);
    check("sock_connect", sock_connect(fd, &to));
    uint8_t status;
    check("sock_status", sock_status(fd, &status));
    addr_port peer;
    check("sock_addr_peer", sock_addr_peer(fd, &peer));
    show("connected to", &peer);
    char reply[256];
    exchange(fd, message, reply, sizeof reply);
    printf("status %u, reply: %s\n", status, reply);
    return 0;
}

static int connect6(uint16_t port) {
    uint32_t fd = open_socket(INET6, STREAM);
    addr_port to = {0};
    to.tag = INET6;
    to.port = port;
    uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
    memcpy(to.addr, mapped, 16);
    check("sock_connect", sock_connect(fd, &to));
    printf("connected over IPv6\n");
    return 0;
}

static int serve(void) {
    uint32_t fd = open_socket(INET4, STREAM);
    addr_port here = v4(0, 127, 0, 0, 1);
    check("sock_bind", sock_bind(fd, &here));
    check("sock_listen", sock_listen(fd, 4));
    addr_port local;
    check("sock_addr_local", sock_addr_local(fd, &local));
    printf("listening %u\n", local.port);
    fflush(stdout);
    uint32_t conn;
    addr_port peer;
    check("sock_accept_v2", sock_accept_v2(fd, 0, &conn, &peer));
    show("peer", &peer);
    char buf[256];
    __wasi_iovec_t in = {(uint8_t *)buf, sizeof buf - 1};
    size_t got;
    check("fd_read", __wasi_fd_read(conn, &in, 1, &got));
    for (size_t i = 0; i < got; i++) buf[i] = toupper((unsigned char)buf[i]);
    __wasi_ciovec_t out = {(const uint8_t *)buf, got};
    size_t sent;
    check("fd_write", __wasi_fd_write(conn, &out, 1, &sent));
    buf[got] = 0;
    printf("echoed %s\n", buf);
    return 0;
}

static int udp(uint16_t port) {
    uint32_t fd = open_socket(INET4, DGRAM);
    addr_port here = v4(0, 127, 0, 0, 1);
    check("sock_bind", sock_bind(fd, &here));
    addr_port to = v4(port, 127, 0, 0, 1);
    __wasi_ciovec_t out = {(const uint8_t *)"ping", 4};
    uint32_t sent;
    check("sock_send_to", sock_send_to(fd, &out, 1, 0, &to, &sent));
    char buf[64];
    __wasi_iovec_t in = {(uint8_t *)buf, sizeof buf - 1};
    uint32_t got;
    uint16_t roflags;
    addr_port from;
    check("sock_recv_from", sock_recv_from(fd, &in, 1, 0, &got, &roflags, &from));
    buf[got] = 0;
    printf("sent %u, got %s\n", sent, buf);
    show("from", &from);
    return 0;
}

static int lookup(const char *name, uint16_t port) {
    addr_ip addrs[8];
    uint32_t n;
    check("resolve", wasix_resolve(name, strlen(name), port, addrs, 8, &n));
    printf("%u addresses\n", n);
    for (uint32_t i = 0; i < n; i++) {
        if (addrs[i].tag == INET4) {
            printf("%u.%u.%u.%u\n", addrs[i].octets[0], addrs[i].octets[1], addrs[i].octets[2], addrs[i].octets[3]);
        } else {
            printf("ipv6, last octet %u\n", addrs[i].octets[15]);
        }
    }
    return 0;
}

static int options(void) {
    uint32_t fd = open_socket(INET4, STREAM);
    enum { REUSE_ADDR = 2, NO_DELAY = 3, RECV_BUF_SIZE = 15, RECV_TIMEOUT = 19, TYPE = 25 };
    check("sock_set_opt_flag", sock_set_opt_flag(fd, REUSE_ADDR, 1));
    uint8_t flag = 7;
    check("sock_get_opt_flag", sock_get_opt_flag(fd, REUSE_ADDR, &flag));
    printf("reuse_addr %u\n", flag);
    check("sock_set_opt_flag", sock_set_opt_flag(fd, NO_DELAY, 1));
    check("sock_get_opt_flag", sock_get_opt_flag(fd, NO_DELAY, &flag));
    printf("no_delay %u\n", flag);
    uint64_t size = 0;
    check("sock_get_opt_size", sock_get_opt_size(fd, TYPE, &size));
    printf("type %llu\n", (unsigned long long)size);
    check("sock_set_opt_size", sock_set_opt_size(fd, RECV_BUF_SIZE, 65536));
    check("sock_get_opt_size", sock_get_opt_size(fd, RECV_BUF_SIZE, &size));
    printf("recv_buf_size set: %s\n", size >= 65536 ? "yes" : "no");
    option_timestamp t = {1, {0}, 1500000000ull};
    check("sock_set_opt_time", sock_set_opt_time(fd, RECV_TIMEOUT, &t));
    option_timestamp back = {0};
    check("sock_get_opt_time", sock_get_opt_time(fd, RECV_TIMEOUT, &back));
    printf("recv_timeout %u %llu\n", back.tag, (unsigned long long)back.value);
    printf("flag as size: errno %d\n", sock_set_opt_size(fd, REUSE_ADDR, 1));
    printf("flag 2: errno %d\n", sock_set_opt_flag(fd, REUSE_ADDR, 2));
    printf("unknown option: errno %d\n", sock_set_opt_flag(fd, 99, 1));
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "connect") == 0) return connect_to(atoi(argv[2]), argv[3]);
    if (argc >= 3 && strcmp(argv[1], "connect6") == 0) return connect6(atoi(argv[2]));
    if (argc >= 2 && strcmp(argv[1], "serve") == 0) return serve();
    if (argc >= 3 && strcmp(argv[1], "udp") == 0) return udp(atoi(argv[2]));
    if (argc >= 4 && strcmp(argv[1], "resolve") == 0) return lookup(argv[2], atoi(argv[3]));
    if (argc >= 2 && strcmp(argv[1], "options") == 0) return options();
    fprintf(stderr, "usage: net connect PORT MESSAGE | connect6 PORT | serve | udp PORT | resolve NAME PORT | options\n");
    return 2;
}
