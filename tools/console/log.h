/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Logging: one file of raw console output per guest, and the daemon's own
 * messages (stderr; a file in the log directory once daemonised). Guest
 * bytes reach daemon messages only through log_escape().
 */
#ifndef CONSOLE_LOG_H
#define CONSOLE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct glog {
	int fd; /* -1: not logging */
	uint64_t size;
	char path[4096];
};

/* dir/guest-<name>.log, created 0640 and appended to. */
int glog_open(struct glog *l, const char *dir, const char *name);
/* Write everything; at max_size the file moves to .old and a new one
 * starts (max_size 0: no limit). Errors close the log (reported once). */
void glog_write(struct glog *l, const void *buf, size_t len,
		uint64_t max_size);
int glog_reopen(struct glog *l); /* after SIGHUP (log rotation) */
void glog_close(struct glog *l);

/* mkdir -p with mode 0755; 0 or -errno. */
int mkdir_p(const char *path);

extern bool log_verbose;
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Printable form of untrusted bytes (static buffer, truncated). */
const char *log_escape(const char *s);

#endif /* CONSOLE_LOG_H */
