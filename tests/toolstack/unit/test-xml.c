// SPDX-License-Identifier: GPL-2.0-only
/*
 * libvirt-style domain XML: import of a hand-written document, export of
 * a parsed xl.cfg and re-import to the same model, and errors with lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "../../unit/runner.h"

static const char doc[] =
	"<domain type='xen'>\n"				/* 1 */
	"  <name>web</name>\n"				/* 2 */
	"  <uuid>6c1d2f6a-0b7e-4d8a-9f1e-2a3b4c5d6e7f</uuid>\n"
	"  <memory unit='MiB'>512</memory>\n"		/* 4 */
	"  <currentMemory unit='KiB'>262144</currentMemory>\n"
	"  <vcpu placement='static' current='2'>4</vcpu>\n"
	"  <os>\n"
	"    <type arch='x86_64' machine='xenpv'>linux</type>\n"
	"    <kernel>/boot/vmlinuz</kernel>\n"		/* 9 */
	"    <initrd>/boot/initrd</initrd>\n"
	"    <cmdline>console=hvc0 root=/dev/xvda1</cmdline>\n"
	"  </os>\n"
	"  <clock offset='variable' adjustment='3600'/>\n"
	"  <on_poweroff>destroy</on_poweroff>\n"
	"  <on_reboot>restart</on_reboot>\n"
	"  <on_crash>preserve</on_crash>\n"
	"  <devices>\n"
	"    <disk type='file' device='disk'>\n"
	"      <driver name='qemu' type='qcow2'/>\n"
	"      <source file='/var/lib/img/web.qcow2'/>\n"
	"      <target dev='xvda' bus='xen'/>\n"
	"    </disk>\n"
	"    <disk type='block' device='cdrom'>\n"
	"      <driver name='phy'/>\n"
	"      <source dev='/dev/sr0'/>\n"
	"      <target dev='hdc' bus='ide'/>\n"
	"      <readonly/>\n"
	"    </disk>\n"
	"    <interface type='bridge'>\n"
	"      <mac address='00:16:3e:12:34:56'/>\n"
	"      <source bridge='xenbr0'/>\n"
	"      <ip address='10.0.0.5'/>\n"
	"      <ip address='10.0.0.6'/>\n"
	"      <bandwidth><outbound average='1250'/></bandwidth>\n"
	"    </interface>\n"
	"    <console type='pty'><target type='xen' port='0'/></console>\n"
	"    <graphics type='vnc'/>\n"
	"  </devices>\n"
	"</domain>\n";

TEST(xml, import)
{
	struct ctrl_domcfg c;
	char err[CTRL_CFG_ERRLEN];

	CHECKF(ctrl_xml_parse(&c, "web.xml", doc, strlen(doc), err) == 0, "%s",
	       err);
	CHECK_STR(c.name, "web");
	CHECK(c.has_uuid);
	CHECK_EQ(c.maxmem_mb, 512);
	CHECK_EQ(c.memory_mb, 256);
	CHECK_EQ(c.maxvcpus, 4);
	CHECK_EQ(c.vcpus, 2);
	CHECK_STR(c.kernel, "/boot/vmlinuz");
	CHECK_STR(c.ramdisk, "/boot/initrd");
	CHECK_STR(c.cmdline, "console=hvc0 root=/dev/xvda1");
	CHECK_EQ(c.rtc_timeoffset, 3600);
	CHECK_EQ(c.on_crash, CTRL_ACT_PRESERVE);
	CHECK_EQ(c.nr_disks, 2);
	if (c.nr_disks == 2) {
		CHECK_EQ(c.disks[0].format, CTRL_DISK_FMT_QCOW2);
		CHECK_EQ(c.disks[0].backendtype, CTRL_DISK_BE_QDISK);
		CHECK_STR(c.disks[0].target, "/var/lib/img/web.qcow2");
		CHECK(c.disks[1].cdrom && c.disks[1].readonly);
		CHECK_EQ(c.disks[1].backendtype, CTRL_DISK_BE_PHY);
	}
	CHECK_EQ(c.nr_vifs, 1);
	if (c.nr_vifs == 1) {
		CHECK_STR(c.vifs[0].ip, "10.0.0.5 10.0.0.6");
		CHECK_EQ(c.vifs[0].rate_bytes_per_interval, 62500);
	}
	CHECK_EQ(c.loc[CTRL_KEY_KERNEL].line, 9);
	CHECK_STR(c.loc[CTRL_KEY_KERNEL].file, "web.xml");
	ctrl_domcfg_free(&c);
}

TEST(xml, roundtrip_from_cfg)
{
	static const char cfg[] =
		"name='rt'\nkernel='/k'\nramdisk='/r'\nmemory=128\nmaxmem=256\n"
		"vcpus=1\nmaxvcpus=2\ncmdline='console=hvc0 <&>'\n"
		"uuid='00112233-4455-6677-8899-aabbccddeeff'\n"
		"on_reboot='destroy'\nlocaltime=1\n"
		"disk=['/img,raw,xvda,rw', 'phy:/dev/sdb,xvdb,r']\n"
		"vif=['mac=00:16:3e:00:00:01,bridge=br0,rate=10Mb/s', 'ip=1.1.1.1']\n";
	struct ctrl_domcfg a, b;
	char err[CTRL_CFG_ERRLEN];
	char *xml;

	CHECK_EQ(ctrl_cfg_parse(&a, "rt.cfg", cfg, strlen(cfg), NULL, 0, err), 0);
	xml = ctrl_domcfg_to_xml(&a, 7);
	CHECK(xml != NULL);
	if (!xml)
		return;
	CHECKF(strstr(xml, "<domain type=\"xen\" id=\"7\">"), "%s", xml);
	CHECKF(strstr(xml, "&lt;&amp;&gt;"), "%s", xml);
	CHECKF(ctrl_xml_parse(&b, "rt.xml", xml, strlen(xml), err) == 0, "%s", err);
	/* XML has a single cmdline; compare with the composed one. */
	CHECK_STR(b.cmdline, "console=hvc0 <&>");
	CHECK_EQ(b.memory_mb, 128);
	CHECK_EQ(b.maxmem_mb, 256);
	CHECK_EQ(b.maxvcpus, 2);
	CHECK(b.localtime);
	CHECK_EQ(b.on_reboot, CTRL_ACT_DESTROY);
	/* Devices survive intact (the rate text itself may be rewritten). */
	CHECK_EQ(b.nr_disks, 2);
	CHECK_EQ(b.nr_vifs, 2);
	if (b.nr_disks == 2 && b.nr_vifs == 2) {
		CHECK_STR(b.disks[1].target, "/dev/sdb");
		CHECK_EQ(b.disks[1].backendtype, CTRL_DISK_BE_PHY);
		CHECK(b.disks[1].readonly);
		CHECK_EQ(b.vifs[0].rate_bytes_per_interval,
			 a.vifs[0].rate_bytes_per_interval);
		CHECK_STR(b.vifs[1].ip, "1.1.1.1");
	}
	free(xml);
	ctrl_domcfg_free(&a);
	ctrl_domcfg_free(&b);
}

TEST(xml, errors)
{
	static const struct {
		const char *xml, *msg;
	} rows[] = {
		{ "<domain type='kvm'><name>a</name></domain>",
		  "x.xml:1: <domain type='kvm'>: only type='xen' is supported" },
		{ "<vm/>", "x.xml:1: the root element is <vm>, not <domain>" },
		{ "<domain type='xen'>\n<name>a b</name></domain>",
		  "x.xml:2: <name>: 'a b' contains a character not allowed in a domain name (space, quote, slash or control)" },
		{ "<domain type='xen'><name>a</name>\n\n<memory unit='PB'>1</memory></domain>",
		  "x.xml:3: <memory>: unknown unit 'PB'" },
		{ "<domain type='xen'><name>a</name>\n<vcpu>x</vcpu></domain>",
		  "x.xml:2: <vcpu>: 'x' is not a number in 1..512" },
		{ "<domain type='xen'><name>a</name></domain>",
		  "x.xml:1: <domain> has no <os><kernel> (a PV guest needs one)" },
		{ "<domain type='xen'><name>a</name><os><type>hvm</type></os></domain>",
		  "x.xml:1: <os><type>hvm: only PV ('linux') guests are supported" },
		{ "<domain type='xen'><name>a</name><os><kernel>/k</kernel></os>\n"
		  "<devices><disk><target dev='nope'/><source file='/f'/></disk></devices></domain>",
		  "x.xml:2: <disk>: vdev 'nope' is not a virtual disk name (xvdX, hdX, sdX, dNpN)" },
		{ "<domain type='xen'><name>a</name>\n<on_crash>boom</on_crash></domain>",
		  "x.xml:2: <on_crash>: unknown action 'boom'" },
		{ "<domain type='xen'>\n<name>a</name", "x.xml:2: " },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct ctrl_domcfg c;
		char err[CTRL_CFG_ERRLEN];

		CHECKF(ctrl_xml_parse(&c, "x.xml", rows[i].xml,
				      strlen(rows[i].xml), err),
		       "row %zu parsed", i);
		CHECKF(!strncmp(err, rows[i].msg, strlen(rows[i].msg)),
		       "row %zu: '%s'", i, err);
		ctrl_domcfg_free(&c);
	}
}
