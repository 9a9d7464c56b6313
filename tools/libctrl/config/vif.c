// SPDX-License-Identifier: GPL-2.0-only
/*
 * Network interface spec strings in xl's syntax: comma-separated
 * key=value pairs (mac, bridge, ip, rate, ...). The rate is parsed into
 * bytes per interval as the netback credit scheduler wants it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define DEFAULT_RATE_INTERVAL_US 50000

static int verr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int verr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/*
 * "<N>[K|M|G](B|b)/s[@<T>[s|ms|us]]": N bytes (B) or bits (b) per second,
 * credited every T (default 50 ms).
 */
static int parse_rate(const char *s, uint64_t *bytes, uint32_t *usecs,
		      char *err, size_t errlen)
{
	unsigned long long v, mult = 1, iv = DEFAULT_RATE_INTERVAL_US;
	unsigned long long per_sec;
	char *end;

	if (*s < '0' || *s > '9')
		return verr(err, errlen, "rate '%s' does not start with a "
			    "number", s);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || !v)
		return verr(err, errlen, "rate '%s' must be a positive number",
			    s);
	switch (*end) {
	case 'G': mult = 1000000000ULL; end++; break;
	case 'M': mult = 1000000ULL; end++; break;
	case 'K': mult = 1000ULL; end++; break;
	}
	if (*end != 'B' && *end != 'b')
		return verr(err, errlen, "rate '%s': expected a unit B (bytes) "
			    "or b (bits) per second", s);
	if (v > ~0ULL / mult)
		return verr(err, errlen, "rate '%s' is too large", s);
	per_sec = v * mult;
	if (*end == 'b')
		per_sec /= 8;
	end++;
	if (strncmp(end, "/s", 2))
		return verr(err, errlen, "rate '%s': expected '/s' after the "
			    "unit", s);
	end += 2;
	if (*end == '@') {
		const char *t = ++end;

		if (*t < '0' || *t > '9')
			return verr(err, errlen, "rate '%s': bad interval", s);
		errno = 0;
		iv = strtoull(t, &end, 10);
		if (errno || !iv)
			return verr(err, errlen, "rate '%s': the interval must "
				    "be positive", s);
		if (!strcmp(end, "s"))
			mult = 1000000ULL;
		else if (!strcmp(end, "ms"))
			mult = 1000ULL;
		else if (!strcmp(end, "us") || !*end)
			mult = 1;
		else
			return verr(err, errlen, "rate '%s': interval unit is "
				    "s, ms or us", s);
		if (iv > 0xffffffffULL / mult)
			return verr(err, errlen, "rate '%s': interval too "
				    "long", s);
		iv *= mult;
		end += strlen(end);
	}
	if (*end)
		return verr(err, errlen, "rate '%s': trailing characters", s);
	if (per_sec && iv > ~0ULL / per_sec)
		return verr(err, errlen, "rate '%s' is too large", s);
	*bytes = per_sec * iv / 1000000ULL;
	if (!*bytes)
		return verr(err, errlen, "rate '%s' gives no credit per "
			    "interval", s);
	*usecs = (uint32_t)iv;
	return 0;
}

static int set_str(char **dst, const char *v)
{
	char *s = strdup(v);

	if (!s)
		return -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

static int vif_key(struct ctrl_vif *vf, const char *k, const char *v,
		   char *err, size_t errlen)
{
	char *end;
	unsigned long n;

	if (!strcmp(k, "mac")) {
		if (ctrl_mac_parse(v, vf->mac))
			return verr(err, errlen, "mac '%s' is not "
				    "xx:xx:xx:xx:xx:xx", v);
		if (vf->mac[0] & 1)
			return verr(err, errlen, "mac '%s' is a multicast "
				    "address", v);
		vf->has_mac = true;
		return 0;
	}
	if (!strcmp(k, "bridge"))
		return set_str(&vf->bridge, v);
	if (!strcmp(k, "ip"))
		return set_str(&vf->ip, v);
	if (!strcmp(k, "type")) {
		if (strcmp(v, "vif") && strcmp(v, "ioemu"))
			return verr(err, errlen, "type '%s' is not vif or "
				    "ioemu", v);
		return set_str(&vf->type, v);
	}
	if (!strcmp(k, "model"))
		return set_str(&vf->model, v);
	if (!strcmp(k, "vifname"))
		return set_str(&vf->vifname, v);
	if (!strcmp(k, "script"))
		return set_str(&vf->script, v);
	if (!strcmp(k, "backend"))
		return set_str(&vf->backend, v);
	if (!strcmp(k, "gatewaydev"))
		return set_str(&vf->gatewaydev, v);
	if (!strcmp(k, "rate")) {
		int rc = parse_rate(v, &vf->rate_bytes_per_interval,
				    &vf->rate_interval_usecs, err, errlen);

		return rc ? rc : set_str(&vf->rate, v);
	}
	if (!strcmp(k, "devid") || !strcmp(k, "mtu")) {
		errno = 0;
		n = strtoul(v, &end, 10);
		if (!*v || *end || errno || *v == '-')
			return verr(err, errlen, "%s '%s' is not a number", k, v);
		if (!strcmp(k, "devid")) {
			if (n > 0xffff)
				return verr(err, errlen, "devid %lu is too "
					    "large", n);
			vf->devid = (int)n;
		} else {
			if (n < 68 || n > 65535)
				return verr(err, errlen, "mtu %lu is out of "
					    "range (68..65535)", n);
			vf->mtu = (unsigned int)n;
		}
		return 0;
	}
	return verr(err, errlen, "unknown vif parameter '%s'", k);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

int ctrl_vif_parse(const char *spec, struct ctrl_vif *vf, char *err,
		   size_t errlen)
{
	char *copy, *cur;
	int rc = 0;

	memset(vf, 0, sizeof(*vf));
	vf->devid = -1;
	if (errlen)
		err[0] = '\0';
	copy = strdup(spec);
	if (!copy)
		return verr(err, errlen, "out of memory");
	for (cur = copy; !rc && cur;) {
		char *comma = strchr(cur, ','), *tok, *eq;

		if (comma)
			*comma = '\0';
		tok = trim(cur);
		cur = comma ? comma + 1 : NULL;
		if (!*tok)
			continue; /* '' and trailing commas: nothing */
		eq = strchr(tok, '=');
		if (!eq) {
			rc = verr(err, errlen, "'%s' is not key=value", tok);
			break;
		}
		*eq = '\0';
		rc = vif_key(vf, trim(tok), trim(eq + 1), err, errlen);
	}
	free(copy);
	if (rc == -ENOMEM)
		return verr(err, errlen, "out of memory");
	return rc;
}

char *ctrl_vif_to_spec(const struct ctrl_vif *v)
{
	char buf[2048], mac[18];
	size_t n = 0;

#define ADD(...)                                                        \
	do {                                                            \
		int k_ = snprintf(buf + n, sizeof(buf) - n, __VA_ARGS__); \
		if (k_ < 0 || (size_t)k_ >= sizeof(buf) - n)            \
			return NULL;                                    \
		n += (size_t)k_;                                        \
	} while (0)

	buf[0] = '\0';
	if (v->has_mac) {
		ctrl_mac_format(v->mac, mac);
		ADD("mac=%s,", mac);
	}
	if (v->bridge)
		ADD("bridge=%s,", v->bridge);
	if (v->ip)
		ADD("ip=%s,", v->ip);
	if (v->type)
		ADD("type=%s,", v->type);
	if (v->model)
		ADD("model=%s,", v->model);
	if (v->vifname)
		ADD("vifname=%s,", v->vifname);
	if (v->script)
		ADD("script=%s,", v->script);
	if (v->backend)
		ADD("backend=%s,", v->backend);
	if (v->gatewaydev)
		ADD("gatewaydev=%s,", v->gatewaydev);
	if (v->rate)
		ADD("rate=%s,", v->rate);
	if (v->devid >= 0)
		ADD("devid=%d,", v->devid);
	if (v->mtu)
		ADD("mtu=%u,", v->mtu);
#undef ADD
	if (n)
		buf[n - 1] = '\0';
	return strdup(buf);
}
