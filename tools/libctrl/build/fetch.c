// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel and ramdisk references: local paths, file:// URLs, and http(s)
 * URLs downloaded with libcurl into a cache directory. A cached copy is
 * named after a hash of its URL, downloaded to a temporary name and
 * renamed into place, and refreshed only if the server has a newer one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "build.h"

static int ferr(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int ferr(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

bool ctrl_is_url(const char *ref)
{
	return !strncmp(ref, "http://", 7) || !strncmp(ref, "https://", 8) ||
	       !strncmp(ref, "file://", 7);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* file:///path or file://localhost/path, %XX decoded. */
static int file_url(const char *ref, char **path, char *err, size_t errlen)
{
	const char *s = ref + 7;
	char *out, *o;

	if (!strncmp(s, "localhost/", 10))
		s += 9;
	if (*s != '/')
		return ferr(err, errlen, -EINVAL, "%s: only local file:// URLs "
			    "are supported", ref);
	out = o = malloc(strlen(s) + 1);
	if (!out)
		return ferr(err, errlen, -ENOMEM, "out of memory");
	while (*s) {
		if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			*o = (char)(hexval(s[1]) << 4 | hexval(s[2]));
			if (!*o) {
				free(out);
				return ferr(err, errlen, -EINVAL,
					    "%s: %%00 in path", ref);
			}
			o++;
			s += 3;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	*path = out;
	return 0;
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static int mkdir_p(const char *dir)
{
	char buf[4096];
	size_t i, n = strlen(dir);

	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		buf[i] = i < n ? '/' : '\0';
	}
	return 0;
}

/* The last path component of the URL, made safe for a file name. */
static void url_basename(const char *url, char *out, size_t cap)
{
	const char *end = url + strcspn(url, "?#"), *b = end;
	size_t n = 0;

	while (b > url && b[-1] != '/')
		b--;
	for (; b < end && n + 1 < cap; b++) {
		char c = *b;

		out[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
					   (c >= '0' && c <= '9') || c == '.' ||
					   c == '-' || c == '_'
				   ? c
				   : '_';
	}
	if (!n)
		out[n++] = 'x';
	out[n] = '\0';
}

static int download(const char *url, const char *dst, char *err,
		    size_t errlen)
{
	char tmp[4400], cerr[CURL_ERROR_SIZE] = "";
	struct stat sb;
	bool have = !stat(dst, &sb);
	long code = 0, cond_unmet = 0;
	CURLcode cr;
	CURL *c;
	FILE *f;
	int rc = 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.part.%d", dst,
			     (int)getpid()) >= sizeof(tmp))
		return ferr(err, errlen, -ENAMETOOLONG, "%s: name too long",
			    dst);
	f = fopen(tmp, "wb");
	if (!f)
		return ferr(err, errlen, -errno, "%s: %s", tmp, strerror(errno));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	c = curl_easy_init();
	if (!c) {
		fclose(f);
		unlink(tmp);
		return ferr(err, errlen, -ENOMEM, "%s: cannot start libcurl", url);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)CTRL_KERNEL_MAX);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	if (have) {
		curl_easy_setopt(c, CURLOPT_TIMECONDITION,
				 (long)CURL_TIMECOND_IFMODSINCE);
		curl_easy_setopt(c, CURLOPT_TIMEVALUE, (long)sb.st_mtime);
	}
	curl_easy_setopt(c, CURLOPT_FILETIME, 1L);
	cr = curl_easy_perform(c);
	if (fclose(f) && cr == CURLE_OK)
		cr = CURLE_WRITE_ERROR;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(c, CURLINFO_CONDITION_UNMET, &cond_unmet);
	if (cr != CURLE_OK) {
		rc = ferr(err, errlen, -EIO, "%s: %s", url,
			  cerr[0] ? cerr : curl_easy_strerror(cr));
		unlink(tmp);
	} else if (have && (cond_unmet || code == 304)) {
		unlink(tmp); /* ours is current */
	} else {
		long ft = -1;

		curl_easy_getinfo(c, CURLINFO_FILETIME, &ft);
		if (rename(tmp, dst)) {
			rc = ferr(err, errlen, -errno, "%s: %s", dst,
				  strerror(errno));
			unlink(tmp);
		} else if (ft > 0) {
			struct timespec ts[2] = { { ft, 0 }, { ft, 0 } };

			utimensat(AT_FDCWD, dst, ts, 0);
		}
	}
	curl_easy_cleanup(c);
	return rc;
}

int ctrl_fetch(const char *ref, const char *cache_dir, char **path, char *err,
	       size_t errlen)
{
	char name[256], full[4200];
	int rc;

	if (errlen)
		err[0] = '\0';
	if (!strncmp(ref, "file://", 7))
		return file_url(ref, path, err, errlen);
	if (strncmp(ref, "http://", 7) && strncmp(ref, "https://", 8)) {
		*path = strdup(ref);
		return *path ? 0 : ferr(err, errlen, -ENOMEM, "out of memory");
	}
	rc = mkdir_p(cache_dir);
	if (rc)
		return ferr(err, errlen, rc, "cache directory %s: %s",
			    cache_dir, strerror(-rc));
	url_basename(ref, name, 128);
	if ((size_t)snprintf(full, sizeof(full), "%s/%016llx-%s", cache_dir,
			     (unsigned long long)fnv1a(ref), name) >= sizeof(full))
		return ferr(err, errlen, -ENAMETOOLONG, "%s: name too long",
			    cache_dir);
	rc = download(ref, full, err, errlen);
	if (rc)
		return rc;
	*path = strdup(full);
	return *path ? 0 : ferr(err, errlen, -ENOMEM, "out of memory");
}
