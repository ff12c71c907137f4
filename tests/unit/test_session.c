/* Unit tests: session laws of churning nodes (docs/churn.md) read from a
 * scenario, their fresh draws' means, and the stationary residual's mean
 * E[S^2] / (2 E[S]), within 5 standard errors of a million draws. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rng.h"
#include "scenario.h"
#include "session.h"

#define N 1000000

static const char *const text_fmt =
    "duration: 10s\n"
    "regions: [{name: r}]\n"
    "models: [{name: m, flops: 1GFlop}]\n"
    "node_classes:\n"
    "  - {name: c, region: r, count: 10, peak: 1TFlops,\n"
    "     churn: {join_rate: 1/s, session: %s}}\n"
    "workload: {rate: 1/s}\n";

/* The class's session law as the loader reads it. */
static struct og_session load(const char *session)
{
  char text[1024];
  snprintf(text, sizeof text, text_fmt, session);
  struct og_scenario *sc = NULL;
  struct og_error err = {0};
  enum og_status st = og_scenario_parse(text, strlen(text), "t.yaml", NULL, 0, NULL, &sc, &err);
  if (st != OG_OK)
    print_error("%s\n", err.msg);
  assert_int_equal(st, OG_OK);
  assert_true(sc->classes[0].churn.on);
  assert_int_equal(sc->classes[0].churn.initial, 10);
  struct og_session s = sc->classes[0].churn.session;
  og_scenario_free(sc);
  return s;
}

/* Mean of N draws within 5 standard errors of want (sd: of one draw). */
static void check_mean(const struct og_session *s, int residual, double want, double sd)
{
  gsl_rng *r = og_rng_new(5, OG_RNG_CHURN, residual);
  double sum = 0;
  for (int i = 0; i < N; i++)
    sum += residual ? og_session_residual(s, r) : og_session_draw(s, r);
  gsl_rng_free(r);
  double got = sum / N, se = sd / sqrt(N);
  print_message("  %s mean %.4f, want %.4f +- %.4f\n", residual ? "residual" : "fresh", got, want,
                5 * se);
  assert_true(fabs(got - want) <= 5 * se);
}

static void exponential(void **state)
{
  (void)state;
  struct og_session s = load("{dist: exponential, mean: 20s}");
  assert_true(s.mean == 20);
  check_mean(&s, 0, 20, 20);
  check_mean(&s, 1, 20, 20); /* memoryless: the residual is the law itself */
}

/* Weibull shape 0.5, mean 20: scale 10; E[S^2] = scale^2 Gamma(5) = 2400,
 * residual mean 60, E[R^2] = E[S^3] / (3 m) = 1000 x 720 / 60 = 12000. */
static void weibull(void **state)
{
  (void)state;
  struct og_session s = load("{dist: weibull, shape: 0.5, mean: 20s}");
  assert_true(fabs(s.scale - 10) < 1e-12);
  check_mean(&s, 0, 20, sqrt(2400 - 400));
  check_mean(&s, 1, 60, sqrt(12000 - 3600));
  struct og_session t = load("{dist: weibull, shape: 0.5, scale: 10s}");
  assert_true(fabs(t.mean - 20) < 1e-12);
}

/* Lognormal mean 20, sd 40: sigma^2 = ln 5, E[S^2] = 2000 (residual mean
 * 50), E[S^3] = 8000 x 5^3 = 1e6 (E[R^2] = 1e6 / 60). */
static void lognormal(void **state)
{
  (void)state;
  struct og_session s = load("{dist: lognormal, mean: 20s, sd: 40s}");
  assert_true(fabs(s.mean - 20) < 1e-9);
  assert_true(fabs(s.sigma * s.sigma - log(5)) < 1e-12);
  check_mean(&s, 0, 20, 40);
  check_mean(&s, 1, 50, sqrt(1e6 / 60 - 2500));
  struct og_session t = load("{dist: lognormal, median: 10s, p90: 50s}");
  assert_true(fabs(t.mu - log(10)) < 1e-12 && t.mean > 10);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(exponential),
    cmocka_unit_test(weibull),
    cmocka_unit_test(lognormal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
