// SPDX-License-Identifier: GPL-2.0-only
/* Wall-clock time at boot from the CMOS real-time clock. */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/time.h>

static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned int bcd(uint8_t v, bool is_bcd)
{
	return is_bcd ? (v & 0xf) + (v >> 4) * 10 : v;
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static uint64_t days_from_civil(unsigned int y, unsigned int m, unsigned int d)
{
	uint64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

uint64_t get_wallclock_seconds(void)
{
	unsigned int sec, min, hour, day, mon, year, spins = 0;
	uint8_t regb;
	bool is_bcd;

	while ((cmos_read(0x0a) & 0x80) && ++spins < 1000000)
		cpu_relax();                        /* update in progress */
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	regb = cmos_read(0x0b);
	is_bcd = !(regb & 0x04);
	sec = bcd(sec, is_bcd);
	min = bcd(min, is_bcd);
	hour = bcd(hour & 0x7f, is_bcd) + ((!(regb & 0x02) && (hour & 0x80)) ? 12 : 0);
	day = bcd(day, is_bcd);
	mon = bcd(mon, is_bcd);
	year = bcd(year, is_bcd) + 2000;
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return 0;
	return days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
}
