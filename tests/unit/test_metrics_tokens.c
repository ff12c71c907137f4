/* Unit tests: the LLM token metrics of og_metrics from hand-made records:
 * TTFT, TPOT and E2E percentiles overall, per model and per region,
 * goodput under the SLOs, tokens per second, cost per million tokens, the
 * iteration counters, and their absence when a run has none. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "metrics.h"
#include "scenario.h"
#include "stats.h"

/* Models a (own TTFT bound 0.5 s), b (the scenario's bounds), c (not an
 * LLM); regions r1, r2 with one client each (client i in region ri+1). */
static const char scenario[] =
  "duration: 10s\n"
  "regions: [{name: r1}, {name: r2}]\n"
  "models:\n"
  "  - {name: a, flops: 1TFlop, slo: {ttft: 500ms}}\n"
  "  - {name: b, flops: 1TFlop}\n"
  "  - {name: c, flops: 1TFlop}\n"
  "node_classes:\n"
  "  - {name: x, region: r1, count: 2, peak: 1TFlops, cost: 3.6/h}\n"
  "  - {name: y, region: r2, count: 1, peak: 1TFlops, cost: 3.6/h}\n"
  "workload: {rate: 10/s}\n"
  "slo: {ttft: 1s, tpot: 125ms}\n";

struct rec {
  uint32_t model, client, prompt, out;
  double t_issue, t_start, t_first, t_finish, t_done;
  int status;
};

/* TTFT = (t_done - t_issue) - (t_finish - t_first), TPOT = (t_finish -
 * t_first) / (out - 1); dyadic times, so every value below is exact. */
static const struct rec recs[] = {
  {2, 0, 0, 0, 1.0, 1.0, 2.0, 2.0, 2.5, OG_REC_OK},      /* not LLM: service 1 */
  {0, 0, 10, 5, 1.0, 1.0, 1.25, 1.75, 2.0, OG_REC_OK},   /* TTFT .5, TPOT .125: good */
  {0, 1, 20, 3, 1.0, 1.25, 1.5, 1.75, 2.25, OG_REC_OK},  /* TTFT 1.0 > .5, TPOT .125 */
  {1, 0, 30, 1, 1.0, 1.0, 1.5, 1.5, 1.75, OG_REC_OK},    /* TTFT .75, no TPOT: good */
  {1, 1, 40, 9, 1.0, 1.75, 1.25, 2.25, 3.0, OG_REC_OK},  /* TTFT 1.0, TPOT .125: good */
  {0, 0, 8, 2, 11.0, 11.0, 11.25, 11.5, 12.0, OG_REC_OK}, /* after the window */
  {0, 1, 50, 7, 1.0, 1.0, 1.25, 1.75, 2.0, OG_REC_FAILED},
};
#define N_RECS (sizeof recs / sizeof recs[0])

struct fixture {
  struct og_scenario *sc;
  struct og_metrics *m;
  struct og_node_stats ns[3];
  struct og_cheat_stats cs[3];
  int dishonest[3];
};

/* The scenario, its first `llms` models LLMs (as zoo decoders); then the
 * metrics of its three nodes (classes x, x, y). */
static void parse(struct fixture *f, size_t llms)
{
  struct og_error err = {{0}};
  memset(f, 0, sizeof *f);
  assert_int_equal(og_scenario_parse(scenario, strlen(scenario), "t.yaml", NULL, 0, NULL, &f->sc,
                                     &err), OG_OK);
  for (size_t i = 0; i < llms; i++)
    f->sc->models[i].output_tokens = 4;
}

static void start(struct fixture *f)
{
  uint32_t cls[3] = {0, 0, 1};
  assert_int_equal(og_metrics_new(f->sc, 3, cls, &f->m), OG_OK);
}

static void run(struct fixture *f, int mode, size_t exact_max)
{
  parse(f, 2);
  f->sc->quantiles = mode;
  start(f);
  og__metrics_exact_max(f->m, exact_max);
  for (size_t i = 0; i < N_RECS; i++) {
    const struct rec *r = &recs[i];
    struct og_req_record rec = {.id = i, .client = r->client, .model = r->model,
                                .status = r->status, .t_issue = r->t_issue,
                                .t_ready = r->t_issue, .t_start = r->t_start,
                                .t_finish = r->t_finish, .t_first = r->t_first,
                                .t_done = r->t_done, .prompt_tokens = r->prompt,
                                .output_tokens = r->out};
    og_metrics_issued(f->m, r->t_issue, r->model);
    assert_int_equal(og_metrics_resolved(f->m, &rec), OG_OK);
  }
  f->cs[0].busy_all = 3600; /* 3.6 of compute cost */
  assert_int_equal(og_metrics_finish(f->m, f->ns, f->cs, f->dishonest, 12, 20), OG_OK);
}

static void done(struct fixture *f)
{
  og_metrics_free(f->m);
  og_scenario_free(f->sc);
}

/* The summary value named `name`; fails when it is absent. */
static double sum(const struct fixture *f, const char *name)
{
  size_t n;
  const struct og_scalar *s = og_metrics_summary(f->m, &n);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(s[i].name, name))
      return s[i].value;
  fail_msg("no summary entry '%s'", name);
  return NAN;
}

static int has(const struct fixture *f, const char *name)
{
  size_t n;
  const struct og_scalar *s = og_metrics_summary(f->m, &n);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(s[i].name, name))
      return 1;
  return 0;
}

static const struct og_table *table(const struct fixture *f, const char *name)
{
  size_t n;
  const struct og_table *t = og_metrics_tables(f->m, &n);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(t[i].name, name))
      return &t[i];
  return NULL;
}

/* Row `row` of the number column `col` of table `name` (F64, or I64 for
 * a count). */
static double cell(const struct fixture *f, const char *name, const char *col, size_t row)
{
  const struct og_table *t = table(f, name);
  assert_non_null(t);
  assert_in_range(row, 0, t->n_rows - 1);
  for (size_t c = 0; c < t->n_cols; c++)
    if (!strcmp(t->cols[c].name, col)) {
      if (t->cols[c].type == OG_COL_I64)
        return (double)((const int64_t *)t->cols[c].data)[row];
      assert_int_equal(t->cols[c].type, OG_COL_F64);
      return ((const double *)t->cols[c].data)[row];
    }
  fail_msg("no column '%s' in /%s", col, name);
  return NAN;
}

/* Bit for bit (NaN equals NaN), printing both values. */
static void exact(double got, double want, const char *expr, int line)
{
  if (!(got == want || (isnan(got) && isnan(want))))
    fail_msg("line %d: %s: got %.17g, want %.17g", line, expr, got, want);
}
#define EXACT(got, want) exact((got), (want), #got, __LINE__)

static double pct(const double *sorted, size_t n, double q)
{
  return og_percentile_sorted(sorted, n, q);
}

static void overall_exact(void **state)
{
  (void)state;
  struct fixture f;
  run(&f, OG_QUANTILES_EXACT, 1000);
  EXACT(sum(&f, "llm_requests"), 4);
  EXACT(sum(&f, "input_tokens_per_s"), 10);   /* 100 tokens / 10 s */
  EXACT(sum(&f, "output_tokens_per_s"), 1.8); /* 18 / 10 s */
  static const double ttft[] = {0.5, 0.75, 1.0, 1.0}, tpot[] = {0.125, 0.125, 0.125};
  static const double e2e[] = {0.75, 1.0, 1.25, 2.0};
  EXACT(sum(&f, "ttft_mean"), 0.8125);
  EXACT(sum(&f, "ttft_p50"), 0.875);
  EXACT(sum(&f, "ttft_p95"), pct(ttft, 4, 0.95));
  EXACT(sum(&f, "ttft_p99"), 1.0);
  EXACT(sum(&f, "tpot_mean"), 0.125);
  EXACT(sum(&f, "tpot_p50"), 0.125);
  EXACT(sum(&f, "tpot_p99"), pct(tpot, 3, 0.99));
  EXACT(sum(&f, "e2e_mean"), 1.25);
  EXACT(sum(&f, "e2e_p50"), 1.125);
  EXACT(sum(&f, "e2e_p95"), pct(e2e, 4, 0.95));
  EXACT(sum(&f, "e2e_p99"), pct(e2e, 4, 0.99));
  EXACT(sum(&f, "goodput"), 0.3); /* 3 of 4 within their bounds, over 10 s */
  EXACT(sum(&f, "goodput_share"), 0.75);
  /* compute over 20 output tokens (the one after the window too), 128 in all */
  double cc = sum(&f, "compute_cost");
  assert_true(fabs(cc - 3.6) < 1e-12);
  EXACT(sum(&f, "cost_per_million_output_tokens"), 1e6 * (cc / 20));
  EXACT(sum(&f, "cost_per_million_tokens"), 1e6 * (cc / 128));
  EXACT(sum(&f, "latency_p50"), 1.25); /* all five: .75 1 1.25 1.5 2 */
  done(&f);
}

static void per_model_and_region(void **state)
{
  (void)state;
  struct fixture f;
  run(&f, OG_QUANTILES_EXACT, 1000);
  const struct og_table *t = table(&f, "tokens_by_model");
  assert_non_null(t);
  assert_int_equal(t->n_rows, 3);
  assert_string_equal(((const char *const *)t->cols[0].data)[1], "b");
  EXACT(cell(&f, "tokens_by_model", "requests", 0), 2);
  EXACT(cell(&f, "tokens_by_model", "output_tokens", 0), 8);
  EXACT(cell(&f, "tokens_by_model", "ttft_p50", 0), 0.75);  /* .5, 1 */
  EXACT(cell(&f, "tokens_by_model", "ttft_p50", 1), 0.875); /* .75, 1 */
  EXACT(cell(&f, "tokens_by_model", "tpot_mean", 1), 0.125); /* one request of 2+ tokens */
  EXACT(cell(&f, "tokens_by_model", "goodput_share", 0), 0.5); /* a's own 0.5 s TTFT bound */
  EXACT(cell(&f, "tokens_by_model", "goodput_share", 1), 1);
  EXACT(cell(&f, "tokens_by_model", "input_tokens_per_s", 1), 7);
  assert_true(isnan(cell(&f, "tokens_by_model", "ttft_p50", 2)));
  EXACT(cell(&f, "tokens_by_model", "requests", 2), 0);
  /* cost split by service time (a 1.75 s, b 1 s, c 1 s), over each
   * model's output tokens of the whole run (a 10, b 10) */
  double cc = sum(&f, "compute_cost");
  EXACT(cell(&f, "tokens_by_model", "cost_per_million_output_tokens", 0),
        1e6 * (cc * (1.75 / 3.75) / 10));
  EXACT(cell(&f, "tokens_by_model", "cost_per_million_output_tokens", 1),
        1e6 * (cc * (1.0 / 3.75) / 10));
  /* each model's bounds: a's own TTFT, the scenario's for the rest */
  EXACT(cell(&f, "tokens_by_model", "slo_ttft", 0), 0.5);
  EXACT(cell(&f, "tokens_by_model", "slo_ttft", 1), 1);
  EXACT(cell(&f, "tokens_by_model", "slo_tpot", 0), 0.125);
  EXACT(cell(&f, "tokens_by_model", "slo_tpot", 2), 0.125);
  EXACT(cell(&f, "tokens_by_region", "ttft_mean", 0), 0.625); /* r1: .5, .75 */
  EXACT(cell(&f, "tokens_by_region", "ttft_mean", 1), 1.0);   /* r2: 1, 1 */
  EXACT(cell(&f, "tokens_by_region", "e2e_p50", 1), 1.625);
  EXACT(cell(&f, "tokens_by_region", "goodput", 1), 0.1);
  done(&f);
}

/* Switching to sketches after 2 completions gives the sketch-from-the-
 * start numbers; counts, goodput and costs are those of the exact run,
 * percentiles within the sketch's 1%. */
static void sketch_modes(void **state)
{
  (void)state;
  static const char *const same[] = {"llm_requests", "output_tokens_per_s", "goodput",
                                     "goodput_share", "cost_per_million_output_tokens",
                                     "ttft_mean", "ttft_p99", "tpot_p50", "e2e_p95"};
  struct fixture ex, sw, sk;
  run(&ex, OG_QUANTILES_EXACT, 1000);
  run(&sw, OG_QUANTILES_EXACT, 2);
  run(&sk, OG_QUANTILES_SKETCH, 1000);
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
    EXACT(sum(&sw, same[i]), sum(&sk, same[i]));
  for (size_t i = 0; i < 6; i++)
    EXACT(sum(&sk, same[i]), sum(&ex, same[i]));
  assert_true(fabs(sum(&sk, "ttft_p99") - 1.0) <= 0.01);
  assert_true(fabs(sum(&sk, "tpot_p50") - 0.125) <= 0.01 * 0.125);
  assert_true(fabs(cell(&sk, "tokens_by_region", "ttft_p50", 1) - 1.0) <= 0.01);
  done(&ex);
  done(&sw);
  done(&sk);
}

/* No class runs the continuous engine: the iteration entries are left
 * out; with one, batch and tokens per iteration, KV use over its nodes. */
static void iterations(void **state)
{
  (void)state;
  struct fixture f;
  run(&f, OG_QUANTILES_EXACT, 1000);
  assert_false(has(&f, "iterations"));
  assert_false(has(&f, "kv_utilisation"));
  f.sc->classes[0].serving = OG_SERVING_CONTINUOUS;
  f.sc->classes[0].memory = 80e9;
  f.ns[0] = (struct og_node_stats){.iterations = 4, .iter_seqs = 10, .iter_tokens = 100,
                                   .kv_used = 5, .preemptions = 1};
  f.ns[1].preemptions = 2;
  assert_int_equal(og_metrics_finish(f.m, f.ns, f.cs, f.dishonest, 12, 20), OG_OK);
  EXACT(sum(&f, "iterations"), 4);
  EXACT(sum(&f, "iteration_batch_mean"), 2.5);
  EXACT(sum(&f, "iteration_tokens_mean"), 25);
  EXACT(sum(&f, "kv_utilisation"), 0.25); /* 5 node-s over 10 s x class x's 2 nodes */
  EXACT(sum(&f, "preemptions"), 3);
  done(&f);
}

/* A mix with LLM models but no LLM request completed: the entries are
 * there (every run of a sweep has the same), counts 0, statistics NaN. */
static void llm_none_completed(void **state)
{
  (void)state;
  struct fixture f;
  parse(&f, 1);
  start(&f);
  assert_int_equal(og_metrics_finish(f.m, f.ns, f.cs, f.dishonest, 3, 20), OG_OK);
  EXACT(sum(&f, "llm_requests"), 0);
  EXACT(sum(&f, "output_tokens_per_s"), 0);
  EXACT(sum(&f, "ttft_p99"), NAN);
  EXACT(sum(&f, "goodput"), 0);
  EXACT(sum(&f, "goodput_share"), NAN);
  EXACT(sum(&f, "cost_per_million_output_tokens"), NAN);
  assert_non_null(table(&f, "tokens_by_model"));
  EXACT(cell(&f, "tokens_by_region", "requests", 1), 0);
  done(&f);
}

/* Without any SLO bound, the model table's bounds are NaN. */
static void slo_none(void **state)
{
  (void)state;
  struct fixture f;
  parse(&f, 1);
  f.sc->slo = (struct og_slo){0};
  f.sc->models[0].slo = (struct og_slo){0};
  start(&f);
  assert_int_equal(og_metrics_finish(f.m, f.ns, f.cs, f.dishonest, 3, 20), OG_OK);
  for (size_t r = 0; r < 3; r++) {
    EXACT(cell(&f, "tokens_by_model", "slo_ttft", r), NAN);
    EXACT(cell(&f, "tokens_by_model", "slo_tpot", r), NAN);
  }
  assert_false(has(&f, "goodput"));
  done(&f);
}

/* No model of the mix has output tokens: no token entry, no token table. */
static void no_llm(void **state)
{
  (void)state;
  struct fixture f;
  parse(&f, 0);
  start(&f);
  struct og_req_record rec = {.model = 2, .status = OG_REC_OK, .t_issue = 1, .t_ready = 1,
                              .t_start = 1, .t_finish = 2, .t_first = 2, .t_done = 2.5};
  assert_int_equal(og_metrics_resolved(f.m, &rec), OG_OK);
  assert_int_equal(og_metrics_finish(f.m, f.ns, f.cs, f.dishonest, 3, 20), OG_OK);
  assert_false(has(&f, "ttft_p99"));
  assert_false(has(&f, "llm_requests"));
  assert_false(has(&f, "goodput"));
  assert_true(has(&f, "latency_p99"));
  assert_null(table(&f, "tokens_by_model"));
  assert_null(table(&f, "tokens_by_region"));
  done(&f);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(overall_exact),
    cmocka_unit_test(per_model_and_region),
    cmocka_unit_test(sketch_modes),
    cmocka_unit_test(iterations),
    cmocka_unit_test(llm_none_completed),
    cmocka_unit_test(slo_none),
    cmocka_unit_test(no_llm),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
