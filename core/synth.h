/* core/synth.h: synthetic subjects for the demo database and the benchmarks. */
#ifndef CREDITDESK_SYNTH_H
#define CREDITDESK_SYNTH_H

#include <stddef.h>
#include <stdint.h>

struct synth;
struct synth *synth_new(uint64_t seed);
void synth_free(struct synth **s);
/* Restart the sequence from a new seed (same subjects for the same seed). */
void synth_reseed(struct synth *s, uint64_t seed);
/* A valid resident ID born 1950-2005 with a real county code. */
void synth_resid(struct synth *s, char out[19]);
void synth_uscc(struct synth *s, char out[19]);
void synth_person_name(struct synth *s, char *out, size_t n);
void synth_org_name(struct synth *s, char *out, size_t n);
/* A unit name of the kind that fills in 填报单位. */
void synth_unit_name(struct synth *s, char *out, size_t n);
uint32_t synth_rand(struct synth *s, uint32_t bound);

#endif
