// SPDX-License-Identifier: GPL-2.0-only
/*
 * The lifecycle layer on the hypervisor model and a real xenstored:
 * dom0's nodes on first use, create (nodes, permissions, introduction,
 * unpause, stored config), name lookup, the up-front checks with
 * file:line messages, undo on a failure half way, shutdown and destroy
 * with every frame given back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "fakehv.h"
#include "kgen.h"
#include "../../unit/runner.h"
#include "vm/vm.h"
#include "xsd.h"

struct env {
	struct fakehv *h;
	struct ctrl_ctx c;
	pid_t xsd;
	char sock[256];
	char dir[64];
	char kernel[128];
};

static bool env_up(struct env *e)
{
	struct kgen_opts o = { .text_len = 100000 };
	struct ctrl_xs *xs;
	uint8_t *elf;
	size_t len;
	FILE *f;

	memset(e, 0, sizeof(*e));
	e->xsd = xsd_start(e->sock, sizeof(e->sock));
	if (e->xsd < 0)
		return false;
	strcpy(e->dir, "/tmp/ctrl-vm.XXXXXX");
	if (!mkdtemp(e->dir))
		return false;
	snprintf(e->kernel, sizeof(e->kernel), "%s/vmlinux", e->dir);
	elf = kgen_elf(&o, &len);
	f = fopen(e->kernel, "wb");
	fwrite(elf, 1, len, f);
	fclose(f);
	free(elf);
	e->h = fakehv_new(65536);
	xs = ctrl_xs_open(e->sock);
	CHECK_EQ(ctrl_ctx_init(&e->c, e->h->t, xs, e->dir, e->dir), 0);
	return true;
}

static void env_down(struct env *e)
{
	char cmd[128];

	ctrl_xs_close(e->c.xs);
	fakehv_free(e->h); /* closes the transport */
	xsd_stop(e->xsd, e->sock);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", e->dir);
	CHECK(system(cmd) == 0);
}

static int cfg(struct env *e, struct ctrl_domcfg *c, const char *extra)
{
	char text[1024], err[CTRL_CFG_ERRLEN];
	int rc;

	snprintf(text, sizeof(text),
		 "name='g1'\nkernel='%s'\nmemory=32\nvcpus=1\nmaxvcpus=2\n"
		 "cmdline='console=hvc0'\n%s\n", e->kernel, extra);
	rc = ctrl_cfg_parse(c, "guest.cfg", text, strlen(text), NULL, 0, err);
	CHECKF(rc == 0, "%s", err);
	return rc;
}

static char *rd(struct env *e, const char *path)
{
	char *v = NULL;

	if (ctrl_xs_read(e->c.xs, 0, path, &v, NULL))
		return NULL;
	return v;
}

#define CHECK_NODE(e, path, want)                      \
	do {                                           \
		char *v_ = rd(e, path);                \
		CHECKF(v_ && !strcmp(v_, want), "%s = '%s', want '%s'", \
		       path, v_ ? v_ : "(missing)", want); \
		free(v_);                              \
	} while (0)

TEST(vm, create_and_destroy)
{
	struct env e;
	struct ctrl_domcfg c;
	struct ctrl_create_times times;
	struct ctrl_create_opts o = { .times = &times };
	struct ctrl_vm_entry *list = NULL;
	struct ctrl_domcfg back;
	char err[CTRL_VM_ERRLEN], **perms = NULL;
	size_t n, free0;
	uint32_t id = 0, id2 = 0;
	bool intro = false;

	if (!env_up(&e)) {
		test_skip("no xenstored to test with");
		return;
	}
	/* dom0's nodes appeared on first use */
	CHECK_NODE(&e, "/local/domain/0/name", "Domain-0");
	CHECK_NODE(&e, "/local/domain/0/domid", "0");
	free0 = e.h->nr_free;
	cfg(&e, &c, "");
	CHECKF(ctrl_vm_create(&e.c, &c, &o, &id, err, sizeof(err)) == 0, "%s", err);
	CHECK_EQ(id, 1);
	CHECK(times.started >= times.built && times.built >= times.created);
	CHECK_EQ(fakehv_dom(e.h, id)->pause_count, 0);
	CHECK_EQ(fakehv_dom(e.h, id)->tot_pages, 32 * 256);
	CHECK_EQ(fakehv_dom(e.h, id)->max_pages, (32 * 1024 + 1024) / 4);
	CHECK_NODE(&e, "/local/domain/1/name", "g1");
	CHECK_NODE(&e, "/local/domain/1/domid", "1");
	CHECK_NODE(&e, "/local/domain/1/memory/target", "32768");
	CHECK_NODE(&e, "/local/domain/1/memory/static-max", "32768");
	CHECK_NODE(&e, "/local/domain/1/cpu/0/availability", "online");
	CHECK_NODE(&e, "/local/domain/1/cpu/1/availability", "offline");
	CHECK_NODE(&e, "/local/domain/1/store/port", "1");
	CHECK_NODE(&e, "/local/domain/1/console/port", "2");
	CHECK_NODE(&e, "/local/domain/1/console/type", "xenconsoled");
	CHECK_NODE(&e, "/local/domain/1/console/output", "pty");
	CHECK_NODE(&e, "/local/domain/1/control/shutdown", "");
	CHECK(ctrl_xs_get_perms(e.c.xs, 0, "/local/domain/1", &perms, &n) == 0 &&
	      n == 2 && !strcmp(perms[0], "n0") && !strcmp(perms[1], "r1"));
	free(perms);
	CHECK(ctrl_xs_get_perms(e.c.xs, 0, "/local/domain/1/control/shutdown",
				&perms, &n) == 0 && n == 1 &&
	      !strcmp(perms[0], "n1"));
	free(perms);
	CHECK(ctrl_xs_is_introduced(e.c.xs, 1, &intro) == 0 && intro);
	{
		char *ring = rd(&e, "/local/domain/1/store/ring-ref");

		/* a frame of the guest's, as the builder placed it */
		CHECK(ring && e.h->owner[strtoull(ring, NULL, 10)] == 1);
		free(ring);
	}
	/* listed, resolvable both ways, config kept */
	CHECK_EQ(ctrl_vm_list(&e.c, &list, &n), 0);
	CHECK(n == 2 && !strcmp(list[0].name, "Domain-0") &&
	      !strcmp(list[1].name, "g1"));
	free(list);
	CHECK(ctrl_domain_resolve(&e.c, "g1", &id2) == 0 && id2 == 1);
	CHECK(ctrl_domain_resolve(&e.c, "1", &id2) == 0 && id2 == 1);
	CHECK_EQ(ctrl_domain_resolve(&e.c, "7", &id2), -ESRCH);
	CHECK_EQ(ctrl_domain_resolve(&e.c, "nobody", &id2), -ESRCH);
	CHECK_EQ(ctrl_vm_load_config(&e.c, 1, &back), 0);
	CHECK(back.has_uuid && back.memory_mb == 32 && !strcmp(back.name, "g1"));
	{
		char uuid[37], vmpath[64];

		ctrl_uuid_format(back.uuid, uuid);
		snprintf(vmpath, sizeof(vmpath), "/vm/%s/name", uuid);
		CHECK_NODE(&e, vmpath, "g1");
		snprintf(vmpath, sizeof(vmpath), "/local/domain/1/vm");
		{
			char *v = rd(&e, vmpath);

			CHECK(v && strstr(v, uuid));
			free(v);
		}
	}
	ctrl_domcfg_free(&back);

	/* shutdown asks through xenstore */
	CHECK_EQ(ctrl_vm_shutdown(&e.c, 1, "poweroff", 0, err, sizeof(err)), 0);
	CHECK_NODE(&e, "/local/domain/1/control/shutdown", "poweroff");
	CHECK_EQ(ctrl_vm_shutdown(&e.c, 1, "explode", 0, err, sizeof(err)),
		 -EINVAL);

	/* destroy gives every frame back and removes the nodes */
	CHECK_EQ(ctrl_vm_destroy(&e.c, 1, 1000, err, sizeof(err)), 0);
	CHECK_EQ(e.h->nr_free, free0);
	CHECK(rd(&e, "/local/domain/1/name") == NULL);
	CHECK(ctrl_xs_is_introduced(e.c.xs, 1, &intro) == 0 && !intro);
	CHECK_EQ(ctrl_vm_load_config(&e.c, 1, &back), -ENOENT);
	ctrl_domcfg_free(&back);
	CHECK_EQ(ctrl_vm_destroy(&e.c, 1, 0, err, sizeof(err)), -ESRCH);
	CHECK_EQ(ctrl_vm_destroy(&e.c, 0, 0, err, sizeof(err)), -EPERM);
	ctrl_domcfg_free(&c);
	env_down(&e);
}

TEST(vm, create_checks)
{
	struct env e;
	struct ctrl_domcfg c;
	char err[CTRL_VM_ERRLEN], want[512];
	uint32_t id = 0;
	size_t free0;

	if (!env_up(&e)) {
		test_skip("no xenstored to test with");
		return;
	}
	free0 = e.h->nr_free;
	cfg(&e, &c, "");
	CHECK_EQ(ctrl_vm_create(&e.c, &c, NULL, &id, err, sizeof(err)), 0);
	/* the same name again */
	CHECK_EQ(ctrl_vm_create(&e.c, &c, NULL, &id, err, sizeof(err)), -EEXIST);
	CHECK_STR(err, "guest.cfg:1: name: a domain called 'g1' already "
		       "exists (id 1)");
	ctrl_domcfg_free(&c);
	/* a kernel that is not there */
	cfg(&e, &c, "name='g2'\nkernel='/nonexistent/vmlinuz'");
	CHECK_EQ(ctrl_vm_create(&e.c, &c, NULL, &id, err, sizeof(err)), -ENOENT);
	CHECK_STR(err, "guest.cfg:8: kernel '/nonexistent/vmlinuz': No such "
		       "file or directory");
	ctrl_domcfg_free(&c);
	/* a kernel that is not a kernel */
	cfg(&e, &c, "name='g2'\nkernel='/etc/hostname'");
	CHECK_EQ(ctrl_vm_create(&e.c, &c, NULL, &id, err, sizeof(err)), -EINVAL);
	CHECKF(strstr(err, "guest.cfg:8: kernel '/etc/hostname': "), "%s", err);
	ctrl_domcfg_free(&c);
	/* more memory than the hypervisor has free */
	cfg(&e, &c, "name='g2'\nmemory=4096");
	CHECK_EQ(ctrl_vm_create(&e.c, &c, NULL, &id, err, sizeof(err)), -ENOMEM);
	snprintf(want, sizeof(want), "guest.cfg:8: memory: 4096 MiB asked for, "
		 "but the hypervisor has only %zu MiB free", e.h->nr_free / 256);
	CHECK_STR(err, want);
	ctrl_domcfg_free(&c);
	/* a ramdisk URL that cannot be fetched */
	cfg(&e, &c, "name='g2'\nramdisk='http://127.0.0.1:1/initrd'");
	CHECK_EQ(ctrl_vm_create(&e.c, &c, NULL, &id, err, sizeof(err)), -EIO);
	CHECKF(!strncmp(err, "guest.cfg:8: ramdisk: http://127.0.0.1:1/initrd: ",
			27), "%s", err);
	ctrl_domcfg_free(&c);
	/* a failure half way: the domain and its nodes are gone again */
	cfg(&e, &c, "name='g3'");
	e.h->fail_cmd = XABI_DOMCTL_setvcpucontext;
	e.h->fail_rc = -EINVAL;
	CHECK_EQ(ctrl_vm_create(&e.c, &c, NULL, &id, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "building the guest: setting vCPU 0's context: Invalid "
		       "argument");
	CHECK(fakehv_dom(e.h, 2) == NULL);
	CHECK(rd(&e, "/local/domain/2/name") == NULL);
	ctrl_domcfg_free(&c);
	CHECK_EQ(ctrl_vm_destroy(&e.c, 1, 1000, err, sizeof(err)), 0);
	CHECK_EQ(e.h->nr_free, free0);
	env_down(&e);
}

static void shut(struct env *e, uint32_t domid, unsigned int reason)
{
	struct fhv_dom *d = fakehv_dom(e->h, domid);

	if (d)
		d->flags |= XABI_DOMINF_shutdown |
			    reason << XABI_DOMINF_SHUTDOWN_SHIFT;
}

TEST(vm, monitor_actions)
{
	struct env e;
	struct ctrl_domcfg c;
	struct ctrl_dominfo info;
	enum ctrl_action act;
	char err[CTRL_VM_ERRLEN];
	uint8_t uuid[16];
	uint32_t id = 0, first;
	size_t free0;

	if (!env_up(&e)) {
		test_skip("no xenstored to test with");
		return;
	}
	free0 = e.h->nr_free;
	CHECK_EQ(ctrl_vm_action_for(&(struct ctrl_domcfg){ .on_crash = CTRL_ACT_PRESERVE },
				    XABI_SHUTDOWN_watchdog), CTRL_ACT_PRESERVE);
	cfg(&e, &c, "uuid='00112233-4455-6677-8899-aabbccddeeff'\n"
		    "on_crash='preserve'");
	CHECK_EQ(ctrl_vm_create(&e.c, &c, NULL, &id, err, sizeof(err)), 0);
	first = id;
	memcpy(uuid, fakehv_dom(e.h, id)->handle, 16);
	/* reboot: destroyed and built again, same name and UUID, new id */
	shut(&e, id, XABI_SHUTDOWN_reboot);
	CHECKF(ctrl_vm_handle_shutdown(&e.c, &c, &id, XABI_SHUTDOWN_reboot, &act,
				       err, sizeof(err)) == 0, "%s", err);
	CHECK_EQ(act, CTRL_ACT_RESTART);
	CHECK(id != first);
	CHECK(fakehv_dom(e.h, first) == NULL);
	CHECK(fakehv_dom(e.h, id) && !memcmp(fakehv_dom(e.h, id)->handle, uuid, 16));
	CHECK_EQ(fakehv_dom(e.h, id)->pause_count, 0);
	{
		char path[64], *v = NULL;

		snprintf(path, sizeof(path), "/local/domain/%u/name", id);
		CHECK(!ctrl_xs_read(e.c.xs, 0, path, &v, NULL) && !strcmp(v, "g1"));
		free(v);
		snprintf(path, sizeof(path), "/local/domain/%u/name", first);
		CHECK_EQ(ctrl_xs_read(e.c.xs, 0, path, &v, NULL), -ENOENT);
	}
	/* crash with on_crash=preserve: left as it is */
	shut(&e, id, XABI_SHUTDOWN_crash);
	CHECK_EQ(ctrl_vm_handle_shutdown(&e.c, &c, &id, XABI_SHUTDOWN_crash, &act,
					 err, sizeof(err)), 0);
	CHECK_EQ(act, CTRL_ACT_PRESERVE);
	CHECK_EQ(ctrl_dom_getinfo(e.c.t, id, &info), 0);
	CHECK(info.shutdown && info.shutdown_reason == XABI_SHUTDOWN_crash);
	/* poweroff: destroyed, everything given back */
	CHECK_EQ(ctrl_vm_handle_shutdown(&e.c, &c, &id, XABI_SHUTDOWN_poweroff,
					 &act, err, sizeof(err)), 0);
	CHECK_EQ(act, CTRL_ACT_DESTROY);
	CHECK_EQ(ctrl_dom_getinfo(e.c.t, id, &info), -ESRCH);
	CHECK_EQ(e.h->nr_free, free0);
	ctrl_domcfg_free(&c);
	env_down(&e);
}
