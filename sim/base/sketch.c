/* DDSketch (Masson, Rim, Lee, VLDB 2019): relative-error quantiles from
 * log-spaced bucket counts, growable and mergeable. */
#include "sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Largest |log(x)| of a finite double (subnormals included), with margin. */
#define LN_RANGE 746.0

enum og_status og_sketch_init(struct og_sketch *s, double alpha)
{
  memset(s, 0, sizeof *s);
  s->min = s->max = NAN;
  if (!(alpha > 0 && alpha < 1))
    return OG_EINVAL;
  double gamma = (1 + alpha) / (1 - alpha), lg = log(gamma);
  /* every key, with the store's slack, must stay an exact int64 */
  if (!(lg > 0) || !(LN_RANGE / lg < 0x1p52))
    return OG_EINVAL;
  s->alpha = alpha;
  s->gamma = gamma;
  s->ln_gamma = lg;
  s->inv_ln_gamma = 1 / lg;
  s->offset = log(2 / (gamma + 1));
  return OG_OK;
}

void og_sketch_fini(struct og_sketch *s)
{
  free(s->pos.counts);
  free(s->neg.counts);
  s->pos = s->neg = (struct og_sketch_store){0};
  s->n = s->zeros = 0;
  s->min = s->max = NAN;
}

int64_t og_sketch_key(const struct og_sketch *s, double x)
{
  return x == 0 ? 0 : (int64_t)ceil(log(fabs(x)) * s->inv_ln_gamma);
}

static int store_has(const struct og_sketch_store *st, int64_t k)
{
  return st->counts && k >= st->lo && (uint64_t)(k - st->lo) < st->cap;
}

/* Make keys lo..hi (inclusive) exist in st, adding half the current size
 * (at least 16) on each side that grows; counts kept. */
static enum og_status store_room(struct og_sketch_store *st, int64_t lo, int64_t hi)
{
  if (store_has(st, lo) && store_has(st, hi))
    return OG_OK;
  int64_t slack = (int64_t)(st->cap / 2) + 16;
  int64_t old_hi = st->lo + (int64_t)st->cap, new_lo = st->lo, new_hi = old_hi;
  if (!st->counts) {
    new_lo = lo - slack;
    new_hi = hi + 1 + slack;
  }
  if (st->counts && lo < st->lo)
    new_lo = lo - slack;
  if (st->counts && hi >= old_hi)
    new_hi = hi + 1 + slack;
  if ((uint64_t)(new_hi - new_lo) > SIZE_MAX / sizeof *st->counts)
    return OG_ENOMEM;
  size_t cap = (size_t)(new_hi - new_lo);
  uint64_t *c = calloc(cap, sizeof *c);
  if (!c)
    return OG_ENOMEM;
  if (st->counts)
    memcpy(c + (st->lo - new_lo), st->counts, st->cap * sizeof *c);
  free(st->counts);
  st->counts = c;
  st->lo = new_lo;
  st->cap = cap;
  return OG_OK;
}

static void note_range(struct og_sketch *s, double min, double max, uint64_t n)
{
  s->min = s->n ? fmin(s->min, min) : min;
  s->max = s->n ? fmax(s->max, max) : max;
  s->n += n;
}

enum og_status og_sketch_add(struct og_sketch *s, double x)
{
  if (!isfinite(x))
    return OG_EINVAL;
  if (x == 0) {
    s->zeros++;
  } else {
    struct og_sketch_store *st = x > 0 ? &s->pos : &s->neg;
    int64_t k = og_sketch_key(s, x);
    enum og_status r = store_room(st, k, k);
    if (r != OG_OK)
      return r;
    st->counts[k - st->lo]++;
    st->total++;
  }
  note_range(s, x, x, 1);
  return OG_OK;
}

/* Lowest and highest key with a count; 0 when st is empty. */
static int store_span(const struct og_sketch_store *st, int64_t *lo, int64_t *hi)
{
  size_t a = 0, b = st->cap;
  if (!st->total)
    return 0;
  while (!st->counts[a])
    a++;
  while (!st->counts[b - 1])
    b--;
  *lo = st->lo + (int64_t)a;
  *hi = st->lo + (int64_t)b - 1;
  return 1;
}

static enum og_status merge_room(struct og_sketch_store *dst, const struct og_sketch_store *src)
{
  int64_t lo, hi;
  return store_span(src, &lo, &hi) ? store_room(dst, lo, hi) : OG_OK;
}

static void merge_counts(struct og_sketch_store *dst, const struct og_sketch_store *src)
{
  for (size_t i = 0; src->total && i < src->cap; i++)
    if (src->counts[i])
      dst->counts[src->lo + (int64_t)i - dst->lo] += src->counts[i];
  dst->total += src->total;
}

enum og_status og_sketch_merge(struct og_sketch *dst, const struct og_sketch *src)
{
  if (dst->alpha != src->alpha || !(src->alpha > 0))
    return OG_EINVAL;
  enum og_status r = merge_room(&dst->pos, &src->pos);
  if (r == OG_OK)
    r = merge_room(&dst->neg, &src->neg);
  if (r != OG_OK || !src->n)
    return r;
  merge_counts(&dst->pos, &src->pos);
  merge_counts(&dst->neg, &src->neg);
  dst->zeros += src->zeros;
  note_range(dst, src->min, src->max, src->n);
  return OG_OK;
}

static double bucket_value(const struct og_sketch *s, int64_t k, double sign)
{
  double v = sign * exp((double)k * s->ln_gamma + s->offset);
  return fmin(fmax(v, s->min), s->max);
}

double og_sketch_quantile(const struct og_sketch *s, double q)
{
  if (!s->n || isnan(q))
    return NAN;
  uint64_t rank = (uint64_t)floor(fmin(fmax(q, 0), 1) * (double)(s->n - 1)), cum = 0;
  const struct og_sketch_store *neg = &s->neg, *pos = &s->pos;
  if (rank == 0 || rank == s->n - 1)
    return rank ? s->max : s->min;
  for (size_t i = neg->cap; neg->total && i-- > 0;)
    if ((cum += neg->counts[i]) > rank)
      return bucket_value(s, neg->lo + (int64_t)i, -1);
  if ((cum += s->zeros) > rank)
    return 0.0;
  for (size_t i = 0; i < pos->cap; i++)
    if ((cum += pos->counts[i]) > rank)
      return bucket_value(s, pos->lo + (int64_t)i, 1);
  return s->max;
}

uint64_t og_sketch_bucket(const struct og_sketch *s, int sign, int64_t key)
{
  const struct og_sketch_store *st = sign > 0 ? &s->pos : &s->neg;
  if (sign == 0)
    return s->zeros;
  return store_has(st, key) ? st->counts[key - st->lo] : 0;
}
