/* Unit tests: the metrics' switch from exact percentiles to sketches past
 * the limit, against sketching from the start and against exact. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "metrics.h"
#include "scenario.h"

#define N 20000

static struct og_scenario *golden(void)
{
  char path[4096];
  const char *src = getenv("OGSIM_SOURCE_DIR");
  struct og_scenario *sc = NULL;
  struct og_error err = {{0}};
  snprintf(path, sizeof path, "%s/tests/scenarios/golden.yaml", src ? src : ".");
  assert_int_equal(og_scenario_load(path, NULL, 0, NULL, &sc, &err), OG_OK);
  return sc;
}

/* N seeded completions (some issued before the warm-up ends, some after
 * the window) into a metrics of the mode given; its summary values, in
 * order, in out (which must hold them all). */
static size_t run(struct og_scenario *sc, int mode, size_t exact_max, double *out)
{
  size_t nn = og_scenario_node_count(sc), n = 0;
  uint32_t *cls = calloc(nn, sizeof *cls);
  struct og_node_stats *ns = calloc(nn, sizeof *ns);
  struct og_cheat_stats *cs = calloc(nn, sizeof *cs);
  int *dis = calloc(nn, sizeof *dis);
  struct og_metrics *m = NULL;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, 5);
  sc->quantiles = mode;
  assert_int_equal(og_metrics_new(sc, nn, cls, &m), OG_OK);
  og__metrics_exact_max(m, exact_max);
  for (uint64_t i = 0; i < N; i++) {
    double t = gsl_rng_uniform(r) * sc->duration * 1.1, q = gsl_ran_exponential(r, 0.01);
    double sv = 0.02 + gsl_ran_lognormal(r, -4, 1);
    struct og_req_record rec = {.id = i, .model = (uint32_t)(i % 2), /* per-model sketches too */
                                .status = OG_REC_OK, .t_issue = t, .t_ready = t,
                                .t_start = t + q, .t_finish = t + q + sv,
                                .t_done = t + q + sv + 0.05};
    og_metrics_issued(m, t, rec.model);
    assert_int_equal(og_metrics_resolved(m, &rec), OG_OK);
  }
  assert_int_equal(og_metrics_finish(m, ns, cs, dis, sc->duration * 2, sc->duration * 3), OG_OK);
  const struct og_scalar *s = og_metrics_summary(m, &n);
  for (size_t i = 0; i < n; i++)
    out[i] = s[i].value;
  og_metrics_free(m);
  gsl_rng_free(r);
  free(cls);
  free(ns);
  free(cs);
  free(dis);
  return n;
}

static size_t index_of(struct og_scenario *sc, const char *name)
{
  size_t nn = og_scenario_node_count(sc), n = 0, k = SIZE_MAX;
  uint32_t *cls = calloc(nn, sizeof *cls);
  struct og_node_stats *ns = calloc(nn, sizeof *ns);
  struct og_cheat_stats *cs = calloc(nn, sizeof *cs);
  int *dis = calloc(nn, sizeof *dis);
  struct og_metrics *m = NULL;
  assert_int_equal(og_metrics_new(sc, nn, cls, &m), OG_OK);
  assert_int_equal(og_metrics_finish(m, ns, cs, dis, 1, 2), OG_OK);
  const struct og_scalar *s = og_metrics_summary(m, &n);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(s[i].name, name))
      k = i;
  og_metrics_free(m);
  free(cls);
  free(ns);
  free(cs);
  free(dis);
  assert_true(k != SIZE_MAX);
  return k;
}

static int same(double a, double b)
{
  return a == b || (isnan(a) && isnan(b));
}

/* Past the limit the samples kept go into the sketches: the same summary,
 * bit for bit, as sketching from the first request; percentiles within 1%
 * of the exact run's; the flags say which. */
static void switch_past_limit(void **state)
{
  (void)state;
  struct og_scenario *sc = golden();
  double exact[256], switched[256], sketch[256];
  size_t n = run(sc, OG_QUANTILES_EXACT, SIZE_MAX, exact);
  assert_true(n < 256);
  assert_int_equal(run(sc, OG_QUANTILES_EXACT, N / 3, switched), n);
  assert_int_equal(run(sc, OG_QUANTILES_SKETCH, SIZE_MAX, sketch), n);
  for (size_t i = 0; i < n; i++)
    if (!same(switched[i], sketch[i]))
      fail_msg("entry %zu: switched %.17g, sketch %.17g", i, switched[i], sketch[i]);
  size_t fl = index_of(sc, "latency_quantiles_exact"), er = index_of(sc, "latency_quantile_error");
  assert_true(exact[fl] == 1 && exact[er] == 0);
  assert_true(sketch[fl] == 0 && sketch[er] == 0.01);
  const char *pct[] = {"latency_p50", "latency_p95", "latency_p99", "queue_delay_p99"};
  for (size_t j = 0; j < 4; j++) {
    size_t k = index_of(sc, pct[j]);
    if (!(fabs(sketch[k] - exact[k]) <= 0.01 * exact[k]))
      fail_msg("%s: sketch %.17g, exact %.17g", pct[j], sketch[k], exact[k]);
  }
  size_t mx = index_of(sc, "latency_max"), mean = index_of(sc, "latency_mean");
  assert_true(sketch[mx] == exact[mx]);
  assert_true(fabs(sketch[mean] - exact[mean]) <= 1e-12 * exact[mean]);
  /* at the limit exactly: still exact */
  assert_int_equal(run(sc, OG_QUANTILES_EXACT, N, switched), n);
  for (size_t i = 0; i < n; i++)
    if (!same(switched[i], exact[i]))
      fail_msg("entry %zu: at the limit %.17g, exact %.17g", i, switched[i], exact[i]);
  og_scenario_free(sc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {cmocka_unit_test(switch_past_limit)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
