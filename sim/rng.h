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
 * reshuffle the draws of another. */
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
  OG_RNG_PURPOSE_COUNT_
};

/* xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021), seeded through splitmix64 from all 64 bits of
 * gsl_rng_set's seed. */
extern const gsl_rng_type *og_rng_xoshiro256ss;

/* The 64-bit seed of stream (seed, purpose, entity). */
uint64_t og_rng_stream_seed(uint64_t seed, enum og_rng_purpose purpose, uint64_t entity);

/* A new generator for that stream (caller frees with gsl_rng_free); NULL when
 * out of memory. */
gsl_rng *og_rng_new(uint64_t seed, enum og_rng_purpose purpose, uint64_t entity);

/* Exponential draw with the given mean (inverse transform on 1-u: never
 * log(0)). */
double og_rng_exponential(gsl_rng *r, double mean);

/* Uniform integer in [0, n), n >= 1, unbiased for n up to 2^64-1 (Lemire,
 * "Fast random integer generation in an interval", ACM TOMACS 2019). */
size_t og_rng_index(gsl_rng *r, size_t n);

/* Walker/Vose alias table for O(1) weighted draws (Vose, "A linear algorithm
 * for generating random numbers with a given distribution", IEEE TSE 1991). */
struct og_alias;

/* Weights >= 0, finite, at least one > 0; else OG_EINVAL. *out owned by the
 * caller (og_alias_free). */
OG_MUST_CHECK enum og_status og_alias_new(const double *weights, size_t n, struct og_alias **out);
size_t og_alias_sample(const struct og_alias *a, gsl_rng *r);
void og_alias_free(struct og_alias *a);

/* Internal, for tests: the raw 64-bit output of an og_rng_xoshiro256ss. */
uint64_t og__rng_next64(gsl_rng *r);

#endif
