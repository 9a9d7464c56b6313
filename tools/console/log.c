// SPDX-License-Identifier: GPL-2.0-only
/* Guest console log files and the daemon's own messages. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

bool log_verbose;

static void vmsg(const char *fmt, va_list ap)
{
	char line[1024];
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "xenconsoled[%ld.%03ld]: %s\n", (long)ts.tv_sec,
		ts.tv_nsec / 1000000, line);
	fflush(stderr);
}

void log_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

const char *log_escape(const char *s)
{
	static char buf[256];
	size_t i = 0;

	for (; s && *s && i + 5 < sizeof(buf); s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[i++] = (char)c;
		else
			i += (size_t)snprintf(buf + i, sizeof(buf) - i,
					      "\\x%02x", c);
	}
	buf[i] = '\0';
	return buf;
}

int mkdir_p(const char *path)
{
	char tmp[4096];
	size_t len = strlen(path), i;

	if (!len || len >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (tmp[i] != '/' && tmp[i] != '\0')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -errno;
		tmp[i] = path[i];
	}
	return 0;
}

static int open_log(struct glog *l)
{
	struct stat st;

	l->fd = open(l->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		     0640);
	if (l->fd < 0)
		return -errno;
	l->size = fstat(l->fd, &st) ? 0 : (uint64_t)st.st_size;
	return 0;
}

int glog_open(struct glog *l, const char *dir, const char *name)
{
	int n = snprintf(l->path, sizeof(l->path), "%s/guest-%s.log", dir,
			 name);

	l->fd = -1;
	if (n < 0 || (size_t)n >= sizeof(l->path))
		return -ENAMETOOLONG;
	return open_log(l);
}

void glog_close(struct glog *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

int glog_reopen(struct glog *l)
{
	if (l->fd < 0 && !l->path[0])
		return 0;
	glog_close(l);
	return open_log(l);
}

static void rotate(struct glog *l)
{
	char old[sizeof(l->path) + 4];

	snprintf(old, sizeof(old), "%s.old", l->path);
	if (rename(l->path, old))
		log_msg("cannot rotate %s: %s", l->path, strerror(errno));
	glog_reopen(l);
}

void glog_write(struct glog *l, const void *buf, size_t len,
		uint64_t max_size)
{
	const char *p = buf;

	if (l->fd < 0)
		return;
	if (max_size && l->size + len > max_size && l->size)
		rotate(l);
	while (len && l->fd >= 0) {
		ssize_t n = write(l->fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_msg("writing %s failed (%s): guest log closed",
				l->path, n < 0 ? strerror(errno) : "short");
			glog_close(l);
			return;
		}
		p += n;
		len -= (size_t)n;
		l->size += (uint64_t)n;
	}
}
