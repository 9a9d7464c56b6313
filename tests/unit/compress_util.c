/* SPDX-License-Identifier: GPL-2.0-only */
/* Test data, host tools and files for the decompressor tests. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "compress_util.h"
#include "runner.h"

const char *const data_kind_name[DATA_KINDS] = {
	"zeros", "random", "text", "x86", "mixed",
};

static const char *const words[] = {
	"the", "hypervisor", "domain", "page", "table", "grant", "event",
	"channel", "vcpu", "xen", "linux", "kernel", "decompress", "a", "of",
};

static void fill(enum data_kind kind, uint8_t *p, size_t len, uint64_t *st)
{
	size_t i = 0;

	switch (kind) {
	case DATA_ZEROS:
		memset(p, 0, len);
		/* A few marks so that runs have ends. */
		for (i = 0; i < len; i += 1 + test_rand(st) % 70000)
			p[i] = (uint8_t)test_rand(st);
		break;
	case DATA_RANDOM:
		for (i = 0; i < len; i++)
			p[i] = (uint8_t)(test_rand(st) >> 32);
		break;
	case DATA_TEXT:
		while (i < len) {
			const char *w = words[test_rand(st) % ARRAY_SIZE(words)];
			size_t n = strlen(w);

			for (size_t k = 0; k < n && i < len; k++)
				p[i++] = (uint8_t)w[k];
			if (i < len)
				p[i++] = test_rand(st) % 9 ? ' ' : '\n';
		}
		break;
	case DATA_X86:
		while (i < len) {
			uint64_t r = test_rand(st);

			if (r % 4 == 0 && len - i >= 5) {
				/* call/jmp rel32, near (top byte 00/ff) or not. */
				int32_t rel = (int32_t)(r >> 8) % 0x100000;

				if (r % 16 == 4)
					rel = (int32_t)(r >> 16);
				p[i++] = r & 0x100 ? 0xe8 : 0xe9;
				memcpy(p + i, &rel, 4);
				i += 4;
			} else if (r % 4 == 1) {
				/* E8/E9 bytes close together, and 00/ff around. */
				static const uint8_t tricky[] = { 0xe8, 0xe9, 0x00, 0xff, 0xe8 };

				p[i++] = tricky[(r >> 8) % sizeof(tricky)];
			} else {
				p[i++] = (uint8_t)(r >> 24) % 0x40 + 0x40;
			}
		}
		break;
	case DATA_MIXED:
		while (i < len) {
			size_t n = 1 + test_rand(st) % 40000;
			enum data_kind k = (enum data_kind)(test_rand(st) % DATA_MIXED);

			if (n > len - i)
				n = len - i;
			fill(k, p + i, n, st);
			i += n;
		}
		break;
	default:
		abort();
	}
}

uint8_t *gen_data(enum data_kind kind, size_t len, uint64_t seed)
{
	uint8_t *p = malloc(len ? len : 1);
	uint64_t st = seed | 1;

	if (!p)
		abort();
	fill(kind, p, len, &st);
	return p;
}

uint8_t *dup_exact(const void *p, size_t len)
{
	uint8_t *q = malloc(len ? len : 1);

	if (!q)
		abort();
	if (len)
		memcpy(q, p, len);
	return q;
}

int run_filter(const char *cmd, const void *in, size_t in_len, uint8_t **out,
	       size_t *out_len)
{
	char in_path[] = "/tmp/unit-cmp-in.XXXXXX";
	char full[1024];
	int fd = mkstemp(in_path), rc;
	FILE *f;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (fd < 0)
		return -1;
	if (in_len && write(fd, in, in_len) != (ssize_t)in_len) {
		close(fd);
		unlink(in_path);
		return -1;
	}
	close(fd);
	snprintf(full, sizeof(full), "%s < %s", cmd, in_path);
	f = popen(full, "r");
	if (!f) {
		unlink(in_path);
		return -1;
	}
	for (;;) {
		size_t n;

		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		if (!n)
			break;
		len += n;
	}
	rc = pclose(f);
	unlink(in_path);
	if (rc != 0) {
		free(buf);
		return -1;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0) {
		fclose(f);
		return NULL;
	}
	rewind(f);
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

const char *cache_dir(void)
{
	const char *c = getenv("CACHE_DIR");

	return c && *c ? c : UNIT_ROOT "/.cache";
}
