/* xoshiro256** as a gsl_rng_type, stream derivation and fast samplers. */
#include "rng.h"

#include <math.h>
#include <stdlib.h>

struct xstate {
  uint64_t s[4];
};

static inline uint64_t rotl(uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

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
 * generators", OOPSLA 2014). */
static uint64_t splitmix64(uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static void xset(void *vstate, unsigned long seed)
{
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
  return next64(r->state);
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

size_t og_rng_index(gsl_rng *r, size_t n)
{
  uint64_t x = r->type == og_rng_xoshiro256ss ? next64(r->state)
                                              : ((uint64_t)gsl_rng_get(r) << 32) ^ gsl_rng_get(r);
  __uint128_t m = (__uint128_t)x * n;
  uint64_t low = (uint64_t)m;
  if (low < n) {
    uint64_t threshold = -(uint64_t)n % n;
    while (low < threshold) {
      x = r->type == og_rng_xoshiro256ss ? next64(r->state)
                                         : ((uint64_t)gsl_rng_get(r) << 32) ^ gsl_rng_get(r);
      m = (__uint128_t)x * n;
      low = (uint64_t)m;
    }
  }
  return (size_t)(m >> 64);
}

struct og_alias {
  size_t n;
  double *prob;
  size_t *alias;
};

void og_alias_free(struct og_alias *a)
{
  if (!a)
    return;
  free(a->prob);
  free(a->alias);
  free(a);
}

static double weights_total(const double *w, size_t n)
{
  double total = 0;
  for (size_t i = 0; i < n; i++) {
    if (!(w[i] >= 0) || isinf(w[i]))
      return -1;
    total += w[i];
  }
  return total;
}

/* Vose's method: split scaled weights into small (< 1) and large worklists
 * and pair each small entry with a large one. */
static void build(struct og_alias *a, const double *w, double total, size_t *work)
{
  size_t n = a->n, ns = 0, nl = n;
  for (size_t i = 0; i < n; i++) {
    a->prob[i] = w[i] * (double)n / total;
    if (a->prob[i] < 1)
      work[ns++] = i;
    else
      work[--nl] = i;
  }
  while (ns > 0 && nl < n) {
    size_t s = work[--ns], l = work[nl];
    a->alias[s] = l;
    a->prob[l] -= 1 - a->prob[s];
    if (a->prob[l] < 1) {
      nl++;
      work[ns++] = l;
    }
  }
  while (nl < n)
    a->prob[work[nl++]] = 1;
  while (ns > 0)
    a->prob[work[--ns]] = 1; /* rounding leftovers */
}

enum og_status og_alias_new(const double *weights, size_t n, struct og_alias **out)
{
  *out = NULL;
  double total = weights_total(weights, n);
  if (n == 0 || !(total > 0))
    return OG_EINVAL;
  struct og_alias *a = calloc(1, sizeof *a);
  size_t *work = malloc(n * sizeof *work);
  if (!a || !work)
    goto fail;
  a->n = n;
  a->prob = malloc(n * sizeof *a->prob);
  a->alias = calloc(n, sizeof *a->alias);
  if (!a->prob || !a->alias)
    goto fail;
  for (size_t i = 0; i < n; i++)
    a->alias[i] = i;
  build(a, weights, total, work);
  free(work);
  *out = a;
  return OG_OK;
fail:
  free(work);
  og_alias_free(a);
  return OG_ENOMEM;
}

size_t og_alias_sample(const struct og_alias *a, gsl_rng *r)
{
  size_t i = og_rng_index(r, a->n);
  return gsl_rng_uniform(r) < a->prob[i] ? i : a->alias[i];
}
