/* core/uuid.c: UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7,
 * 12 bits used as a counter within one millisecond (method 1 of the RFC),
 * the variant and 62 random bits.  Ids made here sort by creation time,
 * which keeps the primary-key B-trees appending. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core.h"

void uuid7_new(char out[UUID_SIZE])
{
	static uint64_t last_ms;
	static uint16_t counter;
	uint64_t ms = (uint64_t)clock_now_ms();
	/* random bits fetched 4 KiB at a time: one system call per 256 ids */
	static unsigned char pool[4096];
	static size_t used = sizeof pool;
	if (used == sizeof pool) {
		randombytes_buf(pool, sizeof pool);
		used = 0;
	}
	unsigned char b[16];
	memcpy(b, pool + used, sizeof b);
	sodium_memzero(pool + used, sizeof b);
	used += sizeof b;
	if (ms <= last_ms) {
		/* same or earlier millisecond (clock step): keep order */
		ms = last_ms;
		if (++counter > 0x0FFF) {
			ms = ++last_ms;
			counter = 0;
		}
	} else {
		last_ms = ms;
		counter = (uint16_t)(((b[6] & 0x07) << 8) | b[7]); /* random start, room to count */
	}
	b[0] = (unsigned char)(ms >> 40);
	b[1] = (unsigned char)(ms >> 32);
	b[2] = (unsigned char)(ms >> 24);
	b[3] = (unsigned char)(ms >> 16);
	b[4] = (unsigned char)(ms >> 8);
	b[5] = (unsigned char)ms;
	b[6] = (unsigned char)(0x70 | ((counter >> 8) & 0x0F));
	b[7] = (unsigned char)counter;
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3F));
	static const char hex[] = "0123456789abcdef";
	int o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}
