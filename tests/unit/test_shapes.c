/* Unit tests: token distributions of a model's requests (scenario keys,
 * derived parameters, the model's mean) and their draws (sample moments
 * for a fixed seed, clamps, histograms, fixed counts drawing nothing). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "arrival.h"
#include "rng.h"
#include "scenario.h"

#define N_DRAWS 200000

/* A scenario whose one model is a zoo decoder with these shape keys. */
static struct og_scenario *load(const char *prompt, const char *output, const char *name)
{
  char text[1024];
  snprintf(text, sizeof text,
           "duration: 10s\nregions: [{name: r}]\n"
           "models: [{name: llm, zoo: llama-3-8b, prompt_tokens: %s, output_tokens: %s}]\n"
           "node_classes: [{name: g, region: r, count: 1, peak: 1PFlops}]\n"
           "workload: {rate: 1/s}\n", prompt, output);
  struct og_scenario *sc = NULL;
  struct og_error err = {{0}};
  if (og_scenario_parse(text, strlen(text), name, NULL, 0, NULL, &sc, &err) != OG_OK)
    fail_msg("scenario refused: %s", err.msg);
  return sc;
}

struct moments {
  double mean, sd;
  uint32_t min, max;
};

static struct moments draw_many(const struct og_shape *s, double *sorted_out)
{
  gsl_rng *r = og_rng_new(1, OG_RNG_SHAPE, 0);
  struct moments m = {.min = UINT32_MAX};
  double sum = 0, sq = 0;
  for (size_t i = 0; i < N_DRAWS; i++) {
    uint32_t x = og_shape_draw(s, r);
    sum += x;
    sq += (double)x * x;
    m.min = x < m.min ? x : m.min;
    m.max = x > m.max ? x : m.max;
    if (sorted_out)
      sorted_out[i] = x;
  }
  gsl_rng_free(r);
  m.mean = sum / N_DRAWS;
  m.sd = sqrt(sq / N_DRAWS - m.mean * m.mean);
  return m;
}

static int cmp(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void lognormal_mean_sd(void **state)
{
  (void)state;
  struct og_scenario *sc = load("{dist: lognormal, mean: 512, sd: 300}", "64", "t.yaml");
  const struct og_model *m = &sc->models[0];
  assert_int_equal(m->prompt.dist, OG_SHAPE_LOGNORMAL);
  assert_int_equal(m->prompt_tokens, 512); /* the model is costed at the mean */
  assert_int_equal(m->output.dist, OG_SHAPE_FIXED);
  assert_int_equal(m->output.value, 64);
  struct moments x = draw_many(&m->prompt, NULL);
  if (fabs(x.mean - 512) > 0.01 * 512 || fabs(x.sd - 300) > 0.03 * 300)
    fail_msg("mean %.2f (want 512 +- 1%%), sd %.2f (want 300 +- 3%%)", x.mean, x.sd);
  assert_true(x.min >= 1);
  og_scenario_free(sc);
}

static void lognormal_median_p90(void **state)
{
  (void)state;
  struct og_scenario *sc = load("{dist: lognormal, median: 1000, p90: 3000}", "8", "t.yaml");
  double *v = malloc(N_DRAWS * sizeof *v);
  assert_non_null(v);
  draw_many(&sc->models[0].prompt, v);
  qsort(v, N_DRAWS, sizeof *v, cmp);
  double med = v[N_DRAWS / 2], p90 = v[N_DRAWS * 9 / 10];
  if (fabs(med - 1000) > 15 || fabs(p90 - 3000) > 60)
    fail_msg("median %.0f (want 1000 +- 15), p90 %.0f (want 3000 +- 60)", med, p90);
  /* mean exp(mu + sigma^2 / 2) = 1000 exp(((ln 3) / 1.28155)^2 / 2) */
  double s = log(3.0) / 1.2815515655446004;
  assert_int_equal(sc->models[0].prompt_tokens, (size_t)llround(1000 * exp(0.5 * s * s)));
  free(v);
  og_scenario_free(sc);
}

static void lognormal_clamps(void **state)
{
  (void)state;
  struct og_scenario *sc =
      load("{dist: lognormal, mean: 500, sd: 400, min: 300, max: 700}", "8", "t.yaml");
  struct moments x = draw_many(&sc->models[0].prompt, NULL);
  if (x.min != 300 || x.max != 700)
    fail_msg("draws in [%u, %u], want exactly [300, 700] (clamped)", x.min, x.max);
  og_scenario_free(sc);
  sc = load("{dist: lognormal, mean: 2, sd: 20}", "8", "t.yaml");
  x = draw_many(&sc->models[0].prompt, NULL);
  if (x.min != 1 || x.max > OG_SHAPE_MAX_DEFAULT)
    fail_msg("draws in [%u, %u], want min 1 (the default clamp)", x.min, x.max);
  og_scenario_free(sc);
}

static void uniform(void **state)
{
  (void)state;
  struct og_scenario *sc = load("16", "{dist: uniform, min: 10, max: 30}", "t.yaml");
  assert_int_equal(sc->models[0].output_tokens, 20);
  struct moments x = draw_many(&sc->models[0].output, NULL);
  double sd = sqrt((21.0 * 21.0 - 1) / 12);
  if (x.min != 10 || x.max != 30 || fabs(x.mean - 20) > 0.05 || fabs(x.sd - sd) > 0.02 * sd)
    fail_msg("[%u, %u] mean %.3f sd %.3f; want [10, 30] mean 20 sd %.3f", x.min, x.max, x.mean,
             x.sd, sd);
  og_scenario_free(sc);
}

static void histogram(void **state)
{
  (void)state;
  char dir[] = "/tmp/og-shapes-XXXXXX", csv[64], yaml[64];
  assert_non_null(mkdtemp(dir));
  snprintf(csv, sizeof csv, "%s/h.csv", dir);
  snprintf(yaml, sizeof yaml, "%s/s.yaml", dir);
  FILE *f = fopen(csv, "w");
  assert_non_null(f);
  fputs("tokens,count\n10,1\n100,2\n1000,1\n7,0\n", f);
  fclose(f);
  struct og_scenario *sc = load("{dist: histogram, file: h.csv}", "8", yaml);
  const struct og_shape *s = &sc->models[0].prompt;
  assert_int_equal(sc->models[0].prompt_tokens, 303); /* (10 + 200 + 1000) / 4 = 302.5 */
  gsl_rng *r = og_rng_new(1, OG_RNG_SHAPE, 0);
  size_t n10 = 0, n100 = 0, n1000 = 0;
  for (size_t i = 0; i < N_DRAWS; i++) {
    uint32_t x = og_shape_draw(s, r);
    n10 += x == 10;
    n100 += x == 100;
    n1000 += x == 1000;
  }
  gsl_rng_free(r);
  assert_int_equal(n10 + n100 + n1000, N_DRAWS); /* weight 0: never */
  if (fabs((double)n100 / N_DRAWS - 0.5) > 0.005 || fabs((double)n10 / N_DRAWS - 0.25) > 0.005)
    fail_msg("shares 10: %.4f, 100: %.4f (want 0.25, 0.5)", (double)n10 / N_DRAWS,
             (double)n100 / N_DRAWS);
  og_scenario_free(sc);
  unlink(csv);
  rmdir(dir);
}

/* A fixed count, as a number or {dist: fixed}, draws nothing: the stream
 * is where it was (so scenarios without distributions keep every number). */
static void fixed_draws_nothing(void **state)
{
  (void)state;
  struct og_scenario *sc = load("{dist: fixed, value: 77}", "5", "t.yaml");
  gsl_rng *r = og_rng_new(1, OG_RNG_SHAPE, 0), *ref = og_rng_new(1, OG_RNG_SHAPE, 0);
  for (int i = 0; i < 10; i++) {
    assert_int_equal(og_shape_draw(&sc->models[0].prompt, r), 77);
    assert_int_equal(og_shape_draw(&sc->models[0].output, r), 5);
  }
  assert_int_equal(og__rng_next64(r), og__rng_next64(ref));
  gsl_rng_free(r);
  gsl_rng_free(ref);
  og_scenario_free(sc);
}

/* A model given by flops whose request and response sizes are req / resp. */
static struct og_scenario *load_sizes(const char *req, const char *resp)
{
  char text[1024];
  snprintf(text, sizeof text,
           "duration: 10s\nregions: [{name: r}]\n"
           "models: [{name: m, flops: 1GFlop, request_bytes: %s, response_bytes: %s}]\n"
           "node_classes: [{name: g, region: r, count: 1, peak: 1PFlops}]\n"
           "workload: {rate: 1/s}\n", req, resp);
  struct og_scenario *sc = NULL;
  struct og_error err = {{0}};
  if (og_scenario_parse(text, strlen(text), "s.yaml", NULL, 0, NULL, &sc, &err) != OG_OK)
    fail_msg("scenario refused: %s", err.msg);
  return sc;
}

/* Sizes: units in every parameter, doubles past 2^32 bytes, not rounded;
 * the model's figure is the mean; a plain size is fixed and draws nothing. */
static void sizes(void **state)
{
  (void)state;
  struct og_scenario *sc =
      load_sizes("{dist: uniform, min: 5GB, max: 9GB}", "{dist: lognormal, median: 0.5MB, "
                 "p90: 2MB, min: 0.25MB, max: 5MB}");
  const struct og_model *m = &sc->models[0];
  assert_true(m->request_size.min == 5e9 && m->request_size.max == 9e9);
  assert_true(m->request_bytes == 7e9);
  double s = log(4.0) / 1.2815515655446004;
  assert_true(fabs(m->response_bytes - 0.5e6 * exp(0.5 * s * s)) < 1e-6);
  gsl_rng *r = og_rng_new(1, OG_RNG_PAYLOAD, 0);
  int fractional = 0;
  for (int i = 0; i < 10000; i++) {
    double q = og_shape_draw_size(&m->request_size, r);
    double x = og_shape_draw_size(&m->response_size, r);
    if (!(q >= 5e9 && q < 9e9) || !(x >= 0.25e6 && x <= 5e6))
      fail_msg("draw %d: request %.0f B, response %.0f B out of bounds", i, q, x);
    fractional += x != floor(x);
  }
  assert_true(fractional > 6000); /* not rounded to whole bytes (26% sit on a clamp) */
  gsl_rng_free(r);
  og_scenario_free(sc);
  sc = load_sizes("8kB", "{dist: fixed, value: 2kB}");
  m = &sc->models[0];
  assert_int_equal(m->request_size.dist, OG_SHAPE_FIXED);
  assert_true(m->request_size.value == 8000 && m->response_bytes == 2000);
  og_scenario_free(sc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(lognormal_mean_sd), cmocka_unit_test(lognormal_median_p90),
    cmocka_unit_test(lognormal_clamps),  cmocka_unit_test(uniform),
    cmocka_unit_test(histogram),         cmocka_unit_test(fixed_draws_nothing),
    cmocka_unit_test(sizes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
