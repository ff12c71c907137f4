/* Regression of a run's numbers against a baseline: simulated metrics must
 * agree (counts exactly, other values within a relative tolerance per
 * metric), and the simulator's speed and memory may not regress beyond a
 * wide factor (machines are noisy). Reads results files only. */
#ifndef OG_COMPARE_H
#define OG_COMPARE_H

#include <stddef.h>

#include "status.h"

enum og_cmp_rule {
  OG_CMP_EXACT,     /* counts: equal */
  OG_CMP_REL,       /* |cand - base| <= tol * |base| */
  OG_CMP_AT_LEAST,  /* perf, higher is better: cand >= base / tol */
  OG_CMP_AT_MOST,   /* perf, lower is better: cand <= base * tol */
  OG_CMP_INFO,      /* shown, never a failure */
};

/* A tolerance for metrics whose name matches `pattern` (exact, or a prefix
 * ending with '*'); the first match in a list wins. */
struct og_cmp_tol {
  const char *pattern;
  enum og_cmp_rule rule;
  double tol;
};

struct og_cmp_row {
  char *name;
  char *unit;
  int perf;          /* from /perf, not /summary */
  double base, cand; /* NaN when missing on a side */
  enum og_cmp_rule rule;
  double tol;
  int missing;       /* 1: not in the candidate; 2: new in the candidate */
  int failed;
};

struct og_cmp_report {
  struct og_cmp_row *rows;
  size_t n_rows, n_failed, n_changed;
};

/* Whether cand fails baseline b under rule (tol its factor): never for
 * info; for the others, any move between non-finite values (NaN, +inf,
 * -inf) or between one and a finite value fails, and two finite values
 * follow the rule. */
int og_cmp_fails(enum og_cmp_rule rule, double tol, double base, double cand);

/* The built-in rules: integer-valued summary metrics exact, other summary
 * metrics 1e-9 relative, requests per wall second at least a third of the
 * baseline's, wall and set-up times at most 3x, peak memory at most 2x,
 * the other /perf figures for information. `extra` (may be NULL/0) is
 * looked up first. */
extern const struct og_cmp_tol og_cmp_defaults[];
extern const size_t og_cmp_n_defaults;

/* Read a tolerance file: lines "PATTERN exact|rel X|at_least X|at_most X|info",
 * '#' comments. On success *out (n entries, patterns owned) is freed with
 * og_cmp_tols_free; errors name the file and line. */
OG_MUST_CHECK enum og_status og_cmp_tols_load(const char *path, struct og_cmp_tol **out,
                                              size_t *n, struct og_error *err);
void og_cmp_tols_free(struct og_cmp_tol *t, size_t n);

/* Compare two run results files of the same scenario, seed and overrides
 * (else OG_EINVAL: not comparable). OG_EIO / OG_EPARSE for unreadable or
 * malformed files. flags: OG_CMP_*. On success *out is owned by the caller
 * (og_cmp_report_free). */
/* Flags of og_compare. */
enum {
  OG_CMP_SIMULATED_ONLY = 1, /* /perf figures (speed, memory) shown, never judged */
};
OG_MUST_CHECK enum og_status og_compare(const char *baseline, const char *candidate,
                                        const struct og_cmp_tol *extra, size_t n_extra,
                                        unsigned flags, struct og_cmp_report **out,
                                        struct og_error *err);
void og_cmp_report_free(struct og_cmp_report *r);

#endif
