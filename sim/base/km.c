/* Kaplan-Meier product-limit estimator (Kaplan & Meier, JASA 53(282),
 * 1958), Greenwood's variance, a log-log 95% band, the median and its
 * interval read off the band, and the restricted mean. */
#include <math.h>
#include <stdlib.h>

#include "km.h"

/* Two-sided 95% standard normal quantile. */
#define Z95 1.959963984540054

static int by_time(const void *pa, const void *pb)
{
  const struct og_km_obs *a = pa, *b = pb;
  if (a->t != b->t)
    return (a->t > b->t) - (a->t < b->t);
  return (b->event != 0) - (a->event != 0); /* events before censorings */
}

static void reset(struct og_km *km, size_t n)
{
  *km = (struct og_km){.n = n, .t_max = NAN, .median = NAN, .median_lo = NAN,
                       .median_hi = NAN, .rmst = NAN};
}

/* The log-log band at one step (Kalbfleisch & Prentice, The Statistical
 * Analysis of Failure Time Data, 2nd ed., 2002, 1.4; Klein & Moeschberger,
 * Survival Analysis, 2nd ed., 2003, eq. 4.3.2): with Greenwood's
 * var(log S) = sum d/(Y (Y - d)) = v, theta = exp(z sqrt(v) / log S), the
 * band is [S^(1/theta), S^theta]. At S = 0 (everyone left had the event)
 * the band is [0, 0]. */
static void band(double s, double v, double *lo, double *hi)
{
  if (s <= 0) {
    *lo = *hi = 0;
    return;
  }
  double theta = exp(Z95 * sqrt(v) / log(s));
  *lo = pow(s, 1 / theta);
  *hi = pow(s, theta);
}

/* The first step at which curve c is <= 1/2, or NaN. A product that is
 * 1/2 in exact arithmetic (10 of 20 events) may round just above it: the
 * comparison allows 1e-9. */
static double first_half(const struct og_km *km, const double *c)
{
  for (size_t i = 0; i < km->n_steps; i++)
    if (c[i] <= 0.5 + 1e-9)
      return km->t[i];
  return NAN;
}

/* Walk the sorted sample: one step per distinct event time, with Y at
 * risk just before it and d events at it (censorings at the same time
 * count as at risk: the usual convention). */
static void steps(struct og_km *km, const struct og_km_obs *obs, size_t n)
{
  double s = 1, v = 0, area = 0, prev = 0;
  size_t i = 0;
  while (i < n) {
    double t = obs[i].t;
    size_t d = 0, c = 0, at_risk = n - i;
    for (; i < n && obs[i].t == t; i++)
      obs[i].event ? d++ : c++;
    km->n_events += d;
    km->n_censored += c;
    if (!d)
      continue;
    area += s * (t - prev);
    prev = t;
    s *= 1 - (double)d / (double)at_risk;
    if (d < at_risk)
      v += (double)d / ((double)at_risk * (double)(at_risk - d));
    size_t k = km->n_steps++;
    km->t[k] = t;
    km->surv[k] = s;
    band(s, v, &km->lo[k], &km->hi[k]);
  }
  km->rmst = area + s * (km->t_max - prev);
}

/* The median's interval is the set of t whose band holds 1/2, from the
 * first step where the lower curve reaches 1/2 to the first where the
 * upper one does: Brookmeyer & Crowley's test-inversion interval
 * (Biometrics 38(1), 1982) on the log-log scale (Klein & Moeschberger,
 * 4.5; R survival's quantile.survfit with conf.type = "log-log"). The
 * restricted mean integrates the step curve from 0 to the largest time
 * observed (Klein & Moeschberger, 4.5; Royston & Parmar, BMC Med. Res.
 * Methodol. 13:152, 2013). */
enum og_status og_km_fit(struct og_km *km, struct og_km_obs *obs, size_t n)
{
  reset(km, n);
  for (size_t i = 0; i < n; i++)
    if (!isfinite(obs[i].t) || obs[i].t < 0)
      return OG_EINVAL;
  if (!n)
    return OG_OK;
  qsort(obs, n, sizeof *obs, by_time);
  double *mem = malloc(4 * n * sizeof *mem);
  if (!mem)
    return OG_ENOMEM;
  km->t = mem;
  km->surv = mem + n;
  km->lo = mem + 2 * n;
  km->hi = mem + 3 * n;
  km->t_max = obs[n - 1].t;
  steps(km, obs, n);
  km->median = first_half(km, km->surv);
  km->median_lo = first_half(km, km->lo);
  km->median_hi = first_half(km, km->hi);
  return OG_OK;
}

void og_km_fini(struct og_km *km)
{
  if (!km)
    return;
  free(km->t);
  reset(km, 0);
}
