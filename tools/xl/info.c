// SPDX-License-Identifier: GPL-2.0-only
/*
 * Read-only commands: list (Xen's columns, and -l as JSON), info, uptime,
 * dmesg, domid, domname, dumpxml.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "config/config.h"
#include "xl.h"

/*
 * The domains named by argv[optind..] (ids, nids; none named: all) and
 * the hypervisor's list of domains, for the commands that print a row
 * per domain. Non-zero after saying why.
 */
static int list_selected(struct ctrl_ctx *c, int argc, char **argv, uint32_t **ids,
			 size_t *nids, struct ctrl_vm_entry **list, size_t *n)
{
	size_t i;
	int rc;

	*ids = calloc((size_t)argc, sizeof(**ids));
	for (i = (size_t)optind; *ids && i < (size_t)argc; i++) {
		rc = xl_domid(c, argv[i], &(*ids)[*nids]);
		if (rc)
			return rc;
		(*nids)++;
	}
	rc = ctrl_vm_list(c, list, n);
	if (rc)
		xl_err("listing domains: %s", strerror(-rc));
	return rc;
}

static bool selected(const struct ctrl_vm_entry *e, uint32_t *ids,
		     size_t nids)
{
	size_t i;

	if (!nids)
		return true;
	for (i = 0; i < nids; i++)
		if (ids[i] == e->info.domid)
			return true;
	return false;
}

static void state_string(const struct ctrl_dominfo *i, char s[7])
{
	bool crashed = i->shutdown &&
		       i->shutdown_reason == XABI_SHUTDOWN_crash;

	s[0] = i->running ? 'r' : '-';
	s[1] = i->blocked ? 'b' : '-';
	s[2] = i->paused ? 'p' : '-';
	s[3] = i->shutdown && !crashed ? 's' : '-';
	s[4] = crashed ? 'c' : '-';
	s[5] = i->dying ? 'd' : '-';
	s[6] = '\0';
}

/* dom0 (or a domain not created by us): what the hypervisor knows. */
static char *json_from_info(const struct ctrl_vm_entry *e)
{
	char uuid[37], *s;
	size_t len = 1024;

	ctrl_uuid_format(e->info.handle, uuid);
	s = malloc(len);
	if (!s)
		return NULL;
	snprintf(s, len,
		 "{\n        \"c_info\": {\n            \"type\": \"pv\",\n"
		 "            \"name\": \"%s\",\n            \"uuid\": \"%s\"\n"
		 "        },\n        \"b_info\": {\n"
		 "            \"max_vcpus\": %u,\n"
		 "            \"max_memkb\": %llu,\n"
		 "            \"target_memkb\": %llu\n        }\n    }",
		 e->name, uuid, e->info.max_vcpu_id + 1,
		 (unsigned long long)e->info.max_pages * 4,
		 (unsigned long long)e->info.tot_pages * 4);
	return s;
}

/* Re-indent a JSON text by `pad` spaces after each newline. */
static void print_indented(const char *s, int pad)
{
	for (; *s; s++) {
		putchar(*s);
		if (*s == '\n')
			printf("%*s", pad, "");
	}
}

static void list_long(struct ctrl_ctx *c, const struct ctrl_vm_entry *l,
		      size_t n, uint32_t *ids, size_t nids)
{
	bool first = true;
	size_t i;

	printf("[\n");
	for (i = 0; i < n; i++) {
		struct ctrl_domcfg cfg;
		char *j = NULL;

		if (!selected(&l[i], ids, nids))
			continue;
		if (!ctrl_vm_load_config(c, l[i].info.domid, &cfg))
			j = ctrl_domcfg_to_json(&cfg, 4);
		ctrl_domcfg_free(&cfg);
		if (!j)
			j = json_from_info(&l[i]);
		printf("%s    {\n        \"domid\": %u,\n        \"config\": ",
		       first ? "" : ",\n", l[i].info.domid);
		if (j)
			print_indented(j, 8);
		else
			printf("null");
		printf("\n    }");
		free(j);
		first = false;
	}
	printf("\n]\n");
}

int main_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "long", no_argument, NULL, 'l' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctrl_vm_entry *list = NULL;
	bool lng = false, verbose = false;
	uint32_t *ids = NULL;
	size_t n = 0, nids = 0, i;
	struct ctrl_ctx c;
	int opt, rc = 0;

	while ((opt = getopt_long(argc, argv, "+lv", longopts, NULL)) != -1) {
		switch (opt) {
		case 'l': lng = true; break;
		case 'v': verbose = true; break;
		default: return xl_usage("list");
		}
	}
	if (xl_open(&c, false))
		return XL_FAIL;
	rc = list_selected(&c, argc, argv, &ids, &nids, &list, &n);
	if (rc)
		goto out;
	if (lng) {
		list_long(&c, list, n, ids, nids);
		goto out;
	}
	/* Xen's header and columns, which scripts parse. */
	printf("Name                                        ID   Mem VCPUs\t"
	       "State\tTime(s)%s\n",
	       verbose ? "   UUID                            Reason-Code"
		       : "");
	for (i = 0; i < n; i++) {
		const struct ctrl_dominfo *d = &list[i].info;
		char st[7], uuid[37];

		if (!selected(&list[i], ids, nids))
			continue;
		state_string(d, st);
		printf("%-40s %5u %5llu %5u     %s  %8.1f", list[i].name,
		       d->domid,
		       (unsigned long long)((d->tot_pages + d->outstanding_pages) *
					    4 / 1024),
		       d->nr_online_vcpus, st, d->cpu_time_ns / 1e9);
		if (verbose) {
			ctrl_uuid_format(d->handle, uuid);
			printf(" %s", uuid);
			if (d->shutdown)
				printf("  %u", d->shutdown_reason);
			else
				printf("  -");
		}
		putchar('\n');
	}
out:
	free(list);
	free(ids);
	ctrl_ctx_close(&c);
	return rc ? XL_FAIL : XL_OK;
}

static void caps_string(uint32_t caps, char *buf, size_t len)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ XABI_PHYSCAP_pv, "pv" },	   { XABI_PHYSCAP_hvm, "hvm" },
		{ XABI_PHYSCAP_hap, "hap" },	   { XABI_PHYSCAP_shadow, "shadow" },
		{ XABI_PHYSCAP_directio, "directio" },
		{ XABI_PHYSCAP_iommu_hap_pt_share, "iommu_hap_pt_share" },
		{ XABI_PHYSCAP_vmtrace, "vmtrace" },
		{ XABI_PHYSCAP_gnttab_v1, "gnttab-v1" },
		{ XABI_PHYSCAP_gnttab_v2, "gnttab-v2" },
	};
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((caps & names[i].bit) && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
					      n ? " " : "", names[i].name);
}

int main_info(int argc, char **argv)
{
	struct ctrl_xen_version v;
	struct xabi_physinfo pi;
	struct utsname u;
	struct ctrl_ctx c;
	uint32_t sched = 0;
	char caps[256];
	int rc, i;

	(void)argv;
	if (argc != 1)
		return xl_usage("info");
	if (xl_open(&c, false))
		return XL_FAIL;
	rc = ctrl_sys_physinfo(c.t, &pi);
	if (!rc)
		rc = ctrl_xen_version(c.t, &v);
	if (rc) {
		xl_err("querying the hypervisor: %s", strerror(-rc));
		ctrl_ctx_close(&c);
		return XL_FAIL;
	}
	ctrl_sys_sched_id(c.t, &sched);
	uname(&u);
	caps_string(pi.capabilities, caps, sizeof(caps));
	printf("host                   : %s\n", u.nodename);
	printf("release                : %s\n", u.release);
	printf("version                : %s\n", u.version);
	printf("machine                : %s\n", u.machine);
	printf("nr_cpus                : %u\n", pi.nr_cpus);
	printf("max_cpu_id             : %u\n", pi.max_cpu_id);
	printf("nr_nodes               : %u\n", pi.nr_nodes);
	printf("cores_per_socket       : %u\n", pi.cores_per_socket);
	printf("threads_per_core       : %u\n", pi.threads_per_core);
	printf("cpu_mhz                : %u.%03u\n", pi.cpu_khz / 1000,
	       pi.cpu_khz % 1000);
	printf("hw_caps                : ");
	for (i = 0; i < 8; i++)
		printf("%08x%s", pi.hw_cap[i], i < 7 ? ":" : "\n");
	printf("virt_caps              : %s\n", caps);
	printf("total_memory           : %llu\n",
	       (unsigned long long)(pi.total_pages * 4096 >> 20));
	printf("free_memory            : %llu\n",
	       (unsigned long long)(pi.free_pages * 4096 >> 20));
	printf("sharing_freed_memory   : 0\n");
	printf("sharing_used_memory    : 0\n");
	printf("outstanding_claims     : %llu\n",
	       (unsigned long long)(pi.outstanding_pages * 4096 >> 20));
	printf("free_cpus              : 0\n");
	printf("xen_major              : %u\n", v.major);
	printf("xen_minor              : %u\n", v.minor);
	printf("xen_extra              : %s\n", v.extra);
	printf("xen_version            : %u.%u%s\n", v.major, v.minor, v.extra);
	printf("xen_caps               : %s\n", v.caps);
	printf("xen_scheduler          : %s\n", ctrl_sched_name(sched));
	printf("xen_pagesize           : %ld\n", v.pagesize);
	printf("platform_params        : virt_start=0x%llx\n",
	       (unsigned long long)v.virt_start);
	printf("xen_changeset          : %s\n", v.changeset);
	printf("xen_commandline        : %s\n", v.commandline);
	printf("cc_compiler            : %s\n", "gcc " __VERSION__);
	printf("xend_config_format     : 4\n");
	ctrl_ctx_close(&c);
	return XL_OK;
}

static void print_uptime(const char *name, uint32_t domid, double secs,
			 bool header_less)
{
	unsigned long s = (unsigned long)secs;
	unsigned long days = s / 86400;

	(void)header_less;
	printf("%-33s %4u ", name, domid);
	if (days)
		printf("%lu day%s, ", days, days == 1 ? "" : "s");
	printf("%2lu:%02lu:%02lu\n", s / 3600 % 24, s / 60 % 60, s % 60);
}

int main_uptime(int argc, char **argv)
{
	struct ctrl_vm_entry *list = NULL;
	bool short_fmt = false;
	uint32_t *ids;
	size_t n = 0, nids = 0, i;
	struct ctrl_ctx c;
	int opt, rc = 0;

	while ((opt = getopt(argc, argv, "+s")) != -1) {
		if (opt != 's')
			return xl_usage("uptime");
		short_fmt = true;
	}
	if (xl_open(&c, false))
		return XL_FAIL;
	rc = list_selected(&c, argc, argv, &ids, &nids, &list, &n);
	if (rc)
		goto out;
	if (!short_fmt)
		printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
	for (i = 0; i < n; i++) {
		double secs = 0;

		if (!selected(&list[i], ids, nids))
			continue;
		if (ctrl_vm_uptime(&c, list[i].info.domid, &secs))
			secs = 0;
		print_uptime(list[i].name, list[i].info.domid, secs, short_fmt);
	}
out:
	free(list);
	free(ids);
	ctrl_ctx_close(&c);
	return rc ? XL_FAIL : XL_OK;
}

int main_dmesg(int argc, char **argv)
{
	bool clear = false;
	struct ctrl_ctx c;
	uint32_t index = 0;
	char *buf;
	int opt, rc = 0;

	while ((opt = getopt(argc, argv, "+c")) != -1) {
		if (opt != 'c')
			return xl_usage("dmesg");
		clear = true;
	}
	if (optind != argc)
		return xl_usage("dmesg");
	if (xl_open(&c, false))
		return XL_FAIL;
	buf = malloc(16384);
	while (buf) {
		uint32_t len = 16384;

		rc = ctrl_sys_readconsole(c.t, buf, &len, false, &index);
		if (rc || !len)
			break;
		fwrite(buf, 1, len, stdout);
	}
	if (!buf)
		rc = -ENOMEM;
	if (!rc && clear) {
		uint32_t len = 1;

		rc = ctrl_sys_readconsole(c.t, buf, &len, true, NULL);
	}
	if (rc)
		xl_err("reading the hypervisor's console: %s", strerror(-rc));
	free(buf);
	ctrl_ctx_close(&c);
	return rc ? XL_FAIL : XL_OK;
}

int main_domid(int argc, char **argv)
{
	struct ctrl_ctx c;
	uint32_t domid;
	int rc;

	if (argc != 2)
		return xl_usage("domid");
	if (xl_open(&c, false))
		return XL_FAIL;
	rc = xl_domid(&c, argv[1], &domid);
	if (!rc)
		printf("%u\n", domid);
	ctrl_ctx_close(&c);
	return rc ? XL_FAIL : XL_OK;
}

int main_domname(int argc, char **argv)
{
	struct ctrl_dominfo info;
	struct ctrl_ctx c;
	char *end, *name = NULL;
	unsigned long id;
	int rc;

	if (argc != 2)
		return xl_usage("domname");
	id = strtoul(argv[1], &end, 10);
	if (!argv[1][0] || *end || id >= XABI_DOMID_FIRST_RESERVED) {
		xl_err("'%s' is not a domain id", argv[1]);
		return xl_usage("domname");
	}
	if (xl_open(&c, false))
		return XL_FAIL;
	rc = ctrl_dom_getinfo(c.t, (uint32_t)id, &info);
	if (rc == -ESRCH)
		xl_err("domain %lu does not exist", id);
	else if (rc)
		xl_err("domain %lu: %s", id, strerror(-rc));
	if (!rc) {
		rc = ctrl_domain_name(&c, (uint32_t)id, &name);
		if (rc)
			xl_err("domain %lu has no name: %s", id, strerror(-rc));
		else
			printf("%s\n", name);
	}
	free(name);
	ctrl_ctx_close(&c);
	return rc ? XL_FAIL : XL_OK;
}

int main_dumpxml(int argc, char **argv)
{
	struct ctrl_vm_entry *list = NULL;
	struct ctrl_domcfg cfg;
	struct ctrl_ctx c;
	char *xml = NULL;
	uint32_t domid;
	size_t n, i;
	int rc;

	if (argc != 2)
		return xl_usage("dumpxml");
	if (xl_open(&c, false))
		return XL_FAIL;
	rc = xl_domid(&c, argv[1], &domid);
	if (rc)
		goto out;
	rc = ctrl_vm_load_config(&c, domid, &cfg);
	if (rc == -ENOENT && !ctrl_vm_list(&c, &list, &n)) {
		/* Not ours (dom0): what the hypervisor knows is all there is. */
		for (i = 0; i < n; i++)
			if (list[i].info.domid == domid)
				break;
		if (i < n) {
			ctrl_domcfg_free(&cfg);
			ctrl_domcfg_init(&cfg);
			cfg.name = strdup(list[i].name);
			cfg.has_uuid = true;
			memcpy(cfg.uuid, list[i].info.handle, 16);
			cfg.memory_mb = list[i].info.tot_pages / 256;
			cfg.maxmem_mb = list[i].info.max_pages / 256;
			if (cfg.maxmem_mb < cfg.memory_mb)
				cfg.maxmem_mb = cfg.memory_mb;
			cfg.vcpus = cfg.maxvcpus = list[i].info.max_vcpu_id + 1;
			rc = 0;
		}
	}
	if (rc) {
		xl_err("no configuration for domain %u: %s", domid,
		       strerror(-rc));
		ctrl_domcfg_free(&cfg);
		goto out;
	}
	xml = ctrl_domcfg_to_xml(&cfg, (int)domid);
	ctrl_domcfg_free(&cfg);
	if (xml)
		fputs(xml, stdout);
	else
		rc = -ENOMEM;
	free(xml);
out:
	free(list);
	ctrl_ctx_close(&c);
	return rc ? XL_FAIL : XL_OK;
}
