/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest configuration model: what an xl.cfg file or a libvirt-style
 * domain XML describes, in one structure. Parsers fill it, the toolstack
 * builds from it, serialisers write it back (cfg text, XML, JSON).
 * Pure data: no hypervisor, no file system.
 */
#ifndef CTRL_CONFIG_MODEL_H
#define CTRL_CONFIG_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What to do when the guest powers off, reboots or crashes. */
enum ctrl_action {
	CTRL_ACT_DESTROY,
	CTRL_ACT_RESTART,
	CTRL_ACT_RENAME_RESTART,
	CTRL_ACT_PRESERVE,
	CTRL_ACT_COREDUMP_DESTROY,
	CTRL_ACT_COREDUMP_RESTART,
	CTRL_ACT_SOFT_RESET,
};

enum ctrl_disk_format {
	CTRL_DISK_FMT_UNSET,
	CTRL_DISK_FMT_RAW,
	CTRL_DISK_FMT_QCOW,
	CTRL_DISK_FMT_QCOW2,
	CTRL_DISK_FMT_VHD,
	CTRL_DISK_FMT_QED,
	CTRL_DISK_FMT_EMPTY,
};

enum ctrl_disk_backendtype {
	CTRL_DISK_BE_UNSET,
	CTRL_DISK_BE_PHY,
	CTRL_DISK_BE_QDISK,
	CTRL_DISK_BE_TAP,
	CTRL_DISK_BE_STANDALONE,
};

/* One entry of disk=[...] (xl-disk-configuration syntax). */
struct ctrl_disk {
	char *target;		/* path (may be NULL for an empty cdrom) */
	enum ctrl_disk_format format;
	char *vdev;		/* xvda, hdc, sdb ... (required) */
	bool readonly;
	bool cdrom;
	enum ctrl_disk_backendtype backendtype;
	char *backend;		/* driver domain name, NULL = dom0 */
	char *script;
	bool direct_io_safe;
	int discard;		/* -1 unset, 0 no-discard, 1 discard */
};

/* One entry of vif=[...] (xl-network-configuration syntax). */
struct ctrl_vif {
	bool has_mac;
	uint8_t mac[6];
	char *bridge;
	char *ip;		/* space separated addresses */
	char *type;		/* "vif" or "ioemu" */
	char *model;
	char *vifname;
	char *script;
	char *backend;
	char *gatewaydev;
	char *rate;		/* as written, e.g. "10Mb/s@20ms" */
	uint64_t rate_bytes_per_interval; /* 0 = unlimited */
	uint32_t rate_interval_usecs;
	int devid;		/* -1 = by position */
	unsigned int mtu;	/* 0 = default */
};

/* Keys whose source line is remembered for later error messages. */
enum ctrl_cfg_key {
	CTRL_KEY_NAME,
	CTRL_KEY_UUID,
	CTRL_KEY_MEMORY,
	CTRL_KEY_MAXMEM,
	CTRL_KEY_VCPUS,
	CTRL_KEY_MAXVCPUS,
	CTRL_KEY_KERNEL,
	CTRL_KEY_RAMDISK,
	CTRL_KEY_CMDLINE,
	CTRL_KEY_DISK,
	CTRL_KEY_VIF,
	CTRL_KEY_COUNT
};

/* Where a setting came from: file name (or "command line") and line. */
struct ctrl_srcloc {
	const char *file; /* points into ctrl_domcfg.files[] */
	int line;	  /* 0 = not set anywhere */
};

struct ctrl_domcfg {
	char *name;
	bool has_uuid;
	uint8_t uuid[16];
	uint64_t memory_mb;	/* initial allocation */
	uint64_t maxmem_mb;	/* balloon ceiling, >= memory_mb */
	unsigned int vcpus;	/* online at boot */
	unsigned int maxvcpus;	/* allocated */
	char *kernel;		/* path or URL */
	char *ramdisk;
	char *cmdline;		/* cmdline= as given */
	char *root;		/* root= */
	char *extra;		/* extra= */
	enum ctrl_action on_poweroff, on_reboot, on_crash;
	struct ctrl_disk *disks;
	size_t nr_disks;
	struct ctrl_vif *vifs;
	size_t nr_vifs;
	int max_grant_frames;	/* -1 = hypervisor default */
	int max_maptrack_frames;
	unsigned int max_event_channels;
	int64_t rtc_timeoffset;
	bool localtime;
	char *description;

	struct ctrl_srcloc loc[CTRL_KEY_COUNT];
	char *files[4];		/* names referenced by loc[] */
};

/* Defaults Xen's xl uses when a key is absent. */
#define CTRL_DEFAULT_MEMORY_MB	  32
#define CTRL_DEFAULT_EVTCHN	  1023
#define CTRL_MAX_VCPUS		  512

void ctrl_domcfg_init(struct ctrl_domcfg *c);
void ctrl_domcfg_free(struct ctrl_domcfg *c);
void ctrl_disk_free(struct ctrl_disk *d);
void ctrl_vif_free(struct ctrl_vif *v);

/*
 * The kernel command line the guest gets: cmdline= if given, else
 * "root=<root> <extra>" from whichever of the two is set. Caller frees.
 */
char *ctrl_domcfg_cmdline(const struct ctrl_domcfg *c);

/* Name of an action as xl.cfg spells it, and the reverse (-1: unknown). */
const char *ctrl_action_name(enum ctrl_action a);
int ctrl_action_parse(const char *s);
const char *ctrl_disk_format_name(enum ctrl_disk_format f);
const char *ctrl_disk_backendtype_name(enum ctrl_disk_backendtype b);

/* NULL if s is a usable domain name, else why not (for a message). */
const char *ctrl_domname_invalid(const char *s);

/* "xx:xx:xx:xx:xx:xx" <-> bytes; 0 or -EINVAL. */
int ctrl_mac_parse(const char *s, uint8_t mac[6]);
void ctrl_mac_format(const uint8_t mac[6], char out[18]);
/* Canonical 36-character UUID text <-> bytes; 0 or -EINVAL. */
int ctrl_uuid_parse(const char *s, uint8_t uuid[16]);
void ctrl_uuid_format(const uint8_t uuid[16], char out[37]);

/*
 * Serialisers. Each returns a malloc'd NUL-terminated string or NULL on
 * allocation failure. The cfg text re-parses to an equal model.
 */
char *ctrl_domcfg_to_cfg(const struct ctrl_domcfg *c);
char *ctrl_domcfg_to_json(const struct ctrl_domcfg *c, int indent);

/* Spec strings in xl syntax for one device (cfg text and `xl list -l`). */
char *ctrl_disk_to_spec(const struct ctrl_disk *d);
char *ctrl_vif_to_spec(const struct ctrl_vif *v);

/* Structural equality (used by round-trip tests). */
bool ctrl_domcfg_equal(const struct ctrl_domcfg *a, const struct ctrl_domcfg *b);

#endif /* CTRL_CONFIG_MODEL_H */
