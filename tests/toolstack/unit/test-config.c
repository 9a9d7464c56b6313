// SPDX-License-Identifier: GPL-2.0-only
/*
 * xl.cfg parsing: the surface syntax (quotes, escapes, numbers, lists over
 * several lines, comments, ';'), key semantics, command-line overrides,
 * and line-numbered errors naming the file. Table-driven.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "../../unit/runner.h"

#define BASE "name='g'\nkernel='/k'\n"

static int parse(struct ctrl_domcfg *c, const char *text, char *err)
{
	return ctrl_cfg_parse(c, "guest.cfg", text, strlen(text), NULL, 0, err);
}

TEST(cfg, minimal_defaults)
{
	struct ctrl_domcfg c;
	char err[CTRL_CFG_ERRLEN];

	CHECK_EQ(parse(&c, BASE, err), 0);
	CHECK_STR(c.name, "g");
	CHECK_STR(c.kernel, "/k");
	CHECK_EQ(c.memory_mb, CTRL_DEFAULT_MEMORY_MB);
	CHECK_EQ(c.maxmem_mb, CTRL_DEFAULT_MEMORY_MB);
	CHECK_EQ(c.vcpus, 1);
	CHECK_EQ(c.maxvcpus, 1);
	CHECK_EQ(c.on_poweroff, CTRL_ACT_DESTROY);
	CHECK_EQ(c.on_reboot, CTRL_ACT_RESTART);
	CHECK_EQ(c.on_crash, CTRL_ACT_DESTROY);
	CHECK(!c.has_uuid);
	ctrl_domcfg_free(&c);
}

TEST(cfg, full_file)
{
	static const char text[] =
		"# a guest\n"
		"\n"
		"name = \"web-1\"   # trailing comment\n"
		"uuid = '6c1d2f6a-0b7e-4d8a-9f1e-2a3b4c5d6e7f'\n"
		"memory = 128; maxmem = 0x100\n"
		"vcpus=2\n"
		"maxvcpus = \"4\"\n"
		"kernel = '/boot/vmlinuz'\n"
		"ramdisk = \"/boot/initrd.img\"\n"
		"root = '/dev/xvda1 ro'\n"
		"extra = \"console=hvc0\"\n"
		"on_poweroff = 'destroy'\n"
		"on_reboot = \"preserve\"\n"
		"on_crash = 'coredump-restart'\n"
		"disk = [ '/img/a.raw,raw,xvda,rw',\n"
		"         # a comment inside the list\n"
		"         'format=qcow2, vdev=xvdb, access=ro, target=/img/b,c.qcow2',\n"
		"       ]\n"
		"vif = ['mac=00:16:3e:01:02:03,bridge=xenbr0', 'bridge=br1,rate=10Mb/s']\n";
	struct ctrl_domcfg c;
	char err[CTRL_CFG_ERRLEN], uuid[37];
	char *cmd;

	CHECKF(parse(&c, text, err) == 0, "%s", err);
	CHECK_STR(c.name, "web-1");
	ctrl_uuid_format(c.uuid, uuid);
	CHECK_STR(uuid, "6c1d2f6a-0b7e-4d8a-9f1e-2a3b4c5d6e7f");
	CHECK_EQ(c.memory_mb, 128);
	CHECK_EQ(c.maxmem_mb, 256);
	CHECK_EQ(c.vcpus, 2);
	CHECK_EQ(c.maxvcpus, 4);
	CHECK_STR(c.ramdisk, "/boot/initrd.img");
	cmd = ctrl_domcfg_cmdline(&c);
	CHECK_STR(cmd, "root=/dev/xvda1 ro console=hvc0");
	free(cmd);
	CHECK_EQ(c.on_reboot, CTRL_ACT_PRESERVE);
	CHECK_EQ(c.on_crash, CTRL_ACT_COREDUMP_RESTART);
	CHECK_EQ(c.nr_disks, 2);
	if (c.nr_disks == 2) {
		CHECK_STR(c.disks[0].target, "/img/a.raw");
		CHECK_STR(c.disks[0].vdev, "xvda");
		CHECK(!c.disks[0].readonly);
		CHECK_EQ(c.disks[1].format, CTRL_DISK_FMT_QCOW2);
		CHECK_STR(c.disks[1].target, "/img/b,c.qcow2");
		CHECK(c.disks[1].readonly);
	}
	CHECK_EQ(c.nr_vifs, 2);
	if (c.nr_vifs == 2) {
		CHECK(c.vifs[0].has_mac);
		CHECK_EQ(c.vifs[0].mac[5], 3);
		CHECK_STR(c.vifs[0].bridge, "xenbr0");
		CHECK_EQ(c.vifs[1].rate_bytes_per_interval, 62500);
		CHECK_EQ(c.vifs[1].rate_interval_usecs, 50000);
	}
	CHECK_EQ(c.loc[CTRL_KEY_MEMORY].line, 5);
	CHECK_EQ(c.loc[CTRL_KEY_KERNEL].line, 8);
	CHECK_STR(c.loc[CTRL_KEY_KERNEL].file, "guest.cfg");
	CHECK_EQ(c.loc[CTRL_KEY_VIF].line, 19);
	ctrl_domcfg_free(&c);
}

TEST(cfg, strings_and_escapes)
{
	static const struct {
		const char *text;
		const char *cmdline;
	} rows[] = {
		{ "cmdline='a b'", "a b" },
		{ "cmdline=\"it's\"", "it's" },
		{ "cmdline='say \"hi\"'", "say \"hi\"" },
		{ "cmdline=\"tab\\there\"", "tab\there" },
		{ "cmdline='back\\\\slash'", "back\\slash" },
		{ "cmdline=\"\\x41\\102C\"", "ABC" },
		{ "cmdline=\"q\\\"q\"", "q\"q" },
		{ "cmdline=''", "" },
		{ "cmdline = 'x' ;", "x" },
		{ "cmdline='first'\ncmdline='second'", "second" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char text[256], err[CTRL_CFG_ERRLEN];
		struct ctrl_domcfg c;

		snprintf(text, sizeof(text), BASE "%s\n", rows[i].text);
		if (parse(&c, text, err)) {
			test_fail(__FILE__, __LINE__, "row %zu: %s", i, err);
		} else {
			CHECKF(c.cmdline && !strcmp(c.cmdline, rows[i].cmdline),
			       "row %zu: got '%s'", i, c.cmdline);
		}
		ctrl_domcfg_free(&c);
	}
}

TEST(cfg, numbers)
{
	static const struct {
		const char *text;
		unsigned long long mem;
	} rows[] = {
		{ "memory=64", 64 },	 { "memory = 0x40", 64 },
		{ "memory='64'", 64 },	 { "memory=\"1024\"", 1024 },
		{ "memory=010", 8 },	 /* strtol base 0, as xl */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char text[256], err[CTRL_CFG_ERRLEN];
		struct ctrl_domcfg c;

		snprintf(text, sizeof(text), BASE "%s\n", rows[i].text);
		CHECKF(parse(&c, text, err) == 0, "row %zu: %s", i, err);
		CHECKF(c.memory_mb == rows[i].mem, "row %zu: %llu", i,
		       (unsigned long long)c.memory_mb);
		ctrl_domcfg_free(&c);
	}
}

TEST(cfg, lists)
{
	static const struct {
		const char *text;
		size_t n;
	} rows[] = {
		{ "vif=[]", 0 },
		{ "vif=[ ]", 0 },
		{ "vif=['bridge=a']", 1 },
		{ "vif=['bridge=a',]", 1 },
		{ "vif=[\n'bridge=a'\n,\n'bridge=b'\n]", 2 },
		{ "vif=[ 'bridge=a', # c\n 'bridge=b', # d\n ]", 2 },
		{ "vif=['bridge=a']\nvif+=['bridge=b']", 2 },
		{ "vif=['bridge=a']\nvif=['bridge=b']", 1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char text[256], err[CTRL_CFG_ERRLEN];
		struct ctrl_domcfg c;

		snprintf(text, sizeof(text), BASE "%s\n", rows[i].text);
		CHECKF(parse(&c, text, err) == 0, "row %zu: %s", i, err);
		CHECKF(c.nr_vifs == rows[i].n, "row %zu: %zu vifs", i,
		       c.nr_vifs);
		ctrl_domcfg_free(&c);
	}
}

/* Each row: the text after BASE (2 lines) and the expected message. */
TEST(cfg, errors)
{
	static const struct {
		const char *text;
		const char *msg;
	} rows[] = {
		{ "memroy=128", "guest.cfg:3: unknown setting 'memroy'" },
		{ "memory=abc", "guest.cfg:3: memory: expected a value (string, number or list), found a bare word (strings need quotes)" },
		{ "memory='12x'", "guest.cfg:3: memory: '12x' is not a number" },
		{ "memory=0", "guest.cfg:3: memory: 0 is out of range (1..1073741824)" },
		{ "\n\nvcpus=0", "guest.cfg:5: vcpus: 0 is out of range (1..512)" },
		{ "memory=[1]", "guest.cfg:3: memory: expected a single value, not a list" },
		{ "name=foo", "guest.cfg:3: name: expected a value (string, number or list), found a bare word (strings need quotes)" },
		{ "name='a b'", "guest.cfg:3: name: 'a b' contains a character not allowed in a domain name (space, quote, slash or control)" },
		{ "name='42'", "guest.cfg:3: name: '42' is a number and would be taken for a domain id" },
		{ "name=42", "guest.cfg:3: name: expected a quoted string, found 42" },
		{ "kernel=''", "guest.cfg:3: kernel: must not be empty" },
		{ "cmdline='abc", "guest.cfg:3: unterminated string" },
		{ "memory 128", "guest.cfg:3: expected '=' after 'memory', found a number" },
		{ "memory=128 256", "guest.cfg:3: memory: expected the end of the setting, found a number" },
		{ "disk=['x' 'y']", "guest.cfg:3: disk: expected ',' or ']' in the list, found a string" },
		{ "disk=[['x']]", "guest.cfg:3: disk: lists cannot be nested" },
		{ "disk=[\n'/a,raw,xvda',\n'/b,raw,xvda']", "guest.cfg:5: disk: '/b,raw,xvda': vdev xvda is used twice" },
		{ "disk='/a,raw,xvda'", "guest.cfg:3: disk: expected a list [ '...', ... ], found /a,raw,xvda" },
		{ "disk=['/a,raw,zzz']", "guest.cfg:3: disk: '/a,raw,zzz': vdev 'zzz' is not a virtual disk name (xvdX, hdX, sdX, dNpN)" },
		{ "vif=['bridge=a',\n'mac=zz']", "guest.cfg:4: vif: 'mac=zz': mac 'zz' is not xx:xx:xx:xx:xx:xx" },
		{ "on_crash='explode'", "guest.cfg:3: on_crash: unknown action 'explode' (destroy, restart, rename-restart, preserve, coredump-destroy, coredump-restart, soft-reset)" },
		{ "uuid='1234'", "guest.cfg:3: uuid: '1234' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)" },
		{ "memory=256\nmaxmem=128", "guest.cfg:4: maxmem: 128 is less than memory (256)" },
		{ "vcpus=4\nmaxvcpus=2", "guest.cfg:4: maxvcpus: 2 is less than vcpus (4)" },
		{ "type='hvm'", "guest.cfg:3: type: 'hvm' guests are not supported yet (only pv)" },
		{ "bootloader='pygrub'", "guest.cfg:3: bootloader: bootloaders are not supported: give kernel= (and ramdisk=) instead" },
		{ "memory=1\n@", "guest.cfg:4: unexpected character '@'" },
		{ "= 3", "guest.cfg:3: expected a setting name, found '='" },
		{ "memory += 3", "guest.cfg:3: memory: '+=' only applies to lists" },
		{ "cmdline='a\\", "guest.cfg:3: unterminated string" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char text[512], err[CTRL_CFG_ERRLEN];
		struct ctrl_domcfg c;

		snprintf(text, sizeof(text), BASE "%s\n", rows[i].text);
		CHECKF(parse(&c, text, err) != 0, "row %zu parsed", i);
		CHECKF(!strcmp(err, rows[i].msg), "row %zu:\n      got  %s\n      want %s",
		       i, err, rows[i].msg);
		ctrl_domcfg_free(&c);
	}
}

TEST(cfg, missing_required)
{
	struct ctrl_domcfg c;
	char err[CTRL_CFG_ERRLEN];

	CHECK(parse(&c, "kernel='/k'\n", err) != 0);
	CHECK_STR(err, "guest.cfg: no name= given");
	ctrl_domcfg_free(&c);
	CHECK(parse(&c, "name='x'\n", err) != 0);
	CHECK_STR(err, "guest.cfg: no kernel= given (a PV guest needs one)");
	ctrl_domcfg_free(&c);
}

TEST(cfg, overrides)
{
	const char *ov[] = { "memory=256", "name=\"other\"", "vif=['bridge=x']" };
	const char *bad[] = { "memory=128", "memory=lots" };
	struct ctrl_domcfg c;
	char err[CTRL_CFG_ERRLEN];
	const char *text = BASE "memory=128\nvif=['bridge=a','bridge=b']\n";

	CHECK_EQ(ctrl_cfg_parse(&c, "g.cfg", text, strlen(text), ov, 3, err), 0);
	CHECK_EQ(c.memory_mb, 256);
	CHECK_STR(c.name, "other");
	CHECK_EQ(c.nr_vifs, 1);
	CHECK_STR(c.loc[CTRL_KEY_MEMORY].file, CTRL_CFG_CMDLINE_LABEL);
	CHECK_EQ(c.loc[CTRL_KEY_MEMORY].line, 1);
	ctrl_domcfg_free(&c);

	CHECK(ctrl_cfg_parse(&c, "g.cfg", text, strlen(text), bad, 2, err));
	CHECK_STR(err, "command line:2: memory: expected a value (string, number or list), found a bare word (strings need quotes)");
	ctrl_domcfg_free(&c);
}

TEST(cfg, not_nul_terminated)
{
	/* The parser must honour len, not look for a NUL. */
	char buf[64];
	struct ctrl_domcfg c;
	char err[CTRL_CFG_ERRLEN];
	const char *t = BASE "memory=64";

	memset(buf, 'x', sizeof(buf));
	memcpy(buf, t, strlen(t));
	CHECK_EQ(ctrl_cfg_parse(&c, "g", buf, strlen(t), NULL, 0, err), 0);
	CHECK_EQ(c.memory_mb, 64);
	ctrl_domcfg_free(&c);
	/* An embedded NUL is an error, not the end of the file. */
	memcpy(buf, BASE "\0memory=1", sizeof(BASE) + 9);
	CHECK(ctrl_cfg_parse(&c, "g", buf, sizeof(BASE) + 8, NULL, 0, err));
	CHECK_STR(err, "g:3: NUL byte in configuration");
	ctrl_domcfg_free(&c);
}

TEST(cfg, roundtrip)
{
	static const char *texts[] = {
		BASE,
		BASE "memory=300\nmaxmem=512\nvcpus=2\nmaxvcpus=8\n"
		     "uuid='00112233-4455-6677-8899-aabbccddeeff'\n"
		     "cmdline='console=hvc0 \"quoted\" back\\\\slash'\n"
		     "root='/dev/xvda'\nextra='ro'\n"
		     "on_poweroff='preserve'\non_reboot='destroy'\n"
		     "description='tab\\there'\n"
		     "disk=['phy:/dev/vg/x,xvda,w', ',,hdc,cdrom', "
		     "'vdev=xvdb,format=vhd,access=ro,backendtype=tap,"
		     "backend=dd,script=s,direct-io-safe,no-discard,"
		     "target=/a,b']\n"
		     "vif=['mac=00:16:3e:aa:bb:cc,bridge=br0,ip=1.2.3.4 5.6.7.8,"
		     "model=e1000,vifname=v,script=vif-bridge,backend=nd,"
		     "gatewaydev=eth0,rate=1MB/s@20ms,devid=3,mtu=9000,type=vif']\n"
		     "max_grant_frames=64\nmax_maptrack_frames=0\n"
		     "max_event_channels=2047\nrtc_timeoffset=-3600\nlocaltime=1\n",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		struct ctrl_domcfg a, b;
		char err[CTRL_CFG_ERRLEN];
		char *out;

		CHECKF(parse(&a, texts[i], err) == 0, "row %zu: %s", i, err);
		out = ctrl_domcfg_to_cfg(&a);
		CHECK(out != NULL);
		CHECKF(out && parse(&b, out, err) == 0, "row %zu: %s\n%s", i,
		       err, out);
		CHECKF(ctrl_domcfg_equal(&a, &b), "row %zu differs:\n%s", i,
		       out);
		free(out);
		ctrl_domcfg_free(&a);
		ctrl_domcfg_free(&b);
	}
}

TEST(cfg, json)
{
	struct ctrl_domcfg c;
	char err[CTRL_CFG_ERRLEN];
	char *j;

	CHECK_EQ(parse(&c, BASE "memory=128\ncmdline='a\"b'\n"
			    "disk=['/x,raw,xvda']\n", err), 0);
	j = ctrl_domcfg_to_json(&c, 0);
	CHECK(j != NULL);
	CHECKF(j && strstr(j, "\"name\":\"g\""), "%s", j);
	CHECKF(j && strstr(j, "\"target_memkb\":131072"), "%s", j);
	CHECKF(j && strstr(j, "\"cmdline\":\"a\\\"b\""), "%s", j);
	CHECKF(j && strstr(j, "\"pdev_path\":\"/x\""), "%s", j);
	free(j);
	ctrl_domcfg_free(&c);
}
