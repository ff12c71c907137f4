/* A mergeable quantile sketch with a relative-error guarantee (DDSketch):
 * run-length-independent latency percentiles for long runs. */
#ifndef OG_SKETCH_H
#define OG_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* The default relative accuracy: quantiles within 1% of the exact value. */
#define OG_SKETCH_ALPHA 0.01

/* Counts of one sign's values by bucket key: counts[i] is key lo + i. The
 * array covers [lo, lo + cap) and grows on either side as keys come. */
struct og_sketch_store {
  uint64_t *counts;
  int64_t lo;
  size_t cap;
  uint64_t total;
};

/* Masson, Rim, Lee, "DDSketch: A Fast and Fully-Mergeable Quantile Sketch
 * with Relative-Error Guarantees", PVLDB 12(12), 2019 (VLDB 2019). A value
 * x > 0 goes to bucket k = ceil(log_gamma(x)), gamma = (1 + alpha) /
 * (1 - alpha), i.e. gamma^(k-1) < x <= gamma^k; a negative x to bucket k of
 * |x| in a second store; zeros are counted apart. Bucket k stands for
 * 2 gamma^k / (gamma + 1), within alpha of every value in it (section 2).
 * Buckets cover every finite double (no cap: about 37,000 keys per sign at
 * alpha = 0.01); memory is 8 B per key between the smallest and the largest
 * magnitude added, plus slack. Start with og_sketch_init, release with
 * og_sketch_fini; the fields are read-only outside sketch.c. */
struct og_sketch {
  double alpha, gamma;
  double ln_gamma, inv_ln_gamma;
  double offset;       /* ln(2 / (gamma + 1)) */
  uint64_t n, zeros;
  double min, max;     /* of the values added; NAN while empty */
  struct og_sketch_store pos, neg;
};

/* An empty sketch of relative accuracy alpha (0 < alpha < 1, and not so
 * small that gamma rounds to 1 or a key overflows). OG_EINVAL otherwise,
 * with s left empty (og_sketch_fini is still safe). Allocates nothing. */
OG_MUST_CHECK enum og_status og_sketch_init(struct og_sketch *s, double alpha);
/* Free the buckets; s may then be init'ed again. */
void og_sketch_fini(struct og_sketch *s);

/* Count x. O(1) amortized: a key outside the buckets allocated grows the
 * store by half its size at least. OG_EINVAL for NaN or an infinity,
 * OG_ENOMEM when growing fails; s is unchanged on failure. */
OG_MUST_CHECK enum og_status og_sketch_add(struct og_sketch *s, double x);

/* Add src's counts to dst (both the same alpha, else OG_EINVAL): dst becomes
 * the sketch of the union, bucket by bucket. OG_ENOMEM leaves dst as it was. */
OG_MUST_CHECK enum og_status og_sketch_merge(struct og_sketch *dst, const struct og_sketch *src);

/* The q-quantile (q in [0, 1], clamped): the value of the bucket holding the
 * element of rank floor(q (n - 1)) (0-based) in sorted order, the paper's
 * rank rule (algorithm 2), clamped to [min, max]; the extreme ranks give
 * min and max themselves. Within alpha of that element, relative. NAN when
 * s is empty or q is NaN. */
double og_sketch_quantile(const struct og_sketch *s, double q);

/* Count of bucket `key` of the values of sign `sign` (+1 or -1), or of zeros
 * for sign 0 (key ignored): for tests and diagnostics. */
uint64_t og_sketch_bucket(const struct og_sketch *s, int sign, int64_t key);
/* Bucket key of x != 0 (of |x|); 0 for x == 0. */
int64_t og_sketch_key(const struct og_sketch *s, double x);

#endif
