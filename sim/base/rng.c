/* xoshiro256** as a gsl_rng_type, stream derivation, and the exponential
 * and bounded-integer samplers. */
#include "rng.h"

#include <assert.h>
#include <gsl/gsl_errno.h>
#include <math.h>

/* GSL's default error handler aborts the process (on a failed allocation,
 * say); library code must return a status instead. Every program that links
 * this file (all of ogsim's do: the samplers live here) has the handler off
 * before main() runs, so every GSL call's return code is the error path. */
__attribute__((constructor)) static void gsl_errors_returned(void)
{
  gsl_set_error_handler_off();
}

struct xstate {
  uint64_t s[4];
};

static inline uint64_t rotl(uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

/* Blackman & Vigna 2021, xoshiro256** (reference code xoshiro256starstar.c). */
static inline uint64_t next64(struct xstate *x)
{
  uint64_t *s = x->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

/* splitmix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014; constants of Vigna's splitmix64.c). */
static uint64_t splitmix64(uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Four successive splitmix64 outputs, as Blackman & Vigna advise; they are
 * never all zero since the finaliser is a bijection. */
static void xset(void *vstate, unsigned long seed)
{
  _Static_assert(sizeof(unsigned long) == sizeof(uint64_t), "64-bit gsl_rng seeds");
  struct xstate *x = vstate;
  uint64_t sm = (uint64_t)seed;
  for (int i = 0; i < 4; i++)
    x->s[i] = splitmix64(&sm);
}

static unsigned long xget(void *vstate)
{
  return (unsigned long)(next64(vstate) >> 32);
}

static double xget_double(void *vstate)
{
  return (double)(next64(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
  "og_xoshiro256ss", 0xffffffffUL, 0, sizeof(struct xstate), xset, xget, xget_double,
};

const gsl_rng_type *og_rng_xoshiro256ss = &xoshiro_type;

uint64_t og__rng_next64(gsl_rng *r)
{
  assert(r->type == &xoshiro_type);
  return next64(r->state);
}

void og__rng_seed_state(gsl_rng *r, const uint64_t s[4])
{
  assert(r->type == &xoshiro_type && (s[0] | s[1] | s[2] | s[3]) != 0);
  struct xstate *x = r->state;
  for (int i = 0; i < 4; i++)
    x->s[i] = s[i];
}

uint64_t og_rng_stream_seed(uint64_t seed, enum og_rng_purpose purpose, uint64_t entity)
{
  uint64_t x = seed;
  uint64_t h = splitmix64(&x);
  x = h ^ ((uint64_t)purpose * 0xd1b54a32d192ed03ULL);
  h = splitmix64(&x);
  x = h ^ entity;
  return splitmix64(&x);
}

gsl_rng *og_rng_new(uint64_t seed, enum og_rng_purpose purpose, uint64_t entity)
{
  gsl_rng *r = gsl_rng_alloc(og_rng_xoshiro256ss);
  if (r)
    gsl_rng_set(r, (unsigned long)og_rng_stream_seed(seed, purpose, entity));
  return r;
}

double og_rng_exponential(gsl_rng *r, double mean)
{
  return -mean * log1p(-gsl_rng_uniform(r));
}

/* 64 random bits: one xoshiro output, or two 32-bit draws, high half first. */
static uint64_t bits64(gsl_rng *r)
{
  if (r->type == &xoshiro_type)
    return next64(r->state);
  assert(r->type->min == 0 && r->type->max == 0xffffffffUL);
  uint64_t hi = gsl_rng_get(r);
  return hi << 32 | gsl_rng_get(r);
}

/* Lemire 2019, algorithm 5: the high word of x * n, rejecting the few x
 * whose low word falls below 2^64 mod n. */
size_t og_rng_index(gsl_rng *r, size_t n)
{
  _Static_assert(sizeof(size_t) <= sizeof(uint64_t), "size_t fits 64 bits");
  assert(n > 0);
  unsigned __int128 m = (unsigned __int128)bits64(r) * n;
  uint64_t low = (uint64_t)m;
  if (low < n) {
    uint64_t threshold = -(uint64_t)n % n;
    while (low < threshold) {
      m = (unsigned __int128)bits64(r) * n;
      low = (uint64_t)m;
    }
  }
  return (size_t)(m >> 64);
}
