// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel image containers: a plain ELF, a Linux bzImage (boot protocol
 * 2.08 or later, whose payload is a compressed ELF), or a compressed ELF
 * on its own. Whatever it was, the caller gets the ELF bytes. Untrusted
 * input: every header field is bounds-checked before use.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"

/* bzImage setup header offsets (Linux boot protocol). */
#define BZ_SETUP_SECTS	 0x1f1
#define BZ_MAGIC	 0x202 /* "HdrS" */
#define BZ_VERSION	 0x206
#define BZ_PAYLOAD_OFF	 0x248
#define BZ_PAYLOAD_LEN	 0x24c
#define BZ_MIN_VERSION	 0x208

static int ierr(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int ierr(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static bool is_elf(const uint8_t *b, size_t len)
{
	return len >= 4 && !memcmp(b, "\177ELF", 4);
}

static bool is_bzimage(const uint8_t *b, size_t len)
{
	return len >= 0x250 && !memcmp(b + BZ_MAGIC, "HdrS", 4);
}

static int bzimage_payload(const uint8_t *b, size_t len, const uint8_t **p,
			   size_t *plen, char *err, size_t errlen)
{
	unsigned int ver = b[BZ_VERSION] | b[BZ_VERSION + 1] << 8;
	unsigned int sects = b[BZ_SETUP_SECTS] ? b[BZ_SETUP_SECTS] : 4;
	size_t off = ((size_t)sects + 1) * 512;
	uint32_t poff = rd32(b + BZ_PAYLOAD_OFF), pl = rd32(b + BZ_PAYLOAD_LEN);

	if (ver < BZ_MIN_VERSION)
		return ierr(err, errlen, -EINVAL,
			    "bzImage boot protocol %u.%02u is too old (2.08 "
			    "or later carries the payload location)",
			    ver >> 8, ver & 0xff);
	if (off > len || poff > len - off || pl > len - off - poff || !pl)
		return ierr(err, errlen, -EINVAL,
			    "bzImage payload (offset %#x, length %#x) is "
			    "outside the file", poff, pl);
	*p = b + off + poff;
	*plen = pl;
	return 0;
}

int ctrl_image_unwrap(const uint8_t *buf, size_t len, uint8_t **out,
		      size_t *out_len, char *err, size_t errlen)
{
	return ctrl_image_unwrap_max(buf, len, CTRL_KERNEL_MAX, out, out_len,
				     err, errlen);
}

int ctrl_image_unwrap_max(const uint8_t *buf, size_t len, size_t max,
			  uint8_t **out, size_t *out_len, char *err,
			  size_t errlen)
{
	const uint8_t *payload = buf;
	size_t plen = len;
	uint8_t *dec;
	size_t dlen;
	int rc;

	if (errlen)
		err[0] = '\0';
	if (is_elf(buf, len)) {
		*out = malloc(len ? len : 1);
		if (!*out)
			return ierr(err, errlen, -ENOMEM, "out of memory");
		memcpy(*out, buf, len);
		*out_len = len;
		return 0;
	}
	if (is_bzimage(buf, len)) {
		rc = bzimage_payload(buf, len, &payload, &plen, err, errlen);
		if (rc)
			return rc;
		if (is_elf(payload, plen))
			return ctrl_image_unwrap_max(payload, plen, max, out,
						     out_len, err, errlen);
	}
	rc = ctrl_decompress(payload, plen, &dec, &dlen, max, err, errlen);
	if (rc) {
		if (rc == -EINVAL && payload == buf && !strcmp(err,
			"unknown compression format"))
			snprintf(err, errlen, "not a kernel image (neither ELF, "
				 "bzImage nor a compressed ELF)");
		return rc;
	}
	if (!is_elf(dec, dlen)) {
		free(dec);
		return ierr(err, errlen, -EINVAL,
			    "the decompressed %s is not an ELF image",
			    payload == buf ? "file" : "bzImage payload");
	}
	*out = dec;
	*out_len = dlen;
	return 0;
}

int ctrl_read_file(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	struct stat sb;
	size_t got = 0;
	uint8_t *b = NULL;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb)) {
		rc = -errno;
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		rc = -EINVAL;
		goto out;
	}
	if ((uint64_t)sb.st_size > max) {
		rc = -EFBIG;
		goto out;
	}
	b = malloc(sb.st_size ? (size_t)sb.st_size : 1);
	if (!b) {
		rc = -ENOMEM;
		goto out;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, b + got, (size_t)sb.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -EIO;
			goto out;
		}
		got += (size_t)n;
	}
	*buf = b;
	*len = got;
	b = NULL;
out:
	free(b);
	close(fd);
	return rc;
}
