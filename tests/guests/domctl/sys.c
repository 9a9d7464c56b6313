// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysctl: physinfo, sched_id, getdomaininfolist (domains in id order from
 * first_domain, at most max_domains) and readconsole (the hypervisor's
 * console ring: whole, from an index, and cleared).
 */
#include "ctl.h"
#include "tests.h"

static char ring[16384];
static struct dominfo list[8];

static void sysctl_init(struct sysctl *op, uint32_t cmd)
{
	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	op->interface_version = SYSCTL_VERSION;
}

static void test_physinfo(void)
{
	struct physinfo pi;

	expect_rc("physinfo.rc", physinfo(&pi), 0);
	check("physinfo.cpus", pi.nr_cpus >= 1 && pi.max_cpu_id + 1 >= pi.nr_cpus &&
	      pi.threads_per_core >= 1 && pi.cores_per_socket >= 1 && pi.nr_nodes >= 1,
	      "cpus %u max id %u threads %u cores %u nodes %u", pi.nr_cpus, pi.max_cpu_id,
	      pi.threads_per_core, pi.cores_per_socket, pi.nr_nodes);
	check("physinfo.cpu_khz", pi.cpu_khz > 100000, "%u", pi.cpu_khz);
	check("physinfo.pages", pi.free_pages > 0 && pi.free_pages < pi.total_pages &&
	      pi.total_pages > start_info->nr_pages && pi.max_mfn + 1 >= pi.total_pages,
	      "total %lu free %lu max_mfn %#lx", (unsigned long)pi.total_pages,
	      (unsigned long)pi.free_pages, (unsigned long)pi.max_mfn);
	check_eq("physinfo.scrub_pages", pi.scrub_pages, 0);
	check_eq("physinfo.outstanding_pages", pi.outstanding_pages, 0);
	check("physinfo.capabilities", pi.capabilities & PHYSCAP_pv, "%#x", pi.capabilities);
}

static void test_sched_id(void)
{
	struct sysctl op;

	sysctl_init(&op, SYSCTL_sched_id);
	expect_rc("sched_id", sysctl(&op), 0);
	check("sched_id.known", op.u.sched_id.sched_id >= 5 && op.u.sched_id.sched_id <= 9,
	      "%u", op.u.sched_id.sched_id);
}

static long domain_list(uint16_t first, uint32_t max, void *buf, uint32_t *n)
{
	struct sysctl op;
	long rc;

	sysctl_init(&op, SYSCTL_getdomaininfolist);
	op.u.list.first_domain = first;
	op.u.list.max_domains = max;
	op.u.list.buffer = (uint64_t)buf;
	op.u.list.num_domains = 0xdead;
	rc = sysctl(&op);
	*n = op.u.list.num_domains;
	return rc;
}

static void test_domain_list(uint16_t d1, uint16_t d42)
{
	struct dominfo i;
	uint32_t n;

	memset(list, 0, sizeof(list));
	expect_rc("domainlist", domain_list(0, 8, list, &n), 0);
	check("domainlist.all", n == 3 && list[0].domain == 0 && list[1].domain == d1 &&
	      list[2].domain == d42, "n %u: %u %u %u", n, list[0].domain, list[1].domain,
	      list[2].domain);
	dom_info(d1, &i);
	check("domainlist.same_as_domctl", !memcmp(&list[1], &i, offsetof(struct dominfo, cpu_time)),
	      "tot %lu/%lu flags %#x/%#x", (unsigned long)list[1].tot_pages,
	      (unsigned long)i.tot_pages, list[1].flags, i.flags);
	expect_rc("domainlist.one", domain_list(0, 1, list, &n), 0);
	check_eq("domainlist.one.n", n, 1);
	memset(list, 0, sizeof(list));
	expect_rc("domainlist.from", domain_list(d1 + 1, 8, list, &n), 0);
	check("domainlist.from.first", n == 1 && list[0].domain == d42, "n %u first %u", n,
	      list[0].domain);
	expect_rc("domainlist.none", domain_list(0, 0, list, &n), 0);
	check_eq("domainlist.none.n", n, 0);
	expect_rc("domainlist.unwritable", domain_list(0, 8, guard_page, &n), -EFAULT);
}

static long read_ring(bool clear, bool incremental, uint32_t *index, void *buf, uint32_t *count)
{
	struct sysctl op;
	long rc;

	sysctl_init(&op, SYSCTL_readconsole);
	op.u.console.clear = clear;
	op.u.console.incremental = incremental;
	op.u.console.index = *index;
	op.u.console.buffer = (uint64_t)buf;
	op.u.console.count = *count;
	rc = sysctl(&op);
	*index = op.u.console.index;
	*count = op.u.console.count;
	return rc;
}

static bool ring_has(const char *s, uint32_t len)
{
	size_t n = strlen(s);

	for (uint32_t i = 0; i + n <= len; i++)
		if (!memcmp(ring + i, s, n))
			return true;
	return false;
}

static void test_readconsole(void)
{
	uint32_t index = 0, count = sizeof(ring) - 1, first;

	expect_rc("readconsole", read_ring(false, false, &index, ring, &count), 0);
	ring[count < sizeof(ring) ? count : 0] = '\0';
	/* Both hypervisors print their command line while booting. */
	check("readconsole.boot_text", count > 100 && ring_has("dom0_mem=64M", count),
	      "%u bytes", count);
	first = index;
	count = sizeof(ring);
	expect_rc("readconsole.incremental", read_ring(false, true, &index, ring, &count), 0);
	check("readconsole.incremental.nothing_new", count == 0 && index == first,
	      "%u bytes, index %u (was %u)", count, index, first);
	index = 0;
	count = 16;
	expect_rc("readconsole.small", read_ring(false, false, &index, ring, &count), 0);
	check_eq("readconsole.small.count", count, 16);
	count = sizeof(ring);
	expect_rc("readconsole.unwritable", read_ring(false, false, &index, guard_page, &count),
		  -EFAULT);
	count = sizeof(ring);
	expect_rc("readconsole.clear", read_ring(true, false, &index, ring, &count), 0);
	count = sizeof(ring);
	expect_rc("readconsole.after_clear", read_ring(false, false, &index, ring, &count), 0);
	check_eq("readconsole.after_clear.count", count, 0);
}

void test_sysctl(uint16_t d1, uint16_t d42)
{
	test_physinfo();
	test_sched_id();
	test_domain_list(d1, d42);
	test_readconsole();
}
