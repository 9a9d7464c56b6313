// SPDX-License-Identifier: GPL-2.0-only
/*
 * Disk and vif spec strings: the examples of xl's disk and network
 * configuration documents, deprecated forms, and bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "../../unit/runner.h"

struct disk_row {
	const char *spec;
	const char *target, *vdev;
	enum ctrl_disk_format fmt;
	bool ro, cdrom;
	enum ctrl_disk_backendtype bt;
};

TEST(disk, equivalent_forms)
{
	static const struct disk_row rows[] = {
		{ "/dev/vg/guest-volume,,hda", "/dev/vg/guest-volume", "hda",
		  CTRL_DISK_FMT_RAW, false, false, CTRL_DISK_BE_UNSET },
		{ "/dev/vg/guest-volume,raw,hda,rw", "/dev/vg/guest-volume",
		  "hda", CTRL_DISK_FMT_RAW, false, false, CTRL_DISK_BE_UNSET },
		{ "format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume",
		  "/dev/vg/guest-volume", "hda", CTRL_DISK_FMT_RAW, false,
		  false, CTRL_DISK_BE_UNSET },
		{ "raw:/dev/vg/guest-volume,hda,w", "/dev/vg/guest-volume",
		  "hda", CTRL_DISK_FMT_RAW, false, false, CTRL_DISK_BE_UNSET },
		{ "/root/image.iso,,hdc,cdrom", "/root/image.iso", "hdc",
		  CTRL_DISK_FMT_RAW, true, true, CTRL_DISK_BE_UNSET },
		{ "/root/image.iso,,hdc,,cdrom", "/root/image.iso", "hdc",
		  CTRL_DISK_FMT_RAW, true, true, CTRL_DISK_BE_UNSET },
		{ "/root/image.iso,raw,hdc,devtype=cdrom", "/root/image.iso",
		  "hdc", CTRL_DISK_FMT_RAW, true, true, CTRL_DISK_BE_UNSET },
		{ "format=raw, vdev=hdc, access=ro, devtype=cdrom, "
		  "target=/root/image.iso",
		  "/root/image.iso", "hdc", CTRL_DISK_FMT_RAW, true, true,
		  CTRL_DISK_BE_UNSET },
		{ "raw:/root/image.iso,hdc:cdrom,ro", "/root/image.iso", "hdc",
		  CTRL_DISK_FMT_RAW, true, true, CTRL_DISK_BE_UNSET },
		{ "phy:/dev/sdb,xvda,w", "/dev/sdb", "xvda", CTRL_DISK_FMT_RAW,
		  false, false, CTRL_DISK_BE_PHY },
		{ "file:/img.raw,xvda1,r", "/img.raw", "xvda1",
		  CTRL_DISK_FMT_RAW, true, false, CTRL_DISK_BE_UNSET },
		{ "tap:qcow2:/img.q,xvdb,w", "/img.q", "xvdb",
		  CTRL_DISK_FMT_QCOW2, false, false, CTRL_DISK_BE_TAP },
		{ "/a.vhd,vhd,xvdc,ro", "/a.vhd", "xvdc", CTRL_DISK_FMT_VHD,
		  true, false, CTRL_DISK_BE_UNSET },
		{ ",,hdc,cdrom", NULL, "hdc", CTRL_DISK_FMT_EMPTY, true, true,
		  CTRL_DISK_BE_UNSET },
		{ "vdev=xvda,backendtype=qdisk,target=/x:y,z", "/x:y,z", "xvda",
		  CTRL_DISK_FMT_RAW, false, false, CTRL_DISK_BE_QDISK },
		{ "/i,raw,d0p1", "/i", "d0p1", CTRL_DISK_FMT_RAW, false, false,
		  CTRL_DISK_BE_UNSET },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct disk_row *r = &rows[i];
		struct ctrl_disk d;
		char err[256];

		if (ctrl_disk_parse(r->spec, &d, err, sizeof(err))) {
			test_fail(__FILE__, __LINE__, "row %zu '%s': %s", i,
				r->spec, err);
			continue;
		}
		CHECKF((!r->target && !d.target) ||
			       (r->target && d.target &&
				!strcmp(r->target, d.target)),
		       "row %zu target '%s'", i, d.target);
		CHECKF(d.vdev && !strcmp(d.vdev, r->vdev), "row %zu vdev %s",
		       i, d.vdev);
		CHECKF(d.format == r->fmt, "row %zu format %d", i, d.format);
		CHECKF(d.readonly == r->ro, "row %zu ro %d", i, d.readonly);
		CHECKF(d.cdrom == r->cdrom, "row %zu cdrom %d", i, d.cdrom);
		CHECKF(d.backendtype == r->bt, "row %zu bt %d", i,
		       d.backendtype);
		ctrl_disk_free(&d);
	}
}

TEST(disk, errors)
{
	static const struct {
		const char *spec, *msg;
	} rows[] = {
		{ "/a", "no vdev given (e.g. 'xvda')" },
		{ "vdev=xvda", "no target given" },
		{ "/a,ext4,xvda", "unknown disk format 'ext4' (raw, qcow, qcow2, vhd, qed)" },
		{ "/a,raw,xvda,rx", "access 'rx' is not ro, r, rw or w" },
		{ "/a,raw,xvda,rw,extra", "too many positional parameters at 'extra'" },
		{ "/a,raw,xvda,colour=red", "unknown disk parameter 'colour'" },
		{ "/a,raw,floppy", "vdev 'floppy' is not a virtual disk name (xvdX, hdX, sdX, dNpN)" },
		{ "/a,raw,xvda,backendtype=nfs", "unknown backendtype 'nfs' (phy, qdisk, tap, standalone)" },
		{ "/a,raw,xvda:tape", "unknown device type suffix 'tape'" },
		{ "vdev=xvda,vdev=xvdb,target=/a", "vdev given twice" },
		{ "/a,raw,xvda,devtype=floppy", "devtype 'floppy' is not cdrom or disk" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct ctrl_disk d;
		char err[256];

		CHECKF(ctrl_disk_parse(rows[i].spec, &d, err, sizeof(err)),
		       "row %zu parsed", i);
		CHECKF(!strcmp(err, rows[i].msg), "row %zu: '%s'", i, err);
		ctrl_disk_free(&d);
	}
}

TEST(vif, specs)
{
	struct ctrl_vif v;
	char err[256];

	CHECK_EQ(ctrl_vif_parse("", &v, err, sizeof(err)), 0);
	CHECK(!v.has_mac);
	CHECK_EQ(v.devid, -1);
	ctrl_vif_free(&v);

	CHECK_EQ(ctrl_vif_parse(" mac=00:16:3E:11:22:33 , bridge=xenbr0, "
				"ip=10.0.0.2 10.0.0.3,rate=100Mb/s@10ms,"
				"mtu=1500,devid=2,vifname=web0,model=e1000",
				&v, err, sizeof(err)), 0);
	CHECK(v.has_mac);
	CHECK_EQ(v.mac[3], 0x11);
	CHECK_STR(v.bridge, "xenbr0");
	CHECK_STR(v.ip, "10.0.0.2 10.0.0.3");
	CHECK_EQ(v.rate_bytes_per_interval, 125000);
	CHECK_EQ(v.rate_interval_usecs, 10000);
	CHECK_EQ(v.mtu, 1500);
	CHECK_EQ(v.devid, 2);
	ctrl_vif_free(&v);
}

TEST(vif, rates)
{
	static const struct {
		const char *rate;
		unsigned long long bytes;
		unsigned int us;
	} rows[] = {
		{ "10Mb/s", 62500, 50000 },    { "1MB/s", 50000, 50000 },
		{ "8b/s@1s", 1, 1000000 },     { "1GB/s@1ms", 1000000, 1000 },
		{ "100KB/s@100us", 10, 100 },  { "5B/s@2s", 10, 2000000 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct ctrl_vif v;
		char spec[64], err[256];

		snprintf(spec, sizeof(spec), "rate=%s", rows[i].rate);
		CHECKF(ctrl_vif_parse(spec, &v, err, sizeof(err)) == 0,
		       "row %zu: %s", i, err);
		CHECKF(v.rate_bytes_per_interval == rows[i].bytes &&
			       v.rate_interval_usecs == rows[i].us,
		       "row %zu: %llu/%u", i,
		       (unsigned long long)v.rate_bytes_per_interval,
		       v.rate_interval_usecs);
		ctrl_vif_free(&v);
	}
}

TEST(vif, errors)
{
	static const struct {
		const char *spec, *msg;
	} rows[] = {
		{ "bridge", "'bridge' is not key=value" },
		{ "colour=red", "unknown vif parameter 'colour'" },
		{ "mac=01:00:00:00:00:00", "mac '01:00:00:00:00:00' is a multicast address" },
		{ "mac=00:16:3e:00:00", "mac '00:16:3e:00:00' is not xx:xx:xx:xx:xx:xx" },
		{ "rate=10", "rate '10': expected a unit B (bytes) or b (bits) per second" },
		{ "rate=0MB/s", "rate '0MB/s' must be a positive number" },
		{ "rate=10MB/m", "rate '10MB/m': expected '/s' after the unit" },
		{ "rate=10MB/s@5h", "rate '10MB/s@5h': interval unit is s, ms or us" },
		{ "rate=1b/s", "rate '1b/s' gives no credit per interval" },
		{ "rate=99999999999999999999GB/s", "rate '99999999999999999999GB/s' must be a positive number" },
		{ "mtu=10", "mtu 10 is out of range (68..65535)" },
		{ "devid=-1", "devid '-1' is not a number" },
		{ "type=tap", "type 'tap' is not vif or ioemu" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct ctrl_vif v;
		char err[256];

		CHECKF(ctrl_vif_parse(rows[i].spec, &v, err, sizeof(err)),
		       "row %zu parsed", i);
		CHECKF(!strcmp(err, rows[i].msg), "row %zu: '%s'", i, err);
		ctrl_vif_free(&v);
	}
}

TEST(mac, uuid_text)
{
	uint8_t mac[6], u[16];
	char buf[40];

	CHECK_EQ(ctrl_mac_parse("aa:BB:0c:dd:ee:0f", mac), 0);
	ctrl_mac_format(mac, buf);
	CHECK_STR(buf, "aa:bb:0c:dd:ee:0f");
	CHECK(ctrl_mac_parse("aa:bb:cc:dd:ee:ff:00", mac));
	CHECK(ctrl_mac_parse("aa-bb-cc-dd-ee-ff", mac));
	CHECK_EQ(ctrl_uuid_parse("00112233-4455-6677-8899-AABBCCDDEEFF", u), 0);
	ctrl_uuid_format(u, buf);
	CHECK_STR(buf, "00112233-4455-6677-8899-aabbccddeeff");
	CHECK(ctrl_uuid_parse("00112233-4455-6677-8899-aabbccddeef", u));
	CHECK(ctrl_uuid_parse("0011223344556677-8899-aabb-ccddeeff", u));
	CHECK(ctrl_uuid_parse("00112233-4455-6677-8899-aabbccddeeffa", u));
}
