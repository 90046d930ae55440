/* fuzz/fuzz_ident.c: the identifier checks (core/ident.h) on any bytes:
 * every type's check, the guess of a bare number's type, the mask.  A
 * number one check accepts must be accepted again once normalised, and
 * no check may read or write out of bounds (AddressSanitizer). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

static bool any_division(void *ctx, const char *code6)
{
	(void)ctx;
	return code6[0] != '0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	enum id_type types[] = {ID_RESIDENT, ID_USCC, ID_PASSPORT, ID_HKMO_PERMIT,
				ID_TW_PERMIT, ID_FOREIGN_PR};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		struct id_check ck;
		struct cd_err err = {0};
		if (id_check_any(types[i], s, any_division, NULL, &ck, &err) == CD_OK) {
			/* what passed passes again as it was normalised */
			struct id_check again;
			if (id_check_any(types[i], ck.normalized, any_division, NULL, &again,
					 &err) != CD_OK ||
			    strcmp(again.normalized, ck.normalized))
				abort();
		}
	}
	(void)id_guess_type(s);
	char masked[64];
	id_mask(s, masked, sizeof masked);
	free(s);
	return 0;
}
