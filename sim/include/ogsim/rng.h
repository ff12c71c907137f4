/* Deterministic random streams: xoshiro256** as a GSL generator type, one
 * stream per (seed, purpose, entity), and the samplers the simulator needs. */
#ifndef OG_RNG_H
#define OG_RNG_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* What a stream is used for; with the entity (a client, a node) it selects
 * an independent stream, so changing one part of a scenario does not
 * reshuffle the draws of another. The values enter the stream seeds: append
 * new purposes before the terminator, never renumber. */
enum og_rng_purpose {
  OG_RNG_ARRIVAL = 1, /* inter-arrival gaps, per client region */
  OG_RNG_MIX,         /* model of each request, per client region */
  OG_RNG_ROUTING,     /* gateway routing choices */
  OG_RNG_SERVICE,     /* service-time draws, per node */
  OG_RNG_FAILURE,     /* failure and repair times, per node */
  OG_RNG_MMPP,        /* MMPP state holding times, per client region */
  OG_RNG_PLACEMENT,   /* placement choices */
  OG_RNG_STRATEGY,    /* dishonest-strategy draws, per node */
  OG_RNG_VERIFY,      /* verification sampling */
  OG_RNG_WEIGHTS,     /* weights of runnable models, per model */
  OG_RNG_INPUTS,      /* inputs of runnable models, per request */
  OG_RNG_SWEEP,       /* seeds of a sweep's tasks, per replicate (and point) */
  OG_RNG_SHAPE,       /* token counts of each request, per client region */
  OG_RNG_TRACE,       /* a trace's rows: thinning, copies, client region, per row */
  OG_RNG_CHURN,       /* churn: joins, their slots and sessions, per node class */
  OG_RNG_PEER,        /* peer fetch: which holder a load takes its weights from */
  OG_RNG_PAYLOAD,     /* message sizes of each request, per client region */
  OG_RNG_PROTOCOL,    /* a protocol's own draws, per (protocol, node): never a
                       * dishonest strategy's, so that switching protocols keeps
                       * every node's cheat decisions (common random numbers) */
  OG_RNG_PURPOSE_COUNT_
};

/* xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4), 2021; preprint 2018), its state filled by
 * splitmix64 from all 64 bits of gsl_rng_set's seed. gsl_rng_get gives the
 * upper 32 bits of each output (min 0, max 0xffffffff); gsl_rng_uniform
 * gives (x >> 11) * 2^-53, in [0, 1). */
extern const gsl_rng_type *og_rng_xoshiro256ss;

/* The 64-bit seed of stream (seed, purpose, entity): the three mixed through
 * chained splitmix64 finalisers, so nearby triples give unrelated seeds. */
uint64_t og_rng_stream_seed(uint64_t seed, enum og_rng_purpose purpose, uint64_t entity);

/* A new og_rng_xoshiro256ss generator for that stream, owned by the caller
 * (gsl_rng_free). NULL when out of memory (with GSL's error handler off). */
gsl_rng *og_rng_new(uint64_t seed, enum og_rng_purpose purpose, uint64_t entity);

/* Exponential draw with the given mean, by inversion on 1-u (never log 0):
 * finite and >= 0 for mean > 0. */
double og_rng_exponential(gsl_rng *r, double mean);

/* Uniform integer in [0, n), unbiased for any n >= 1 up to SIZE_MAX (Lemire,
 * "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019).
 * r must be an og_rng_xoshiro256ss or have the full 32-bit range (min 0, max
 * 0xffffffff, e.g. gsl_rng_mt19937). */
size_t og_rng_index(gsl_rng *r, size_t n);

/* Walker's alias method for O(1) weighted draws, built in O(n) by Vose's
 * algorithm (Vose, "A linear algorithm for generating random numbers with a
 * given distribution", IEEE TSE 17(9), 1991). */
struct og_alias;

/* Table for weights[0..n), which need not sum to 1: each finite and >= 0,
 * at least one > 0, their sum times n finite; else OG_EINVAL. On success
 * *out is owned by the caller (og_alias_free); on failure *out is NULL and
 * err (NULL allowed) says why. */
OG_MUST_CHECK enum og_status og_alias_new(const double *weights, size_t n, struct og_alias **out,
                                          struct og_error *err);

/* Index i drawn with probability weights[i] / sum; uses two draws of r. */
size_t og_alias_sample(const struct og_alias *a, gsl_rng *r);

/* Accepts NULL. */
void og_alias_free(struct og_alias *a);

/* Internal, for tests: the raw 64-bit output of an og_rng_xoshiro256ss, and
 * setting its state directly (not all zero). */
uint64_t og__rng_next64(gsl_rng *r);
void og__rng_seed_state(gsl_rng *r, const uint64_t s[4]);

#endif
