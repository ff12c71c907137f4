/* Kaplan-Meier estimates of a right-censored sample: the survival curve
 * with a pointwise 95% band, the median with its 95% interval, and the
 * mean restricted to the largest observed time (RMST). */
#ifndef OG_KM_H
#define OG_KM_H

#include <stddef.h>

#include "status.h"

/* One subject: the time (or count) it was last seen at, and whether the
 * event was observed then (1) or the subject was censored there (0). */
struct og_km_obs {
  double t;
  int event;
};

/* The fit. The curve is a step function: S(t) = 1 before t[0], surv[i] on
 * [t[i], t[i+1]), with one step per distinct event time. */
struct og_km {
  size_t n, n_events, n_censored;
  size_t n_steps;
  double *t;          /* [n_steps] distinct event times, ascending */
  double *surv;       /* [n_steps] S just after t[i] */
  double *lo, *hi;    /* [n_steps] 95% pointwise band (log-log, see km.c) */
  double t_max;       /* largest time observed, event or censored; NaN if n == 0 */
  double median;      /* smallest t[i] with surv <= 1/2 (+1e-9); NaN if never */
  double median_lo;   /* smallest t[i] with lo <= 1/2... */
  double median_hi;   /* ...and with hi <= 1/2: the median's 95% interval
                         (km.c), each bound NaN when its curve stays above 1/2 */
  double rmst;        /* integral of S from 0 to t_max; NaN if n == 0 */
};

/* Fit obs[0..n) (reordered: sorted by time, events first at equal times)
 * into *km, which owns its arrays afterwards (og_km_fini). Times must be
 * finite and >= 0: OG_EINVAL otherwise. On failure *km holds no memory and
 * its numbers are NaN. n == 0 is valid: no steps, NaN estimates. */
OG_MUST_CHECK enum og_status og_km_fit(struct og_km *km, struct og_km_obs *obs, size_t n);
/* Free km's arrays (km may be NULL or already fini'd). */
void og_km_fini(struct og_km *km);

#endif
